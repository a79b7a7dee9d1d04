# use overload: perl's fallback rules (undef, 0, 1), nomethod, conversions generated from one another,
# mutators with the copy constructor, method names as strings, and "no method found" errors
package P; use overload '""' => sub { "3" };
package Q; use overload '+' => sub { "plus(" . join(",", map { defined $_ ? $_ : 'u' } @_[1, 2]) . ")" };
package N; use overload '""' => sub { "N!" }, 'nomethod' => sub { "nm(" . join(",", map { defined $_ ? $_ : 'u' } @_[1 .. 3]) . ")" };
package F0; use overload '""' => sub { "F0" }, fallback => 0;
package F1; use overload '0+' => sub { 42 }, fallback => 1;
package F2; use overload '+' => sub { 42 }, fallback => 1;
package B; use overload 'bool' => sub { $_[0]{v} > 0 }, fallback => 1;
package Named; use overload '+' => 'add', '-' => 'subtract', '""' => 'str', fallback => undef;
sub add { Named->new($_[0]{v} + (ref $_[1] ? $_[1]{v} : $_[1])) }
sub subtract { my ($a, $b, $s) = @_; $b = ref $b ? $b->{v} : $b; Named->new($s ? $b - $a->{v} : $a->{v} - $b) }
sub str { "<$_[0]{v}>" }
sub new { bless { v => $_[1] }, $_[0] }
package Child; our @ISA = ('Named');
sub str { "child<$_[0]{v}>" }
package Counter;
my $copies = 0;
use overload '++' => sub { $_[0]{n}++; $_[0] }, '--' => sub { $_[0]{n}--; $_[0] },
    '=' => sub { $copies++; bless { n => $_[0]{n} }, 'Counter' }, '""' => sub { "#$_[0]{n}" },
    '+=' => sub { $_[0]{n} += $_[1]; $_[0] }, '.=' => sub { $_[0]{n} .= "0"; $_[0] };
package main;

sub try { my $r = eval { $_[0]->() }; defined $r ? "$r\n" : $@ }
my $p = bless {}, 'P';
print "P: ", $p . "y", " ", "a${p}b", " ", $p x 2, " ", sprintf("%s|%d", $p, $p), " ", int($p), " ", length($p), "\n";
print "P bool: ", ($p ? "T" : "F"), " not: ", (!$p ? "T" : "F"), "\n";
print "P ==: ", try(sub { $p == 3 });
print "P neg: ", try(sub { -$p });
print "P abs: ", try(sub { abs($p) });
print "P eq: ", try(sub { $p eq "3" });
print "P <: ", try(sub { $p < 4 });
print "P cmp: ", try(sub { $p cmp 4 });
my $q = bless {}, 'Q';
print "Q: ", $q + 1, " ", 1 + $q, "\n";
print "Q -: ", try(sub { $q - 1 });
print "Q neg: ", try(sub { -$q });
print "Q str: ", try(sub { "$q" });
print "Q not: ", try(sub { !$q });
print "Q bool: ", try(sub { $q ? 1 : 0 });
print "Q +=: ", try(sub { my $z = $q; $z += 5; $z });
print "Q ++: ", try(sub { my $z = $q; $z++; $z });
my $n = bless {}, 'N';
print "N: ", $n + 1, " ", 2 * $n, " ", ($n eq "x"), " ", -$n, " ", $n . "x", " ", abs($n), "\n";
my $f = bless {}, 'F0';
print "F0 str: ", try(sub { "$f" });
print "F0 .: ", try(sub { $f . "x" });
print "F0 eq: ", try(sub { $f eq "F0" });
my $g = bless {}, 'F1';
print "F1: $g|", $g + 1, "|", ($g eq "42"), "|", $g . "x", "|", -$g, "|", abs($g), "|", ($g == 42 ? 1 : 0), "|", (!$g ? 1 : 0), "\n";
my $g2 = bless {}, 'F2';
print "F2: ", ("$g2" =~ /^F2=HASH\(0x[0-9a-f]+\)$/ ? "ok" : "no"), "|", ($g2 - 1 > 1000 ? "addr" : "?"), "|", ($g2 ? "T" : "F"), "|", $g2 + 1, "\n";
my ($yes, $no) = (bless({ v => 1 }, 'B'), bless({ v => 0 }, 'B'));
print "B: ", ($yes ? 1 : 0), ($no ? 1 : 0), (!$no ? 1 : 0), ($yes && "and"), " ", ($no || "or"), " ", (grep { $_ } $yes, $no, $yes) + 0, "\n";
my $x = Named->new(5);
print "Named: ", $x + 1, " ", $x - 1, " ", 10 - $x, " ", $x + $x, "\n";
print "Named *: ", try(sub { $x * 2 });
my $c = Child->new(7);
print "Child: $c ", $c + 1, " ", ref($c + 1), "\n";
my $k = bless { n => 1 }, 'Counter';
my $k2 = $k;
$k++;
print "Counter: $k $k2\n";
++$k;
--$k2;
print "Counter: $k $k2\n";
$k += 10;
print "Counter +=: $k\n";
$k .= "x";
print "Counter .=: $k\n";
print "Counter post: ", $k++, " then $k\n";
