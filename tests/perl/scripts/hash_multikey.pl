# $h{LIST}: multidimensional array emulation (perlvar "$;"): the key is join($;, LIST)
use strict;
use warnings;

my %h;
$h{1, 2} = 'a';
$h{'x', 'y', 'z'} = 'b';
my ($i, $j) = (3, 4);
$h{$i, $j} = 'c';
print join(',', map { join('|', split($;, $_)) } sort keys %h), "\n";
print exists $h{1, 2} ? "yes\n" : "no\n";
print exists $h{2, 1} ? "yes\n" : "no\n";
print $h{3, 4}, "\n";
my $r = \%h;
print $r->{'x', 'y', 'z'}, "\n";
delete $h{1, 2};
print scalar(keys %h), "\n";
print length($;), " ", ord($;), "\n";
{
    local $; = '-';
    $h{5, 6} = 'd';
}
print exists $h{'5-6'} ? "dash\n" : "none\n";
my %grid;
for my $x (0 .. 2) {
    for my $y (0 .. 2) { $grid{$x, $y} = $x * $y }
}
print join(' ', map { $grid{$_, 2} } 0 .. 2), "\n";
my @sl = @h{'a', 'b'};   # a slice stays a list of keys
print scalar(@sl), "\n";
