# substr as an lvalue (perlfunc substr): assignment, op=, s///, s///r, tr/// on variables, elements and character strings
use strict; use warnings;
my $s = "Hello world";
substr($s, 0, 5) = "HELLO";
print "$s\n";
substr($s, -5) =~ s/world/there/;
print "$s\n";
substr($s, 0, 1) .= "xx";
print "$s\n";
my $r = substr($s, 1, 2) = "AB";
print "$s $r\n";
substr($s, 2) = "";
print "$s\n";
my @a = ("abcdef", "ghijkl");
substr($a[1], 1, 3) = uc substr($a[1], 1, 3);
print "@a\n";
my %h = (k => "0123456789");
substr($h{k}, 3, 4) =~ tr/0-9/a-j/;
print "$h{k}\n";
my $n = "12345";
substr($n, 1, 2) += 10;
print "$n\n";
my $t = "aaa bbb";
my $u = substr($t, 0, 3) =~ s/a/b/gr;
print "$t $u\n";
for my $i (0 .. 2) { substr($t, $i, 1) = $i; }
print "$t\n";
my $x = "short";
substr($x, 2, 100) = "ORT!";
print "$x\n";
substr($x, 0, 0) = ">> ";
print "$x\n";
{
    use utf8;
    my $w = "héllo wörld";
    substr($w, 1, 1) = "E";
    substr($w, -5) =~ s/ö/o/;
    binmode(STDOUT, ':utf8');
    print "$w ", length($w), "\n";
    my $k = "abc";
    substr($k, 1, 1) = "☺";
    print "$k ", length($k), "\n";
}
