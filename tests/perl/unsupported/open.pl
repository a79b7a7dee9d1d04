# expect: open not supported by trellis-perl at open.pl line 4.
use strict;
print "never\n";
open(my $fh, "<", "/etc/passwd") or die;
