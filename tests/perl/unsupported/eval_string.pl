# expect: eval STRING not supported by trellis-perl at eval_string.pl line 3.
print "never\n";
my $x = eval "1 + 2";
