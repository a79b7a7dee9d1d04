# Encode's common use (UTF-8): encode_utf8/decode_utf8/encode/decode, malformed input (U+FFFD, FB_CROAK), and
# tr/// with ASCII lists on character strings.
use strict;
use warnings;
use utf8;
use Encode qw(encode_utf8 decode_utf8 encode decode);
binmode(STDOUT, ':encoding(UTF-8)');
my $s = "Ünïcödé ☺";
my $b = encode_utf8($s);
print length($s), " ", length($b), " ", (utf8::is_utf8($b) ? 1 : 0), "\n";
my $back = decode_utf8($b);
print length($back), " ", ($back eq $s ? "same" : "differ"), "\n";
print length(encode('UTF-8', "é")), " ", length(decode('UTF-8', "\xc3\xa9t\xc3\xa9")), "\n";
print Encode::encode_utf8("ü") eq "\xc3\xbc" ? "ok\n" : "no\n";
my $m = decode_utf8("a\xffb");
print length($m), " ", ord(substr($m, 1, 1)), "\n";
print eval { decode('UTF-8', "a\xe9b", Encode::FB_CROAK()); 1 } ? "no error\n" : "croaked\n";
(my $t = "héllo wörld") =~ tr/a-z/A-Z/;
print "$t ", length($t), "\n";
my $n = ("ça va" =~ tr/a-z//);
print "$n\n";
my $r = "naïve" =~ tr/a-z/*/r;
print "$r\n";
