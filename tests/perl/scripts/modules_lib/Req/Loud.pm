package Req::Loud;
use strict;
use parent 'Exporter';
our @EXPORT_OK = qw(loud);
print "Req::Loud loaded\n";
sub loud { return uc $_[0] }
1;
