# expect: local not supported by trellis-perl at local.pl line 3.
print "never\n";
local $_ = 1;
