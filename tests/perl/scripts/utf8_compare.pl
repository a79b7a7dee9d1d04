# Character strings against byte strings in comparisons (perlop "Equality Operators", "Relational Operators"):
# the byte string's bytes are Latin-1 characters, so "\xE9" eq "é" (use utf8); sort and cmp order by characters.
use strict;
use warnings;
use utf8;
binmode STDOUT, ':utf8';
my $bytes = "\xE9";       # a byte string
my $u = "é";              # a character string (U+00E9)
my $w = "\x{263A}";
print utf8::is_utf8($bytes) ? 1 : 0, utf8::is_utf8($u) ? 1 : 0, "\n";
for my $pair ([$bytes, $u], [$u, $bytes], ["caf\xE9", "café"], ["\xE9t\xE9", "été!"], ["\xFF", $w], ["z", "é"],
              ["\xE9", "ê"], ["é", "\xEA"], ["", "é"], ["abc", "abc"], ["\xE9\xE9", "é"]) {
    my ($x, $y) = @$pair;
    print join(" ", map { $_ ? 1 : 0 } $x eq $y, $x ne $y, $x lt $y, $x gt $y, $x le $y, $x ge $y),
        " cmp=", $x cmp $y, " rev=", $y cmp $x, "\n";
}
my @words = ("\xE9t\xE9", "été", "ete", "\x{263A}", "\xFF", "Zoé", "zo\xE9", "é", "\xE8", "a");
print join(",", sort @words), "\n";
print join(",", sort { $a cmp $b } @words), "\n";
print join(",", sort { $b cmp $a } @words), "\n";
print join(",", reverse sort @words), "\n";
print join(",", sort { lc($a) cmp lc($b) or $a cmp $b } @words), "\n";
my @hits = grep { $_ eq "\xE9t\xE9" } @words;
print scalar(@hits), "\n";
use List::Util qw(minstr maxstr first);
print minstr("\xFF", "é", "\xE8"), " ", maxstr("\xE9", "ê", "\xE8"), " ", (first { $_ eq "zoé" } @words), "\n";
print "\xE9" =~ /^é$/ ? "match\n" : "no match\n";
# the same bytes as a byte literal and as a character literal are two strings (neither takes the other's flag)
my ($enc, $txt) = ("\xc3\xa9", "é");
print length($enc), length($txt), " ", $enc eq $txt ? "eq" : "ne", " ", $enc eq "\xc3\xa9" ? "eq" : "ne", "\n";
my %seen = ("\xc3\xa9" => "bytes", "é" => "chars");
print scalar(keys %seen), " ", join(",", map { length } sort keys %seen), "\n";
