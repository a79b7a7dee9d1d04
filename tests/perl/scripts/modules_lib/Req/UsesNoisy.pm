# Req::UsesNoisy: its `use` of another module file runs only when this file is required
package Req::UsesNoisy;
use strict;
use Req::Loud qw(loud);
print "Req::UsesNoisy body: ", loud("x"), "\n";
1;
