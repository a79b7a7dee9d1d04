# Sub calls and sort blocks whose frames the interpreter reuses or builds cheaply: sort comparators with
# lexicals, closures, nested sorts, die caught by eval, `return`, `local` and recursion; @_ aliasing, shift,
# goto &sub, closures capturing loop variables, \ of a lexical, string eval seeing lexicals.
use strict;
use warnings;

my @subs;
my @v = (5, 3, 9, 1, 7);
my @s = sort { my $x = $a; my $y = $b; push @subs, sub { $x != $y ? "own" : "shared" } if @subs < 3; $x <=> $y } @v;
print "@s | ", join(",", map { $_->() } @subs), "\n";

my @nested = sort { my @in = sort { $b <=> $a } ($a, $b); ($in[0] == $a ? -1 : 1) * -1 } (4, 2, 8, 6);
print "@nested\n";

our $depth = 0;
my @loc = sort { local $depth = $depth + 1; $depth == 1 ? $a cmp $b : 0 } qw(pear apple fig);
print "@loc $depth\n";

sub by_len { return length($a) <=> length($b) || $a cmp $b }
print join(" ", sort by_len qw(ccc a bb aa b)), "\n";

my $r = eval { my @x = sort { die "cmp died\n" if $a == 3; $a <=> $b } (1, 2, 3, 4); 1 };
print defined $r ? "no error\n" : "caught: $@";
my @after = sort { $a <=> $b } (3, 1, 2);
print "@after\n";

sub fact { my $n = shift; return $n <= 1 ? 1 : $n * fact($n - 1) }
print join(",", sort { fact($a) <=> fact($b) } (5, 3, 4)), " ", fact(10), "\n";

sub bump { $_[0]++; $_[1] .= "!" }
my ($p, $q) = (1, "hi");
bump($p, $q);
print "$p $q\n";
sub two { my $self = shift; my $n = shift; return "$self:$n:" . scalar(@_) }
print two("a", 2, 3, 4), "\n";
sub inner { return "inner(@_)" }
sub outer { unshift @_, "x"; goto &inner }
print outer(1, 2), "\n";

my @closures;
for my $i (1 .. 3) { my $j = $i * 10; push @closures, sub { $i + $j } }
print join(",", map { $_->() } @closures), "\n";
my $val = 5;
my $ref = \$val;
$$ref = 6;
print "$val ", eval q{$val + 1}, "\n";
my @big = map { ($_ * 37) % 101 } 1 .. 300;
my @sorted = sort { ($a % 7) <=> ($b % 7) or $b <=> $a } @big;
print "@sorted[0 .. 4] @sorted[-3 .. -1]\n";
