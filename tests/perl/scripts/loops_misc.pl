use strict;
use warnings;
my %seen;
my @uniq = grep { !$seen{$_}++ } qw(a b a c b d);
print "@uniq\n";
my @matrix;
for my $i (0 .. 2) { for my $j (0 .. 2) { $matrix[$i][$j] = $i * 3 + $j } }
print join("\n", map { join(" ", @$_) } @matrix), "\n";
my $i = 0;
while (1) { last if ++$i >= 5 }
print "$i\n";
my @q = (1 .. 5);
while (my $x = shift @q) { print $x; }
print "\n";
my $total = 0;
for my $x (1 .. 100) { next unless $x % 3 == 0; $total += $x }
print "$total\n";
my @fib = (1, 1);
push @fib, $fib[-1] + $fib[-2] while @fib < 15;
print "@fib\n";
my %h = map { $_ => 1 } 1 .. 5;
for my $k (sort { $b <=> $a } keys %h) { print $k }
print "\n";
my $str = "";
for my $c ('a' .. 'e') { $str .= $c x 2 }
print "$str\n";
my @stack;
push @stack, [$_, $_ * 2] for 1 .. 3;
while (my $item = pop @stack) { print "$item->[0]:$item->[1] " }
print "\n";
my $count = 0;
OUTER: while (1) {
    for my $j (1 .. 10) {
        $count++;
        last OUTER if $count > 7;
        next OUTER if $j == 3;
    }
}
print "$count\n";
my @nums = (3, 1, 4, 1, 5, 9, 2, 6);
my ($min, $max) = (sort { $a <=> $b } @nums)[0, -1];
print "$min $max\n";
my $sum = 0;
$sum += $_ for @nums;
print "$sum\n";
for (my ($a1, $b1) = (0, 10); $a1 < $b1; $a1 += 3, $b1 -= 3) { print "$a1-$b1 " }
print "\n";
my @w = qw(x y z);
for my $idx (0 .. $#w) { print "$idx=$w[$idx] " }
print "\n";
print "redo test\n";
my $tries = 0;
for my $v (1 .. 2) {
    $tries++;
    redo if $tries == 1;
}
print "$tries\n";
