# n-body: a leapfrog-style simulation of the Jovian planets around the sun (floating-point arithmetic, array
# element access in nested loops, sqrt). Written for Trellis in the spirit of the Benchmarks Game program.
# usage: nbody.pl [STEPS]   (default 60000)
use strict;
use warnings;

my $steps = @ARGV ? $ARGV[0] : 60000;
my $PI = 3.141592653589793;
my $SOLAR_MASS = 4 * $PI * $PI;
my $DAYS = 365.24;

# Each body: x y z vx vy vz mass, kept in parallel arrays so the inner loop indexes plain arrays.
my (@x, @y, @z, @vx, @vy, @vz, @m);
sub body {
    my ($px, $py, $pz, $qx, $qy, $qz, $mass) = @_;
    push @x, $px; push @y, $py; push @z, $pz;
    push @vx, $qx * $DAYS; push @vy, $qy * $DAYS; push @vz, $qz * $DAYS;
    push @m, $mass * $SOLAR_MASS;
}
body(0, 0, 0, 0, 0, 0, 1);                                           # sun
body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05, 9.54791938424326609e-04);
body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05, 2.85885980666130812e-04);
body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05, 4.36624404335156298e-05);
body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05, 5.15138902046611451e-05);
my $n = @m;

# Offset the sun's momentum so the system's total momentum is zero.
my ($px, $py, $pz) = (0, 0, 0);
for my $i (0 .. $n - 1) {
    $px += $vx[$i] * $m[$i]; $py += $vy[$i] * $m[$i]; $pz += $vz[$i] * $m[$i];
}
$vx[0] = -$px / $SOLAR_MASS; $vy[0] = -$py / $SOLAR_MASS; $vz[0] = -$pz / $SOLAR_MASS;

sub energy {
    my $e = 0.0;
    for my $i (0 .. $n - 1) {
        $e += 0.5 * $m[$i] * ($vx[$i] ** 2 + $vy[$i] ** 2 + $vz[$i] ** 2);
        for my $j ($i + 1 .. $n - 1) {
            my ($dx, $dy, $dz) = ($x[$i] - $x[$j], $y[$i] - $y[$j], $z[$i] - $z[$j]);
            $e -= $m[$i] * $m[$j] / sqrt($dx * $dx + $dy * $dy + $dz * $dz);
        }
    }
    return $e;
}

sub advance {
    my ($dt) = @_;
    for my $i (0 .. $n - 2) {
        my ($xi, $yi, $zi, $mi) = ($x[$i], $y[$i], $z[$i], $m[$i]);
        for my $j ($i + 1 .. $n - 1) {
            my $dx = $xi - $x[$j];
            my $dy = $yi - $y[$j];
            my $dz = $zi - $z[$j];
            my $d2 = $dx * $dx + $dy * $dy + $dz * $dz;
            my $mag = $dt / ($d2 * sqrt($d2));
            my $mm = $m[$j] * $mag;
            $vx[$i] -= $dx * $mm; $vy[$i] -= $dy * $mm; $vz[$i] -= $dz * $mm;
            $mm = $mi * $mag;
            $vx[$j] += $dx * $mm; $vy[$j] += $dy * $mm; $vz[$j] += $dz * $mm;
        }
    }
    for my $i (0 .. $n - 1) {
        $x[$i] += $dt * $vx[$i]; $y[$i] += $dt * $vy[$i]; $z[$i] += $dt * $vz[$i];
    }
}

printf "%.9f\n", energy();
advance(0.01) for 1 .. $steps;
printf "%.9f\n", energy();
