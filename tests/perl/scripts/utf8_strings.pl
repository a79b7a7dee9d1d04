# use utf8 character strings: literals, length/substr/index/rindex/ord/chr, case mapping, reverse, split,
# concatenation and .= upgrades, regexes in UTF mode (\w, ., /i, captures, pos), hash keys, sprintf, utf8::
use strict;
use warnings;
use utf8;
binmode(STDOUT, ':utf8');
my $s = "Grüße, Welt! ☺";
print length($s), "\n";
print substr($s, 0, 5), "|", substr($s, -1), "|", substr($s, 7, 4), "\n";
print index($s, "Welt"), " ", rindex($s, "e"), " ", index($s, "☺"), "\n";
print ord("ü"), " ", ord("☺"), " ", chr(0x263A), " ", chr(233), "\n";
print lc("ÄÖÜ ÉCOLE"), " ", uc("grüße"), " ", ucfirst("élan"), " ", lcfirst("Élan"), "\n";
print scalar reverse("añb☺"), "\n";
print join("-", split //, "añ☺"), "\n";
print join(",", split /ü/, "aübüc"), "\n";
my $t = "ß";
$t .= "x";
$t .= "é";
print "$t ", length($t), "\n";
my $u = "abc" . "☺" . 42;
print "$u ", length($u), "\n";
if ("naïve café" =~ /(\w+)\s+(\w+)/) { print "[$1] [$2] ", length($1), "\n"; }
print "match\n" if "ÉCOLE" =~ /école/i;
my @w = ("über" =~ /(.)/g);
print scalar(@w), " $w[0]\n";
my $r = "aéb";
(my $x = $r) =~ s/é/E/;
print "$x\n";
$r =~ s/./<$&>/g;
print "$r\n";
my %h = (clé => 'valeur', 'naïve' => 1);
print join(",", sort keys %h), " $h{clé}\n";
print sprintf("%s|%d", "é", 5), "\n";
my $str = "x☺y☺z";
while ($str =~ /☺/g) { print "pos ", pos($str), "\n"; }
my @parts = split /,/, "α,β,γ";
print scalar(@parts), " $parts[1] ", length($parts[2]), "\n";

print "cmp ", ("a" cmp "é"), ("é" cmp "☺"), "\n";
print utf8::is_utf8($s) ? "flag\n" : "noflag\n";
my $b = "caf\xc3\xa9";
utf8::decode($b);
print length($b), " $b\n";
utf8::encode($b);
print length($b), "\n";
print uc("ﬀ"), "\n";
