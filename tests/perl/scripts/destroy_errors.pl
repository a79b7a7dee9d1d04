# A die inside DESTROY becomes the warning "\t(in cleanup) MSG" under `use warnings` (perl's G_KEEPERR) and
# leaves $@ alone; during global destruction the message says so. An eval inside DESTROY works as anywhere.
use strict;
use warnings;

package Bad;
sub new { bless { n => $_[1] }, $_[0] }
sub DESTROY { die "cleanup of $_[0]{n} failed" }

package Careful;
sub new { bless {}, shift }
sub DESTROY { my $ok = eval { die "caught inside\n"; 1 }; $main::caught = $@ }

package Report;
sub new { bless {}, shift }
sub DESTROY { print "Careful caught: $main::caught"; print "\$\@ at the end: $@" }

package main;

our $caught;
my $report = Report->new;
eval { die "outer\n" };
{ my $b = Bad->new("scoped"); }
{ my $c = Careful->new; }
our $g = Bad->new("global");
print "done\n";
