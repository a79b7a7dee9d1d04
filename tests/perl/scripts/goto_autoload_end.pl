use strict; use warnings;
END { print "end 1, status ", $?, "\n" }
END { print "end 2\n" }
sub inner { return "inner(@_)" }
sub outer { unshift @_, "x"; goto &inner }
print outer(1, 2), "\n";
my $code = \&inner;
sub viaref { goto &$code }
print viaref("r"), "\n";
sub lst { return (1, 2, 3) } sub wrap { goto &lst } my @l = wrap(); print scalar(@l), "\n";
package Shape;
our $AUTOLOAD;
sub new { my ($c, %a) = @_; bless {%a}, $c }
sub AUTOLOAD {
  my $self = shift;
  my $name = $AUTOLOAD; $name =~ s/.*:://;
  return if $name eq 'DESTROY';
  die "no method $name\n" unless exists $self->{$name};
  $self->{$name} = shift if @_;
  return $self->{$name};
}
package Circle; our @ISA = ('Shape');
package main;
my $s = Circle->new(r => 2, color => 'red');
print $s->r, " ", $s->color, "\n";
$s->color('blue'); print $s->color, "\n";
eval { $s->area }; print "err: $@";
package Lazy; our $AUTOLOAD; sub AUTOLOAD { my $n = $AUTOLOAD; return "called $n(@_)" }
package main;
print Lazy::anything(1, 2), "\n";
print "main done\n";
exit 3;
END { $? = 0 if $? == 3; print "reset\n" }
