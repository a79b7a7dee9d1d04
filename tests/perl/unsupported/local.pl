# expect: local on a hash or array element not supported by trellis-perl at local.pl line 4.
print "never\n";
my %h;
local $h{x} = 1;
