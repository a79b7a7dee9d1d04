# Sub-call heavy: naive recursive Fibonacci (calls, shift, comparison, addition).
sub fib { my $n = shift; return $n < 2 ? $n : fib($n - 1) + fib($n - 2) }
print fib(@ARGV ? $ARGV[0] : 27), "\n";
