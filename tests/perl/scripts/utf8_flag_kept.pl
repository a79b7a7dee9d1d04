# Results that stay character strings (x, x=, chop's return, quotemeta) and quotemeta by perlfunc: a byte string
# quotes every byte but [A-Za-z0-9_], a character string also Pattern_Syntax, White_Space, ignorable and control
# characters above 0x7F.
use strict;
use warnings;
use utf8;
binmode STDOUT, ":utf8";
my $e = "é☺";
my @t = ($e x 2, scalar reverse($e), lc($e), join("-", $e, "x"), substr($e, 1), "$e!", $e . "\xE9", sprintf("%s", $e), ucfirst($e), (split //, $e)[1], ($e =~ /(.)/)[0], chop(my $c = $e), $e =~ tr/a//r, quotemeta($e), "\u$e", "\L$e");
print join(",", map { (utf8::is_utf8($_) ? "u" : "b") . length($_) } @t), "\n";
my @n = (("é") x 2); print join(",", map { utf8::is_utf8($_) ? "u" : "b" } @n), "\n";
my $rep = "é☺"; $rep x= 2; print length($rep), " $rep\n";
my @l = ("é") x 3; print "@l\n";
print quotemeta("é¡☺→ x\x{2028}\x{AD}a.b"), "\n";
binmode STDOUT;
print quotemeta("a\xE9\xA1 b.c"), "\n";
my $t = "ab☺"; my $ch = chop $t; print length($ch), utf8::is_utf8($ch) ? "u" : "b", "\n";
