# mandelbrot: the Mandelbrot set on an N x N grid over [-1.5, 0.5] x [-1, 1], written as a binary PBM image
# (floating-point arithmetic in a tight escape loop, bit operations, chr and string building, binary print).
# Written for Trellis in the spirit of the Benchmarks Game program.
# usage: mandelbrot.pl [N]   (default 400; prints the P4 image, N * ceil(N / 8) bytes after the header)
use strict;
use warnings;

my $size = @ARGV ? $ARGV[0] : 400;
my $ITER = 50;
my $LIMIT2 = 4.0;
binmode STDOUT;
print "P4\n$size $size\n";
for my $y (0 .. $size - 1) {
    my $ci = 2.0 * $y / $size - 1.0;
    my $row = '';
    my ($bits, $nbits) = (0, 0);
    for my $x (0 .. $size - 1) {
        my $cr = 2.0 * $x / $size - 1.5;
        my ($zr, $zi, $tr, $ti) = (0.0, 0.0, 0.0, 0.0);
        my $i = 0;
        while ($i < $ITER && $tr + $ti <= $LIMIT2) {
            $zi = 2.0 * $zr * $zi + $ci;
            $zr = $tr - $ti + $cr;
            $tr = $zr * $zr;
            $ti = $zi * $zi;
            $i++;
        }
        $bits = ($bits << 1) | ($tr + $ti <= $LIMIT2 ? 1 : 0);
        if (++$nbits == 8) {
            $row .= chr $bits;
            ($bits, $nbits) = (0, 0);
        }
    }
    $row .= chr($bits << (8 - $nbits)) if $nbits;
    print $row;
}
