# use overload: a Vec2 class, a Money class with fallback => 1, inheritance through @ISA, swapped arguments
use strict;
use warnings;

package Vec2;
use overload
    '+'   => \&add,
    '-'   => sub { my ($p, $q, $swap) = @_; $q = Vec2->new($q, $q) unless ref $q; ($p, $q) = ($q, $p) if $swap; Vec2->new($p->{x} - $q->{x}, $p->{y} - $q->{y}) },
    '*'   => sub { my ($p, $q) = @_; ref $q ? $p->{x} * $q->{x} + $p->{y} * $q->{y} : Vec2->new($p->{x} * $q, $p->{y} * $q) },
    '=='  => sub { my ($p, $q) = @_; $p->{x} == $q->{x} && $p->{y} == $q->{y} },
    'neg' => sub { Vec2->new(-$_[0]{x}, -$_[0]{y}) },
    'abs' => sub { sqrt($_[0]{x} ** 2 + $_[0]{y} ** 2) },
    'bool' => sub { $_[0]{x} || $_[0]{y} },
    '""'  => \&to_string;
sub new { my ($class, $x, $y) = @_; return bless { x => $x, y => $y }, $class }
sub add { my ($p, $q) = @_; $q = Vec2->new($q, $q) unless ref $q; return Vec2->new($p->{x} + $q->{x}, $p->{y} + $q->{y}) }
sub to_string { my $self = shift; return "($self->{x}, $self->{y})" }

package Money;
use overload
    '+'   => sub { Money->new($_[0]->cents + (ref $_[1] ? $_[1]->cents : $_[1] * 100)) },
    '<=>' => sub { my ($p, $q, $s) = @_; my $r = $p->cents <=> (ref $q ? $q->cents : $q * 100); $s ? -$r : $r },
    'cmp' => sub { my ($p, $q, $s) = @_; $s ? "$q" cmp "$p" : "$p" cmp "$q" },
    '""'  => sub { sprintf '$%d.%02d', int($_[0]->cents / 100), $_[0]->cents % 100 },
    fallback => 1;
sub new { bless { c => $_[1] }, $_[0] }
sub cents { $_[0]{c} }

package Euro;
our @ISA = ('Money');
sub new { bless { c => $_[1] }, $_[0] }

package main;

my $p = Vec2->new(1, 2);
my $q = Vec2->new(3, 4);
print "a=$p b=$q\n";
print "a+b=", $p + $q, "\n";
print "b-a=", $q - $p, " a-1=", $p - 1, " 10-a=", 10 - $p, "\n";
print "a*b=", $p * $q, " a*3=", $p * 3, "\n";
print "-a=", -$p, " abs(b)=", abs($q), "\n";
print "a==a: ", ($p == Vec2->new(1, 2) ? "yes" : "no"), ", a==b: ", ($p == $q ? "yes" : "no"), "\n";
my $z = Vec2->new(0, 0);
print "z is ", ($z ? "true" : "false"), ", a is ", ($p ? "true" : "false"), ", !z=", (!$z ? 1 : 0), "\n";
print "unless: ", "ok\n" unless $z;
my $c = $p;
$c += $q;
print "c=$c a=$p\n";
$c++;
print "c++=$c\n";
my @list = ($p, $q, $c);
print "join: ", join(" ", @list), "\n";
printf "printf: %s and %s\n", $p, $q;
my $s = sprintf "%-10s|", $p;
print "sprintf: $s\n";
my %h = ($p => 'first');
$h{$q} = 'second';
print "keys: ", join(", ", sort keys %h), "\n";
print "concat: " . $p . "\n";
my $str = "pre-";
$str .= $q;
print "append: $str\n";
print "eq: ", ("$p" eq "(1, 2)" ? 1 : 0), "\n";
print "length: ", length($p), " uc: ", uc(Vec2->new(7, 8)), "\n";

my $m = Money->new(1050);
my $n = Money->new(299);
print "m=$m n=$n sum=", $m + $n, " plus 2=", $m + 2, " 2 plus=", 2 + $m, "\n";
print "m > n: ", ($m > $n ? 1 : 0), " m < 5: ", ($m < 5 ? 1 : 0), " 20 > m: ", (20 > $m ? 1 : 0), "\n";
print "m == 10.5: ", ($m == 10.5 ? 1 : 0), " m != n: ", ($m != $n ? 1 : 0), "\n";
print "sorted: ", join(" ", sort { $a <=> $b } Money->new(500), Money->new(20), Money->new(300)), "\n";
print "m eq '\$10.50': ", ($m eq '$10.50' ? 1 : 0), " m lt n: ", ($m lt $n ? 1 : 0), "\n";
my $t = $m;
$t += 1;
print "t=$t m=$m\n";
print "x: ", $n x 2, "\n";
my $e = Euro->new(700);
print "euro=$e +1=", $e + 1, " ref=", ref($e + 1), "\n";
print "StrVal: ", (overload::StrVal($p) =~ /^Vec2=HASH\(0x[0-9a-f]+\)$/ ? "ok" : "bad"), "\n";
print "Overloaded: ", (overload::Overloaded($p) ? 1 : 0), (overload::Overloaded('Euro') ? 1 : 0),
    (overload::Overloaded(bless {}, 'Plain') ? 1 : 0), "\n";
print "Method: ", (ref(overload::Method($p, '+')) eq 'CODE' ? "code" : "none"), " ",
    (defined overload::Method($p, '/') ? "code" : "none"), " ", (overload::Method($e, '""')->($e)), "\n";
print "numeric money: ", $m * 1, "\n";
