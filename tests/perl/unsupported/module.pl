# expect: use Storable not supported by trellis-perl at module.pl line 2.
use Storable;
print "never\n";
