# Carp: croak/carp report the caller's line (skipping the croaking package and its subclasses), and the
# backtrace when every caller is trusted; confess/cluck traces with perl's argument formatting.
use strict;
use warnings;
use Carp;
use Carp qw(cluck);

package Shape;
use Carp;
sub new { my ($class, %args) = @_; croak "Shape needs a size" unless defined $args{size}; return bless {%args}, $class }
sub area { my ($self) = @_; carp "area of an empty shape" if $self->{size} == 0; return $self->{size} ** 2 }
sub check { my ($self, $v) = @_; Shape::validate($v) }
sub validate { my ($v) = @_; croak "invalid value '$v'" if $v < 0; return 1 }

package Square;
our @ISA = ('Shape');
sub make { my ($class, $size) = @_; return Shape::new($class, size => $size) }

package main;

local $SIG{__WARN__} = sub { print "warning: $_[0]" };
eval { Shape->new(colour => 'red') };
print "1: $@";
eval { Square->make(0) };
print "2: $@";
my $s = Shape->new(size => 0);
print "area ", $s->area, "\n";
eval { $s->check(-1) };
print "3: $@";
sub outer { my ($x, @rest) = @_; return inner($x + 1, 'str"ing', undef, @rest) }
sub inner { my ($n) = @_; carp "deep failure at depth $n" }
outer(1, 1 .. 10);  # (traces through eval BLOCKs differ: trellis-perl has no eval frames)
sub tracer { my ($what) = @_; cluck "tracing $what" }
sub wrapper { tracer("a" x 70, 7) ; return 'done' }
print wrapper('x', 2.5), "\n";
eval { croak { code => 42 } };
print "5: ", ref($@), " $@->{code}\n";
my $m = Carp::shortmess("short");
print "6: $m";
sub fatal { my ($why) = @_; confess "giving up: $why" }
fatal('no more input');
print "not reached\n";
