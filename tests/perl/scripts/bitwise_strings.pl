# String bitwise operators (perlop "Bitwise String Operators"): | & ^ on two strings combine bytes (& as long as
# the shorter, | ^ as the longer); ~ on a string complements each byte; numbers and mixed operands stay numeric.
# Unary minus on a function call (-sin(...), -length $s) negates the call; -bareword is still a string.
use strict;
use warnings;

my ($a1, $b1) = ("AB", "  ");
print "AB" | "  ", "\n";
print "ab" & "_____", "|\n";
print "japh\nJunk" & '_____', "\n";
print "abc" ^ "   ", "\n";
print length("ab" ^ "abcd"), "\n";
print unpack("H*", ~"\x01\xfe"), "\n";
print "12" | "3", "\n";
print 12 | 3, "\n";
print "12" | 3, "\n";
print 12 ^ "5", "\n";
my $s = "yes";
$s |= "   ";
print "$s\n";
$s = "ABC";
$s &= "\x7f\x5f\x7f";
print "$s\n";
$s ^= "xyz";
print unpack("H*", $s), "\n";
my @w = split / /, "3 5";
print $w[0] | $w[1], "\n";
print -sin(0) + 0, " ", -cos(0), " ", -length("abcd"), " ", -abs(-3), "\n";
sub seven { 7 }
print -seven(), " ", -seven() * 2, "\n";
print -foo, " ", -Bar, "\n";
my %opt = (-verbose => 1);
print join(",", keys %opt), "\n";
