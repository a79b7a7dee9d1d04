# "Wide character in print/say/printf" warnings (compared on stderr too), and no warning under no warnings.
use strict;
use warnings;
use feature "say";
print "\x{263A}\n";
say "a\x{263A}";
printf("%s\n", "\x{263A}");
print STDOUT "\x{e9}\x{263A}", "b\n";
{
    no warnings;
    print "\x{263A}\n";
}
print "\x{e9}\n";
