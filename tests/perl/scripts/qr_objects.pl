# qr// objects (perlop "qr/STRING/"): ref is "Regexp", they stringify as (?^flags:...), interpolate into other
# patterns and match directly; a string built from one is a plain string again.
use strict;
use warnings;
use Scalar::Util qw(blessed reftype);

my $re = qr/ab+c/;
my $ci = qr/hello/i;
print ref($re), "\n";
print ref($ci), " ", blessed($ci), " ", reftype($ci), "\n";
print "$re $ci\n";
print "abbbc" =~ $re ? "match\n" : "no\n";
print "say HELLO" =~ $ci ? "match\n" : "no\n";
print "xabcx" =~ /x${re}x/ ? "inner\n" : "no\n";
my $copy = $re;
print ref($copy), "\n";
my $str = "$re";
print ref($str) eq '' ? "plain\n" : "obj\n";
print ref("(?^:abc)") eq '' ? "plain\n" : "obj\n";
my @res = (qr/^\d+$/, qr/^[a-z]+$/);
for my $w (qw(123 abc A1)) {
    my @hit = grep { $w =~ $res[$_] } 0 .. $#res;
    print "$w: @hit\n";
}
my %h = (re => qr/z/);
print ref($h{re}), "\n";
print join(",", split $re, "1abc2abbc3"), "\n";
(my $t = "aXbXc") =~ s/${\ qr{X}}/-/g;
print "$t\n";
print ref(\$re), "\n";
