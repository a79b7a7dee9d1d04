use strict;
use warnings;
sub add { my ($x, $y) = @_; return $x + $y }
print add(2, 3), "\n";
sub fact { my $n = shift; return $n <= 1 ? 1 : $n * fact($n - 1) }
print fact(10), "\n";
sub fib { my $n = shift; $n < 2 ? $n : fib($n - 1) + fib($n - 2) }
print fib(20), "\n";
sub modify { $_[0] = "modified"; }
my $v = "orig";
modify($v);
print "$v\n";
sub ctx { return wantarray ? "list" : defined(wantarray) ? "scalar" : "void" }
my @l = ctx();
my $s = ctx();
print "$l[0] $s\n";
sub many { return (1, 2, 3) }
my $last = many();
my ($f) = many();
my @all = many();
print "$last $f @all\n";
sub count_args { return scalar(@_) }
print count_args(1, (2, 3), ()), "\n";
my @arr = (1, 2);
print count_args(@arr, @arr), "\n";
sub noret { my $x = shift; $x * 2 }
print noret(21), "\n";
sub early { my $x = shift; return "neg" if $x < 0; "pos" }
print early(-1), " ", early(1), "\n";
sub empty_return { return }
my @e = empty_return();
my $es = empty_return();
print scalar(@e), " ", defined $es ? "def" : "undef", "\n";
sub double_all { $_ *= 2 for @_ }
my @d = (1, 2, 3);
double_all(@d);
print "@d\n";
my $code = \&add;
print $code->(10, 20), " ", &$code(1, 1), " ", &add(3, 3), "\n";
sub apply { my ($f, @xs) = @_; return map { $f->($_) } @xs }
print join(",", apply(sub { $_[0] ** 2 }, 1 .. 4)), "\n";
sub ifelse_ret { my $x = shift; if ($x) { "yes" } else { "no" } }
print ifelse_ret(1), ifelse_ret(0), "\n";
sub hash_ret { return (a => 1, b => 2) }
my %hr = hash_ret();
print join(",", map { "$_$hr{$_}" } sort keys %hr), "\n";
