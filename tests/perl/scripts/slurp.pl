my $first = <STDIN>;
my $rest = do { local $/; <STDIN> };
print "first=$first";
print "rest has ", length($rest), " bytes, ", scalar(() = $rest =~ /\n/g), " newlines\n";
my $s = "abc;;";
{ local $/ = ";;"; chomp $s; }
print "$s\n";
my $t = "line\n";
chomp $t;
print "[$t]\n";
