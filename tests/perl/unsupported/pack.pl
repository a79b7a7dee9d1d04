# expect: the pack template letter '(' not supported by trellis-perl at pack.pl line 2.
my $b = pack("(A2)*", "ab", "cd");
print "never\n";
