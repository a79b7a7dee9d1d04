use strict; use warnings;
my $x = 10;
my @a = (1,2,3);
my %h = (k => 'v');
print eval('$x + 1'), "\n";
eval '$x = 42; push @a, 4; $h{z} = 1';
print "$x @a ", join(",", sort keys %h), "\n";
for my $i (1..3) { print eval "\$i * 2", " "; }
print "\n";
sub f { my $y = shift; return eval '$y * 3 + $_[0]' }
print f(5, 100), "\n";
eval "1 +"; print "[$@]";
eval "die 'oops'"; print "[$@]";
eval { die { code => 5 } }; print "code $@->{code}\n";
my @l = eval "(1,2,3)"; print scalar(@l), "\n";
my $s = eval "(4,5,6)"; print "$s\n";
eval 'sub dyn { return "dyn:@_" } 1' or die; print dyn(1,2), "\n";
print eval { 1 } ? "ok\n" : "no\n";
eval q{use strict; $zz = 1;}; print "[$@]";
my $sum = 0; $sum += eval $_ for qw(1+1 2*3 10/4); print "$sum\n";
eval "\n\ndie"; print "[$@]";
print "after: [$@]\n" if eval "1";
package Foo; print eval '__PACKAGE__', "\n";
package main;
# eval as a calculator / dispatch idiom
my %ops = (add => '$a + $b', mul => '$a * $b');
our ($a, $b) = (6, 7);
for my $op (sort keys %ops) { print "$op: ", eval($ops{$op}), "\n" }
# runtime error inside a sub defined by eval
eval 'sub bad { my $h; return $h->{x}{y} + 1 } sub worse { die "worse\n" } 1';
print bad(), "\n";
eval { worse() }; print "got: $@";
# nested eval strings, $@ cleared on success
my $r = eval q{ eval q{ die "deep\n" }; "inner said: $@" };
print $r, "[$@]\n";
# an eval that returns a closure over its own lexical
my $counter = eval q{ my $n = 0; sub { ++$n } };
$counter->() for 1 .. 4; print $counter->(), "\n";
# the same text compiled once, run many times with the current lexicals
my $t = 0; for my $k (1 .. 100) { $t += eval '$k * 2' } print "$t\n";
# eval's value in list context and @_ of the enclosing sub
sub args_via_eval { return eval '@_' } my @got = args_via_eval(qw(x y z)); print "@got\n";
eval '1;'; print "empty: [", ($@ // 'undef'), "]\n";
print defined(eval 'die "x\n"; 1') ? "def\n" : "undef\n";
