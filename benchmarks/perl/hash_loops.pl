# Hash-heavy loops: counting words into a hash, then summing over sorted keys.
my %count;
for my $i (1 .. 1000000) { $count{"k" . ($i % 5000)} += $i & 7 }
my $total = 0;
$total += $count{$_} for sort keys %count;
print scalar(keys %count), " $total\n";
