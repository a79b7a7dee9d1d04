# Hash-heavy loops: counting words into a hash, then summing over sorted keys.
my %count;
my $n = @ARGV ? $ARGV[0] : 1000000;
for my $i (1 .. $n) { $count{"k" . ($i % 5000)} += $i & 7 }
my $total = 0;
$total += $count{$_} for sort keys %count;
print scalar(keys %count), " $total\n";
