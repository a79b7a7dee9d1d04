# sort { $a <=> $b } and { $b <=> $a } without calling the block: integers, doubles, numeric strings, mixed,
# NaN-free ties (stable).
my @i = map { ($_ * 7919) % 1009 - 500 } 1 .. 200;
my @n = sort { $a <=> $b } @i;
my @r = sort { $b <=> $a } @i;
print "@n[0..9] | @n[-5..-1] | @r[0..4]\n";
my @mixed = (3, "2.5", 1e3, -0.5, "10", 7, "abc", 2.5, "1e2", 0, -3, "  4  ");
print join(",", sort { $a <=> $b } @mixed), "\n";
print join(",", sort { $b <=> $a } @mixed), "\n";
my @big = (9007199254740993, 9007199254740992, -9223372036854775807, 5, 2**60, 1.5);
print join(",", sort { $a <=> $b } @big), "\n";
# stability: equal keys keep their order
my @pairs = map { [$_ % 3, $_] } 1 .. 12;
print join(" ", map { "$_->[0]:$_->[1]" } sort { $a->[0] <=> $b->[0] } @pairs), "\n";
print join(",", map { $_ % 7 } -10 .. -1), " ", join(",", map { $_ % -7 } -3 .. 10), " ", (-7 % 3), " ", (7 % -3), "\n";
