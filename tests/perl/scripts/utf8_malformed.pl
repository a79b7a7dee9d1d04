# use utf8 with a source that is not UTF-8: perl stops at compile time (status 255, nothing runs).
use utf8;
print "never\n";
my $s = "café";
