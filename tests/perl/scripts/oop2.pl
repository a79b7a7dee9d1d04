use strict;
use warnings;
package Stack;
sub new { my $class = shift; return bless { items => [@_] }, $class }
sub push { my $self = shift; push @{ $self->{items} }, @_; return $self }
sub pop { my $self = shift; return pop @{ $self->{items} } }
sub peek { $_[0]{items}[-1] }
sub size { scalar @{ $_[0]{items} } }
sub is_empty { !@{ shift->{items} } }
package Shape;
sub new { my ($class, %a) = @_; my $self = bless {%a}, $class; $self->init; return $self }
sub init { }
sub area { 0 }
sub describe { my $s = shift; return ref($s) . " with area " . sprintf("%.2f", $s->area) }
package Circle;
use parent -norequire, 'Shape';
sub init { $_[0]{r} //= 1 }
sub area { 3.14159265 * $_[0]{r} ** 2 }
package Square;
our @ISA = ('Shape');
sub area { $_[0]{side} ** 2 }
sub describe { my $s = shift; my $base = $s->SUPER::describe(); return "$base (square)" }
package main;
my $s = Stack->new(1, 2);
$s->push(3)->push(4, 5);
print $s->size, " ", $s->pop, " ", $s->peek, " ", ($s->is_empty ? "empty" : "not empty"), "\n";
my @shapes = (Circle->new(r => 2), Square->new(side => 3), Circle->new);
print "$_\n" for map { $_->describe } @shapes;
my @sorted = sort { $a->area <=> $b->area } @shapes;
print join(",", map { ref } @sorted), "\n";
my $obj = Square->new(side => 2);
my $method = Square->can('area');
print $method->($obj), "\n";
print Square->isa('Shape') ? 1 : 0, Circle->isa('Square') ? 1 : 0, "\n";
my $class = ref $obj;
my $clone = $class->new(%$obj);
print $clone->area, "\n";
print "stringy: ", (ref(\$obj) eq 'REF' ? "REF" : ref(\$obj)), "\n";
print Shape::area(), "\n";
package Counter;
my $count = 0;
sub new { my $c = shift; $count++; return bless \my $x, $c }
sub total { $count }
package main;
Counter->new for 1 .. 5;
print Counter->total, " ", Counter::total(), "\n";
my $sref = Counter->new;
print ref($sref), " ", (defined $sref ? "obj" : "undef"), "\n";
