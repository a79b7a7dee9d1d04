# "Argument ... isn't numeric" (category numeric) with perl's display of the string (control characters as
# ^X, \n escaped, cut after 56 characters), numeric strings that do not warn, and the misc warnings
# "Odd number of elements in hash assignment" / "... in anonymous hash" / "Reference found where even-sized
# list expected". stderr is compared.
use strict;
use warnings;

my $r;
$r = "abc" + 1;
$r = "3abc" + 1;
$r = 1 + "abc";
$r = "abc" * "def";
$r = "abc" == 1;
$r = "abc" <=> 1;
$r = "a\tb" + 1;
$r = "" + 1;
$r = "a\nb" - 1;
$r = ("z" x 80) + 1;
$r = "0x10" + 1;
$r = "1_000" + 1;
$r = "- 1" + 1;
$r = int("x");
$r = abs("12 apples");
$r = "ab" x "cd";
my $n = "7 days";
$r = $n + 1;
# numeric strings: no warning
$r = " 12 " + 1;
$r = "12\n" + 1;
$r = "1e3" + 1;
$r = ".5" + 1;
$r = "+.5e1" + 1;
$r = "-7" + 1;
$r = "inf" + 1;
$r = "nan" + 1;
$r = "Infinity" + 1;
$r = "3.25" * 2;
print "$r\n";
# misc
my %h = (1, 2, 3);
%h = (a => 1, "b");
my @a = (1, 2, 3);
%h = @a;
$r = { 1 };
$r = { a => 1, b => };
%h = { a => 1 };
%h = (undef, 1, undef, 2);
%h = (a => 1, b => 2);
print scalar(keys %h), "\n";
