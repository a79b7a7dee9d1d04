# Under `use v5.28` and later (feature 'bitwise', perlop "Bitwise String Operators"), | & ^ ~ and |= &= ^= are
# always numeric, also on strings.
use v5.36;
print "12" | "3", "\n";
print "12" & "7", "\n";
print ~"5" & 0xFF, "\n";
my $s = "8";
$s |= "1";
say $s;
say 6 ^ 3;
