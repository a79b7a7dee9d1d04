# use integer (perlop "Integer Arithmetic"): + - * / % unary minus, comparisons and bit operators on signed
# 64-bit integers (operands truncated toward zero, results wrapping), lexically scoped (no integer, blocks,
# subs, eval STRING); ** ++ abs sqrt and string operators are unaffected.
use strict;
use warnings;

sub plain { return 10 / 4 }
{
    use integer;
    print 10 / 3, " ", -10 / 3, " ", 10 % 3, " ", -10 % 3, " ", 10 % -3, " ", -7 / 2, "\n";
    print 3.7 + 1.6, " ", -3.7 * 2, " ", "12abc" * 1, " ", 2**0.5, " ", 2**-1, " ", 2**62 * 4, "\n";
    print 9223372036854775807 + 1, " ", 18446744073709551615 + 0, " ", 1e20 + 0, " ", 1e19 + 0, "\n";
    my $big = -1e20;
    print $big + 0, " ", -$big, " ", "inf" + 0, " ", "nan" + 0, "\n";
    print ~0, " ", -1 >> 1, " ", 1 << 63, " ", -8 & 7, " ", -8 | 3, " ", -8 ^ 5, " ", 1 << 64, " ", -16 >> 2, "\n";
    print 1.9 < 1.2 ? "lt" : "ge", " ", 2.5 <=> 2.1, " ", 1.5 == 1.2 ? "eq" : "ne", " ", -0.5 != 0 ? "ne" : "eq",
        " ", 3.9 >= 3.1 ? "ge" : "lt", " ", 3.1 <= 3.9 ? "le" : "gt", " ", 4.5 > 4.2 ? "gt" : "le", "\n";
    my $x = 7.9;
    $x += 1.5;
    print "$x\n";
    $x /= 2;
    print "$x\n";
    $x = -$x;
    print "$x\n";
    $x *= 3.9;
    $x -= 0.5;
    $x %= 5;
    print "$x\n";
    my $y = 2.5;
    $y++;
    print "$y ", abs(-3.5), " ", sqrt(16), " ", 7.5 . "", " ", 2**3, "\n";
    {
        no integer;
        print 10 / 4, "\n";
    }
    print 10 / 4, " ", plain(), "\n";
    print -9223372036854775807 - 2, " ", 9223372036854775807 * 3, "\n";
    my $min = -9223372036854775807 - 1;
    print $min / -1, " ", $min % -1, "\n";
    my $r = eval { 1 / 0 };
    print $@;
    $r = eval { 1 % 0 };
    print $@;
    print eval "7 / 2", " ", eval "no integer; 7 / 2", "\n";
    my @sorted = sort { $a <=> $b } (3.7, 3.2, 1.9, -1.5, 2);
    print "@sorted\n";
    my ($undef, %h);
    my $w = $undef + 1;
    $w = 2 * $h{key};
    $w = -$undef;
    $w = $undef < 1;
    $w = "3 apples" - 1;
    my $sum = 0;
    $sum += $_ for 1.5, 2.5, 3.5;
    print "$sum\n";
}
print 10 / 4, " ", 7 % 3, "\n";
