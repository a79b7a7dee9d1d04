# . on strings and integers (the direct path) and on everything else; &, |, ^ on small integers (negatives are UVs past 2^63, not supported yet).
my @v = (0, 7, -12, 281474976710655, -281474976710656, 9007199254740993, 1.5, -0.25, 1e21, "s", "", undef);
no warnings;
for my $x (@v) { print join("|", map { $x . $_ } @v), "\n" }
my $s = "k";
$s = $s . $_ for 1 .. 5;
print "$s ", "x" . 12 . "y" . -3, "\n";
for my $p ([12, 10], [0, 5], [255, 256], [2**47, 2**47 - 1], [1.5, 3]) {
    my ($x, $y) = @$p;
    print join(" ", $x & $y, $x | $y, $x ^ $y), "\n";
}
