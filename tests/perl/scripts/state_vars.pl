use strict;
use warnings;
use feature qw(say state);
sub counter { state $n = 0; return ++$n }
sub seen { my $x = shift; state %seen; return $seen{$x}++ ? "again" : "first" }
say counter() for 1 .. 3;
say join ",", map { seen($_) } qw(a b a c b);
for my $i (1 .. 3) {
    state $total = 100;
    $total += $i;
    say "total $total";
}
sub make { my $k = shift; return sub { "$k:" . counter() } }
say make("x")->();
say "say works with lists: ", 1, 2;
