# sprintf/printf warnings (perldiag): undef and non-numeric arguments in the order the format uses them, with
# their names, "Missing argument", "Redundant argument", "Invalid conversion". stderr is compared.
use warnings;
my ($x, $y) = (undef, "abc");
my $r = sprintf("%s-%d", $x, $y);
$r = sprintf("%d %d", 1);
$r = sprintf("%d", 1, 2);
$r = sprintf("%s %s", "a", $x);
$r = sprintf("%2\$s %1\$s", "a", "b", "c");
$r = sprintf("%*d", "x", 3);
$r = sprintf("%.2f", "1.5x");
$r = sprintf("%c", undef);
printf("%d%s\n", "12ab", $x);
printf(STDOUT "%s\n", $x);
$r = sprintf(undef);
$r = sprintf("%z", 1);
$r = sprintf("%vd", $x);
$r = sprintf("abc %");
$r = sprintf("%y %s", 1, 2);
{ no warnings; $r = sprintf("%d", "zz"); }
