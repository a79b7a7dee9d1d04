# Method call sites cache what they found; defining subs, changing @ISA and local @ISA must be seen at once.
use strict;
use warnings;

package Animal;
sub new { my ($class, $name) = @_; return bless { name => $name }, $class }
sub speak { my $self = shift; return $self->{name} . " makes " . $self->sound }
sub sound { "a noise" }
package Dog;
our @ISA = ('Animal');
sub sound { "woof" }
package Puppy;
our @ISA = ('Dog');
package Robot;
sub new { bless {}, shift }
sub sound { "beep" }
sub speak { "robot says " . $_[0]->sound }
package main;

my @pets = (Animal->new("cat"), Dog->new("rex"), Puppy->new("bit"));
sub round { my $tag = shift; print "$tag: ", join("; ", map { $_->speak } @pets), "\n" }
round("start") for 1 .. 2;

# a sub defined at run time in a package searched before the one the cache found
eval 'sub Puppy::sound { "yip" } 1' or die $@;
round("Puppy::sound defined");

# @ISA changed by assignment, push, and local
@Puppy::ISA = ('Animal');
round("Puppy isa Animal");
@Puppy::ISA = ();
push @Puppy::ISA, 'Robot';
round("Puppy isa Robot");
{
    local @Dog::ISA = ('Robot');
    round("local Dog isa Robot");
}
round("local restored");

# SUPER:: from one site, for two classes
package Base1;
sub hello { "base1" }
package Mid;
our @ISA = ('Base1');
sub hello { my $s = shift; "mid>" . $s->SUPER::hello() }
package Leaf;
our @ISA = ('Mid');
package main;
my @objs = (bless({}, 'Mid'), bless({}, 'Leaf'));
print join(" ", map { $_->hello } @objs), "\n" for 1 .. 2;
eval 'package Base2; sub hello { "base2" } 1' or die $@;
@Mid::ISA = ('Base2');
print join(" ", map { $_->hello } @objs), "\n";

# a method that goes away from the first package and is found in a parent
package P1; sub who { "P1" }
package P2; our @ISA = ('P1'); sub who { "P2" }
package main;
my $o = bless {}, 'P2';
my @seen;
for my $i (1 .. 3) {
    push @seen, $o->who;
    if ($i == 2) { @P2::ISA = ('P1'); bless $o, 'P1' }
}
print "@seen\n";

# can and a missing method after the cache has entries
print ref(Dog->can('sound')), " ", (Dog->can('fly') ? "fly" : "no fly"), "\n";
my $ok = eval { $pets[1]->fly; 1 };
print $ok ? "flew\n" : "error: $@";
