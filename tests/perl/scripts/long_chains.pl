# Long left-associative operator chains compile as a loop (no native recursion, no register per operator)
# (shorter under TRELLIS_GC_STRESS, where every allocation collects; perl sees the same environment)
my $n = $ENV{TRELLIS_GC_STRESS} ? 3000 : 100000;
my $sum = eval(join ' + ', (1) x $n);
print defined $sum ? "sum " . ($sum == $n ? "n" : $sum) . "\n" : "error $@";
my $s = 'x';
my $cat = eval(join ' . ', ('$s') x $n);
print defined $cat ? "concat " . (length($cat) == $n ? "n" : length($cat)) . "\n" : "error $@";
my $mixed = eval(join(' - ', (3) x ($n / 2)) . ' . "/" . ' . join(' * ', (2) x 20));
print "mixed $mixed\n";
my @a = (1 .. 5);
my $e = eval('$a[0]' . (' + $a[1] * $a[2] - $a[3] / $a[4]' x ($n / 5)));
print "elems $e\n";
package Tag;
use overload '.' => sub { my ($x, $y, $swap) = @_; Tag->new($swap ? "$y<$x->{s}>" : "<$x->{s}>$y") }, '""' => sub { "T($_[0]{s})" };
sub new { bless { s => $_[1] }, $_[0] }
package main;
my $t = Tag->new('t');
my $chain = eval(join ' . ', '$t', ("'a'") x 20);
print ref($chain), " ", length("$chain"), " ", substr("$chain", 0, 30), "\n";
my $plain = eval(join ' . ', ("'ab'") x 20, '$t');
print ref($plain), " $plain\n";
