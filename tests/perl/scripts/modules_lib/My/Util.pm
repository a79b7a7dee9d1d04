# A module for tests/perl/scripts/modules_disk.pl: Exporter through @ISA, @EXPORT, @EXPORT_OK, %EXPORT_TAGS,
# an exported variable, file lexicals seen by its subs, and a body that runs once.
package My::Util;
use strict;
use warnings;
require Exporter;
our @ISA = ('Exporter');
our @EXPORT = qw(double);
our @EXPORT_OK = qw(triple $counter @names);
our %EXPORT_TAGS = (all => [qw(double triple)]);
our $counter = 0;
our @names = ('x', 'y');
my $calls = 0;
print "loading My::Util\n";

sub double { $calls++; $counter++; return 2 * shift }
sub triple { $calls++; return 3 * shift }
sub calls { return $calls }

1;
