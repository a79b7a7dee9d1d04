# expect: pack not supported by trellis-perl at pack.pl line 2.
my $b = pack("N", 1);
print "never\n";
