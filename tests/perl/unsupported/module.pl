# expect: use Data::Dumper not supported by trellis-perl at module.pl line 2.
use Data::Dumper;
print "never\n";
