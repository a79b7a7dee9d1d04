# Subs with a prototype starting with & (perlsub "Prototypes"): `NAME BLOCK LIST` passes the block as an
# anonymous sub, like grep/map; also called with an explicit `sub {...}` or `\&name`; a forward declaration.
use strict;
use warnings;

sub apply(&@) {
    my ($code, @list) = @_;
    return map { $code->($_) } @list;
}
sub count_if(&@) {
    my $test = shift;
    my $n = 0;
    for (@_) { $n++ if $test->() }
    return $n;
}
sub twice(&) { my $c = shift; $c->(); $c->() }
sub with_arg(&$) { my ($c, $x) = @_; return $c->($x) * 2 }

my @doubled = apply { $_[0] * 2 } 1, 2, 3;
print "@doubled\n";
print count_if { $_ % 2 } 1 .. 9;
print "\n";
my $calls = 0;
twice { $calls++ };
print "calls: $calls\n";
print with_arg { $_[0] + 1 } 20;
print "\n";
my @words = apply { uc $_[0] } qw(a b);
print "@words\n";
print join(",", apply(sub { $_[0] . "!" }, "x", "y")), "\n";
sub ap2(&@);  # a forward declaration with the prototype
my @r = ap2 { $_[0] + 1 } 1, 2;
print "@r ", join(",", apply(\&negate, 4, 5)), "\n";
sub negate { -$_[0] }
sub ap2(&@) { my $c = shift; return map { $c->($_) } @_ }
my @nested = apply { my $x = $_[0]; apply { $_[0] + $x } 10, 20 } 1, 2;
print "@nested\n";
print eval q{ join "-", apply { $_[0] x 2 } "ab", "c" }, "\n";
