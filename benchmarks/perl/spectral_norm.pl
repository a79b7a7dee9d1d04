# spectral-norm: the largest singular value of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1), by ten
# rounds of the power method on A'A (floating-point division in a tight doubly nested loop, array reads).
# Written for Trellis in the spirit of the Benchmarks Game program.
# usage: spectral_norm.pl [N]   (default 200)
use strict;
use warnings;

my $n = @ARGV ? $ARGV[0] : 200;

sub a_entry { my ($i, $j) = @_; return 1.0 / (($i + $j) * ($i + $j + 1) / 2 + $i + 1) }

# Av = A times v; Atv = A transposed times v.
sub times_vec {
    my ($v) = @_;
    my @r;
    for my $i (0 .. $n - 1) {
        my $sum = 0.0;
        for my $j (0 .. $n - 1) { $sum += a_entry($i, $j) * $v->[$j] }
        $r[$i] = $sum;
    }
    return \@r;
}
sub times_transp_vec {
    my ($v) = @_;
    my @r;
    for my $i (0 .. $n - 1) {
        my $sum = 0.0;
        for my $j (0 .. $n - 1) { $sum += a_entry($j, $i) * $v->[$j] }
        $r[$i] = $sum;
    }
    return \@r;
}
sub ata_times_vec { return times_transp_vec(times_vec($_[0])) }

my $u = [(1.0) x $n];
my $v;
for (1 .. 10) {
    $v = ata_times_vec($u);
    $u = ata_times_vec($v);
}
my ($vbv, $vv) = (0.0, 0.0);
for my $i (0 .. $n - 1) {
    $vbv += $u->[$i] * $v->[$i];
    $vv += $v->[$i] * $v->[$i];
}
printf "%0.9f\n", sqrt($vbv / $vv);
