use strict;
use warnings;
sub make_acc { my $total = shift; return { add => sub { $total += shift }, get => sub { $total } } }
my $acc = make_acc(10);
$acc->{add}->(5);
$acc->{add}(7);
print $acc->{get}->(), "\n";
my @gen = map { my $n = $_; sub { $n * $_[0] } } 1 .. 3;
print join(",", map { $_->(10) } @gen), "\n";
sub compose { my @f = reverse @_; return sub { my @a = @_; @a = $_->(@a) for @f; wantarray ? @a : $a[0] } }
my $inc = sub { $_[0] + 1 };
my $dbl = sub { $_[0] * 2 };
print compose($dbl, $inc)->(5), "\n";
my $counter = do { my $c = 0; sub { ++$c } };
$counter->() for 1 .. 3;
print $counter->(), "\n";
my @closures;
my $i = 0;
while ($i < 3) { my $j = $i; push @closures, sub { "j$j" }; $i++ }
print join(" ", map { $_->() } @closures), "\n";
my $fact;
$fact = sub { my $n = shift; $n <= 1 ? 1 : $n * $fact->($n - 1) };
print $fact->(15), "\n";
sub apply_n { my ($f, $n, $x) = @_; $x = $f->($x) for 1 .. $n; $x }
print apply_n(sub { $_[0] ** 2 }, 3, 2), "\n";
my %memo;
sub fibm { my $n = shift; return $memo{$n} //= $n < 2 ? $n : fibm($n - 1) + fibm($n - 2) }
print fibm(80), "\n";
my $str_fn = sub { join "-", @_ };
print $str_fn->(qw(a b c)), "\n";
print &$str_fn(1, 2), " ", &{$str_fn}(3), "\n";
my @sorted = sort { $a <=> $b } map { $_->(3) } @gen;
print "@sorted\n";
