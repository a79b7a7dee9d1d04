# Unsigned integers (perlnumber: UV, 2^63 .. 2^64-1): IV arithmetic overflowing into the UV range stays exact,
# ~ and the bit operators give UVs, printing and sprintf %u %d %x %s %b show them as perl does; past 2^64 or
# below -2^63 the result is a double.
use strict;
use warnings;

print 9223372036854775807 + 1, "\n";
print 9223372036854775807 * 2, "\n";
print ~0, "\n";
print ~0 - 1, "\n";
print ~0 + 1, "\n";
print ~5, "\n";
print ~5 & 0xFF, "\n";
print -1 & 0xFF, "\n";
print -1 | 0, "\n";
print 1 << 63, "\n";
print ((1 << 63) - 1, "\n");
print ~0 >> 1, "\n";
print ~0 == 18446744073709551615 ? "eq\n" : "ne\n";
print ~0 > 9223372036854775807 ? "gt\n" : "le\n";
printf("%d %u %x %X %o %b %s\n", ~0, ~0, ~5, ~0, 1 << 63, 1 << 63, ~0);
my $u = ~0;
$u -= 5;
print "$u\n";
my $n = 9223372036854775800;
$n += 10;
print "$n\n";
print -9223372036854775807 - 10, "\n";
print 4294967296 * 4294967296, "\n";
print 18446744073709551615 - 1 > 0 ? "pos\n" : "neg\n";
my %h = (~0 => "max");
print join(",", keys %h), "\n";
