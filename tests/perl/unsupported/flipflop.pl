# expect: the flip-flop operator (.. in scalar context) not supported by trellis-perl at flipflop.pl line 3.
my $x = 0;
print "x" if ($x == 1) .. ($x == 2);
