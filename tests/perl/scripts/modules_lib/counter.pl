# run by do FILE: each run makes a new $n and redefines next_n to use it
my $n = 10;
sub next_n { return ++$n }
print "counter.pl runs\n";
"counter ready";
