# Sorting: numeric, reverse numeric and a custom two-key comparison (stable).
my @a = map { ($_ * 7919) % 100003 } 1 .. (@ARGV ? $ARGV[0] : 60000);
my @n = sort { $a <=> $b } @a;
my @r = sort { $b <=> $a } @a;
my @c = sort { ($a % 10) <=> ($b % 10) or $a <=> $b } @a[0 .. int($#a / 3)];
print "$n[0] $n[-1] $r[0] $c[0] $c[-1]\n";
