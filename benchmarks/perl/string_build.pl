# String building: appends, join, substr, sprintf and length on a growing buffer.
my $s = "";
for my $i (1 .. 20000) { $s .= sprintf("%05d,", $i % 997) }
my @parts = split /,/, $s;
my $j = join "", map { substr($_, 2) } @parts[0 .. 4999];
print length($s), " ", scalar(@parts), " ", length($j), "\n";
