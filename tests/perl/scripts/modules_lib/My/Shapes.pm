# A module for tests/perl/scripts/modules_disk.pl: `use Exporter 'import'`, a class with methods.
package My::Shapes;
use strict;
use Exporter 'import';
our @EXPORT_OK = qw(area);

sub new { my ($class, %args) = @_; return bless {%args}, $class }
sub width { $_[0]{w} }
sub area { my $s = shift; return $s->{w} * $s->{h} }

1;
