# expect: tr/// with non-ASCII characters (or /c) on a character string not supported by trellis-perl
use utf8;
my $x = "é";
$x =~ tr/a-z//c;
