# expect: opendir not supported by trellis-perl at opendir.pl line 4.
use strict;
print "never\n";
opendir(my $dh, "/tmp") or die;
