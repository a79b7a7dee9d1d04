# binary-trees: allocate and walk many perfect binary trees (array references, recursion, garbage). A long-lived
# tree stays alive while trees of growing depth are built and checked. Written for Trellis in the spirit of the
# Benchmarks Game program.
# usage: binary_trees.pl [MAX_DEPTH]   (default 13)
use strict;
use warnings;

my $max_depth = @ARGV ? $ARGV[0] : 13;
my $min_depth = 4;
$max_depth = $min_depth + 2 if $max_depth < $min_depth + 2;

# A node is [left, right]; a leaf is [undef, undef].
sub make_tree {
    my $depth = shift;
    return [undef, undef] if $depth == 0;
    $depth--;
    return [make_tree($depth), make_tree($depth)];
}

sub check_tree {
    my $t = shift;
    return 1 unless defined $t->[0];
    return 1 + check_tree($t->[0]) + check_tree($t->[1]);
}

my $stretch = $max_depth + 1;
print "stretch tree of depth $stretch\t check: ", check_tree(make_tree($stretch)), "\n";

my $long_lived = make_tree($max_depth);
for (my $d = $min_depth; $d <= $max_depth; $d += 2) {
    my $iterations = 2 ** ($max_depth - $d + $min_depth);
    my $check = 0;
    for (1 .. $iterations) { $check += check_tree(make_tree($d)) }
    print "$iterations\t trees of depth $d\t check: $check\n";
}
print "long lived tree of depth $max_depth\t check: ", check_tree($long_lived), "\n";
