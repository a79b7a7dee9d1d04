# expect: socket not supported by trellis-perl at socket.pl line 4.
use strict;
print "never\n";
socket(my $sock, 2, 1, 0) or die;
