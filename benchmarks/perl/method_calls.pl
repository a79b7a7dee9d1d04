# Object method calls: a small class with accessors, an inherited method and SUPER::.
package Counter;
sub new { my ($class, %args) = @_; return bless { n => 0, step => $args{step} || 1 }, $class }
sub inc { my $self = shift; $self->{n} += $self->{step}; return $self }
sub value { $_[0]->{n} }
package Double;
our @ISA = ('Counter');
sub inc { my $self = shift; $self->SUPER::inc(); $self->SUPER::inc() }
package main;
my @objs = (Counter->new(step => 2), Double->new);
my $n = @ARGV ? $ARGV[0] : 100000;
for my $i (1 .. $n) { $_->inc for @objs }
print join(" ", map { $_->value } @objs), "\n";
