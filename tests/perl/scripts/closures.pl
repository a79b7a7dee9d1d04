use strict;
use warnings;
sub make_counter {
    my $n = shift;
    return sub { return $n++ };
}
my $c1 = make_counter(5);
my $c2 = make_counter(10);
print $c1->(), $c1->(), $c2->(), $c1->(), "\n";
my @subs;
for my $i (1 .. 3) {
    push @subs, sub { $i * 10 };
}
print join(",", map { $_->() } @subs), "\n";
my @subs2;
for (my $i = 0; $i < 3; $i++) {
    my $j = $i;
    push @subs2, sub { $j };
}
print join(",", map { $_->() } @subs2), "\n";
my $total = 0;
my $adder = sub { $total += $_ for @_ };
$adder->(1, 2, 3);
print "$total\n";
my $counter = 0;
sub bump { $counter++ }
bump() for 1 .. 4;
print "$counter\n";
sub outer {
    my $x = shift;
    my $inner = sub { my $y = shift; return sub { $x + $y + shift } };
    return $inner->(10)->(100);
}
print outer(1), "\n";
my %dispatch = (add => sub { $_[0] + $_[1] }, mul => sub { $_[0] * $_[1] });
print join(",", map { $dispatch{$_}->(3, 4) } sort keys %dispatch), "\n";
my $rec;
$rec = sub { my $n = shift; $n <= 0 ? 0 : $n + $rec->($n - 1) };
print $rec->(10), "\n";
