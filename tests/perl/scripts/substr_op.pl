# substr(STRING, OFFSET[, LENGTH]) outside list context is one instruction (SUBSTR): byte strings with small
# integer operands inline, everything else through the builtin (warnings, overloading, character strings)
use strict;
use warnings;
my $warned = 0;
local $SIG{__WARN__} = sub { $warned++ < 3 ? print "warn: $_[0]" : () };
my $s = "abcdefghij";
for my $o (0, 3, 9, 10, -1, -4, -10) {
    for my $l (0, 1, 3, -1, -3, 20, -20) {
        my $p = substr($s, $o, $l);
        print "$o,$l=[$p] ";
    }
    print "[", substr($s, $o), "]\n";
}
for my $str ("abc", "", "x") {  # perl's translate_substr_offsets: spans partly outside are cut, wholly outside undef
    for my $o (-6 .. 6) {
        print "$o:";
        for my $l (-6 .. 6) { my $p = substr($str, $o, $l); print defined $p ? "[$p]" : "u" }
        my $p = substr($str, $o);
        print defined $p ? " [$p]\n" : " u\n";
    }
}
my $u = substr($s, 11, 1);
print defined $u ? "def\n" : "undef\n";
$u = substr($s, -11);
print defined $u ? "def\n" : "undef\n";
print substr(1234567, 2, 3), " ", substr(3.14159, 0, 4), " ", substr($s, "2", "3"), " ", substr($s, 1.7, 2.9), "\n";
my $x;
my $v = substr($x // "", 0, 1);
print "[$v]\n";
{ no warnings; my $w = substr(undef, 0, 1); print defined $w ? "[$w]\n" : "undef\n"; }
my $buf = "";
$buf .= "xy" for 1 .. 5;
print substr($buf, 3, 4), "\n";
$buf = substr($buf, 1);
print "$buf\n";
$buf = substr($buf, 0, length($buf) - 2);
print "$buf\n";
my @l = (substr($s, 2, 2), substr($s, -2));
print "@l\n";
my @m = map { substr($_, 1) } qw(ab cde f);
print scalar(@m), " @m\n";
{ no warnings; my @u = (substr($s, 20), substr($s, 0, 1)); print scalar(@u), " ", defined $u[0] ? "def" : "undef", "\n"; }
print "true\n" if substr($s, 0, 1);
print "false\n" unless substr("0abc", 0, 1);
{
    use utf8;
    my $c = "żółw€x";
    binmode STDOUT, ":utf8";
    print substr($c, 1, 2), " ", substr($c, -2), " ", length(substr($c, 3)), "\n";
    binmode STDOUT;
}
package Str { use overload '""' => sub { "overloaded" }; sub new { bless {}, shift } }
my $o = Str->new;
print substr($o, 4), " ", substr($o, 0, 4), "\n";
my $i = 0;
my $t = "0123456789";
my $acc = "";
$acc .= substr($t, $i++, 2) while $i < 10;
print "$acc\n";
my $big = "ab" x 20000;
print length(substr($big, 5)), " ", substr($big, 39998), "\n";
print "warnings: $warned\n";
