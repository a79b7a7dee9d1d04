# array slices subscripted by one range (ASLICE with the bounds, no List of indices), assigned slices that
# create elements past the end, reverse of a slice into the same slice (fannkuch's flip), and magic-string
# and fractional bounds that take the general path
my @c = (1 .. 5);
my @past = @c[3 .. 7];
print "@c[1..3]|@c[-2..-1]|", join(",", map { defined ? $_ : "u" } @past), "|", scalar(@c), "\n";
print scalar(@c[2..1]), "|", join(",", @c[(0..1)]), "\n";
my @s = (0 .. 30);
my $x = "a";
print "@s[$x..3]\n";
print "@s[1.7..3.2]\n";
print join(",", "1" .. "3"), " ", join(",", "x" .. "ab"), " ", join(",", "0" .. "2"), "\n";
my @a = (1);
@a[2 .. 3] = (5, 6);
print scalar(@a), " ", join(",", map { defined ? $_ : "u" } @a), "\n";
my @b = (1);
@b[2, 3] = (7, 8);
print scalar(@b), " ", join(",", map { defined ? $_ : "u" } @b), "\n";
my @p = (3, 1, 4, 1, 5, 9, 2, 6);
for my $k (1 .. 7) {
    @p[0 .. $k] = reverse @p[0 .. $k];
    print "@p\n";
}
my ($lo, $hi) = (2, 4);
$_ *= 10 for @p[$lo .. $hi];
print "@p\n";
my $r = \@p;
print "@{$r}[1..2] @$r[-3..-1]\n";
my @e;
my @t = @e[0 .. 2];
print scalar(@t), " ", scalar(@e), "\n";
my @big = (1 .. 100);
my @sl = @big[10 .. 89];
print scalar(@sl), " $sl[0] $sl[-1]\n";
@big[0 .. 79] = reverse @big[0 .. 79];
print "$big[0] $big[79] $big[80]\n";
