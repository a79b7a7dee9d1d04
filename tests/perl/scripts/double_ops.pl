# + - * / and the numeric comparisons on doubles (and a double with a small integer) are done in the handler:
# results print as perl's NVs; NaN compares false (but !=), Inf, -0.0, division by zero dies, and large
# integers, strings and undef take the general path
use strict;
use warnings;
my @v = (1.5, -2.25, 3, 0.1, 1e300, -1e-300, 7, 2**40 + 0.5, 9007199254740993, 140737488355328);
for my $x (@v) {
    my @r;
    for my $y (@v) { push @r, $x + $y, $x - $y, $x * $y, ($y != 0 ? $x / $y : "z") }
    print join(" ", @r), "\n";
    print join("", map { ($x < $_ ? 1 : 0) . ($x <= $_ ? 1 : 0) . ($x > $_ ? 1 : 0) . ($x >= $_ ? 1 : 0) . ($x == $_ ? 1 : 0) . ($x != $_ ? 1 : 0) } @v), "\n";
}
my $inf = 9**9**9;
my $nan = $inf - $inf;
print $inf + 1, " ", -$inf * 2, " ", $inf / 1e308, " ", 1 / $inf, "\n";
print(($nan == $nan ? "eq" : "ne"), " ", ($nan != $nan ? "ne" : "eq"), " ", ($nan < 1 ? 1 : 0), ($nan >= 1 ? 1 : 0), ($nan <=> 1) // "undef", "\n");
my $nz = -0.0 * 1.0;
print $nz, " ", 0.0 * -1, " ", 1 / 3, " ", 2 / 0.5, " ", 10 / 4, " ", 0.1 + 0.2, " ", 1e15 + 0.3, "\n";
my $big = 2**62;
print $big + 1.5, " ", 1.5 * $big, " ", "3.5" + 1.5, " ", 1.5 + "2abc", "\n";
my $e = eval { my $z = 0.0; 1.5 / $z };
print defined $e ? "no error\n" : "error: $@";
$e = eval { my $z = 0; 2.5 / $z };
print defined $e ? "no error\n" : "error: $@";
my ($zr, $zi, $cr, $ci, $i) = (0.0, 0.0, -0.5, 0.25, 0);
while ($i < 50 && $zr * $zr + $zi * $zi <= 4.0) { ($zr, $zi) = ($zr * $zr - $zi * $zi + $cr, 2.0 * $zr * $zi + $ci); $i++ }
print "$i $zr $zi\n";
# integer division: an IV when exact, else the NV quotient; negative operands; by zero dies
print join(" ", 12 / 4, 13 / 4, -13 / 4, 13 / -4, -12 / -4, 0 / 5, 1 / 3, 2 / 3 * 3, 7 / 7, -1 / 2), "\n";
my ($p, $q) = (140737488355327, 3);
print $p / $q, " ", $p / 1, " ", 100 / $q, "\n";
$e = eval { my $z = 0; 7 / $z };
print defined $e ? "no error\n" : "error: $@";
