use strict;
print "never\n";
$undeclared = 5;
