use strict;
use warnings;
for my $i (1 .. 3) {
    if ($i == 1) { print "one\n" }
    elsif ($i == 2) { print "two\n" }
    else { print "other\n" }
}
my $n = 0;
while ($n < 3) { $n++ }
print "$n\n";
until ($n == 0) { $n-- }
print "$n\n";
for (my $i = 0; $i < 3; $i++) { print "c$i " }
print "\n";
OUTER: for my $i (1 .. 3) {
    for my $j (1 .. 3) {
        next OUTER if $j == 2;
        print "$i$j ";
    }
}
print "\n";
my $found;
for my $x (5, 7, 9, 11) {
    if ($x > 8) { $found = $x; last }
}
print "$found\n";
print "unless\n" unless 0;
my $i = 0;
do { $i++ } while ($i < 5);
print "$i\n";
do { $i-- } until $i <= 2;
print "$i\n";
my @list = (1 .. 5);
$_ *= 2 for @list;
print "@list\n";
for my $e (@list) { $e += 1 }
print "@list\n";
print "$_ " foreach reverse 1 .. 3;
print "\n";
my $k = 10;
$k++ while $k < 15;
print "$k\n";
{
    print "bare block\n";
    last;
    print "not reached\n";
}
my @stack = (1 .. 4);
while (my $top = pop @stack) {
    next if $top == 3;
    print "top $top\n";
}
my $t = 5;
my $r = $t > 3 ? "big" : "small";
print "$r\n";
for (my $j = 0; $j < 10; $j++) {
    next if $j % 2;
    last if $j > 6;
    print $j;
}
print "\n";
