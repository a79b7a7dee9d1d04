# expect: "nosuch" is not exported by the File::Basename module
use File::Basename qw(basename nosuch);
print "never\n";
