# fannkuch-redux: for every permutation of 1..N, count the prefix reversals ("pancake flips") until 1 comes
# first; print a checksum over the permutations (alternating sign) and the largest flip count. Array element
# access, slices and reverse in a tight loop. Written for Trellis in the spirit of the Benchmarks Game program.
# usage: fannkuch_redux.pl [N]   (default 9)
use strict;
use warnings;

my $n = @ARGV ? $ARGV[0] : 9;
my @perm1 = (0 .. $n - 1);
my @count = (0) x $n;
my ($max_flips, $checksum, $perm_index) = (0, 0, 0);
my $r = $n;
PERM: while (1) {
    while ($r != 1) { $count[$r - 1] = $r; $r-- }

    # Count the flips of this permutation.
    my @p = @perm1;
    my $flips = 0;
    my $k;
    while (($k = $p[0]) != 0) {
        @p[0 .. $k] = reverse @p[0 .. $k];
        $flips++;
    }
    $max_flips = $flips if $flips > $max_flips;
    $checksum += $perm_index % 2 ? -$flips : $flips;

    # Next permutation in the counting order: rotate the first r+1 elements left until a counter is non-zero.
    while (1) {
        last PERM if $r == $n;
        my $first = $perm1[0];
        for my $i (0 .. $r - 1) { $perm1[$i] = $perm1[$i + 1] }
        $perm1[$r] = $first;
        last if --$count[$r] > 0;
        $r++;
    }
    $perm_index++;
}
print "$checksum\nPfannkuchen($n) = $max_flips\n";
