# Hash keys from character strings and byte strings (perlunicode "Byte and Character Semantics"): "\xE9" and
# "é" (use utf8) are one key; a key stored from a character string comes back from keys/each as one.
use strict;
use warnings;
use utf8;
binmode STDOUT, ':utf8';
my ($bytes, $chars, $wide) = ("caf\xE9", "café", "caf\x{263A}");
my %h;
$h{$bytes} = 1;
$h{$chars}++;
$h{"café"} += 10;
print scalar(keys %h), " $h{$bytes} $h{$chars} ", $h{"caf\xE9"}, "\n";
print exists $h{"café"} ? "exists" : "absent", " ", exists $h{$wide} ? "exists" : "absent", "\n";
$h{$wide} = 2;
my %u = ("é" => "e-acute", "\x{263A}" => "smiley", "ascii" => "plain", "\xFF" => "y-diaeresis");
print join(",", map { "$_=$u{$_}" } sort keys %u), "\n";
print "$u{ascii} ", $u{"\xE9"}, " ", $u{"\x{FF}"}, " ", $u{"\x{263a}"}, "\n";
for my $k (sort keys %u) {
    print "$k: ", length($k), " ", utf8::is_utf8($k) ? "characters" : "bytes", " ", ord($k), "\n";
}
my @pairs;
while (my ($k, $v) = each %u) { push @pairs, "$k=$v" . (utf8::is_utf8($k) ? "(u)" : "") }
print join(" ", sort @pairs), "\n";
my %copy = %u;
print join(" ", map { utf8::is_utf8($_) ? "u" : "b" } sort keys %copy), "\n";
my @flat = %u;
print scalar(@flat), " ", scalar(grep { utf8::is_utf8($_) } @flat), "\n";
print join(",", @u{"\xE9", "\x{263A}", "ascii"}), "\n";
my %slice = %u{"\xE9", "ascii"};
print join(",", map { "$_=$slice{$_}" } sort keys %slice), "\n";
print delete $u{"\xE9"}, " ", scalar(keys %u), " ", exists $u{"é"} ? "still" : "gone", "\n";
{
    local $u{"é"} = "local";
    print $u{"\xE9"}, " ", scalar(keys %u), "\n";
}
print exists $u{"\xE9"} ? "still" : "gone", " ", scalar(keys %u), "\n";
my %count;
$count{$_}++ for ("\xE9", "é", "e", "\xE9", "ê", "\xEA");
print join(" ", map { "$_:$count{$_}" } sort keys %count), "\n";
my $ref = { "clé" => 1 };
print $ref->{"cl\xE9"}, " ", join(",", keys %$ref), "\n";
use Data::Dumper;
$Data::Dumper::Sortkeys = 1;
$Data::Dumper::Indent = 1;
binmode STDOUT;
print Dumper({ "é" => 1, "\xE8t" => 2, "\x{263A}" => 3, "z" => 4, "\xE9a" => 5, "été" => 6 });
# constant character-string subscripts (stored downgraded once, at compile time) against byte-string ones
my %const;
$const{"clé"}++ for 1 .. 3;
$const{clé} += 10;
$const{"cl\xE9"} += 100;
print join(",", map { "$_=$const{$_}" } keys %const), " ", utf8::is_utf8((keys %const)[0]) ? "u" : "b", "\n";
print exists $const{"clé"} ? "yes" : "no", " ", defined $const{"\x{263A}"} ? "yes" : "no", "\n";
