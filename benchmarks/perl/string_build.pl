# String building: appends, join, substr, sprintf and length on a growing buffer.
my $s = "";
my $n = @ARGV ? $ARGV[0] : 20000;
for my $i (1 .. $n) { $s .= sprintf("%05d,", $i % 997) }
my @parts = split /,/, $s;
my $j = join "", map { substr($_, 2) } @parts[0 .. int($#parts / 4)];
print length($s), " ", scalar(@parts), " ", length($j), "\n";
