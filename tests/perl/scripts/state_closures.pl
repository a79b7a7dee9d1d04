# state variables in anonymous subs (perlsub "Persistent variables with closures"): each closure made by a
# `sub {...}` expression has its own state variables (scalars, arrays, hashes; `state $x = EXPR` initializes once
# per closure); closures inside see them; named subs keep one per program.
use strict;
use warnings;
use feature 'state';

my @counters = map { my $start = $_ * 10; sub { state $n = $start; return $n++ } } 1 .. 2;
print join(",", $counters[0]->(), $counters[0]->(), $counters[1]->(), $counters[0]->(), $counters[1]->()), "\n";

sub make_logger {
    my $prefix = shift;
    return sub {
        state @seen;
        state %count;
        state $calls;
        push @seen, @_;
        $count{$_}++ for @_;
        $calls++;
        return "$prefix$calls: @seen (" . join(",", map { "$_=$count{$_}" } sort keys %count) . ")";
    };
}
my $log1 = make_logger("A");
my $log2 = make_logger("B");
print $log1->("x"), "\n";
print $log1->("y", "x"), "\n";
print $log2->("z"), "\n";
print $log1->(), "\n";

my $outer = sub {
    state $total = 0;
    my $add = sub { $total += shift };
    $add->($_) for @_;
    return $total;
};
print $outer->(1, 2, 3), " ", $outer->(4), "\n";

my $gen = sub { state $x; $x .= "a"; $x };
print $gen->(), $gen->(), "\n";
my $fresh = sub { state $x; $x .= "b"; $x };
print $fresh->(), "\n";

sub named_counter { state $n = 0; return ++$n }
print named_counter(), named_counter(), "\n";
for my $i (1 .. 3) {
    my $c = sub { state $k = 100; ++$k };
    print $c->(), $c->(), " ";
}
print "\n";
