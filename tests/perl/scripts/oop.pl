use strict;
use warnings;
package Animal;
sub new {
    my ($class, %args) = @_;
    my $self = { name => $args{name} || 'generic', sound => 'noise' };
    return bless $self, $class;
}
sub name { $_[0]->{name} }
sub speak {
    my $self = shift;
    return sprintf("%s says %s", $self->name, $self->sound);
}
sub sound { my $self = shift; return $self->{sound} }
package Dog;
our @ISA = ('Animal');
sub new {
    my ($class, %args) = @_;
    my $self = Animal::new($class, %args);
    $self->{tricks} = [];
    return $self;
}
sub sound { "Woof" }
sub add_trick { my ($self, $t) = @_; push @{ $self->{tricks} }, $t; return $self }
sub tricks { @{ $_[0]->{tricks} } }
package Puppy;
use parent -norequire, 'Dog';
sub sound { my $self = shift; return lc($self->SUPER::sound()) . "!" }
package main;
my $a = Animal->new(name => 'Thing');
my $d = Dog->new(name => 'Rex');
my $p = Puppy->new(name => 'Bit');
print $a->speak, "\n", $d->speak, "\n", $p->speak, "\n";
$d->add_trick('sit')->add_trick('roll');
print join(",", $d->tricks), "\n";
print ref($d), " ", ref($p), "\n";
print $p->isa('Animal') ? "isa\n" : "not isa\n";
print Dog->can('add_trick') ? "can\n" : "cannot\n";
print Dog->can('fly') ? "can fly\n" : "cannot fly\n";
my $m = "speak";
print $d->$m(), "\n";
my $class = "Dog";
my $d2 = $class->new(name => 'Dyn');
print $d2->name, "\n";
eval { $d->fly };
print "error: ", ($@ =~ /Can't locate object method "fly" via package "Dog"/ ? "ok" : $@), "\n";
package Counter { my $instances = 0; sub new { $instances++; bless {}, shift } sub count { $instances } }
Counter->new for 1 .. 3;
print Counter->count, "\n";
print Animal::name($d), "\n";
