# DESTROY (perlobj "Destructors"): called once per object with the object in $_[0], inherited through @ISA,
# AUTOLOAD standing in for a missing DESTROY, re-blessed objects, resurrection, objects still alive at the end
# destroyed in perl's order (file lexicals last declared first, then package variables during global
# destruction). trellis-perl calls DESTROY when a collection finds the object unreachable, not at scope exit
# (docs/perl.md), so objects that die during the run log into @log, which the first-declared lexical's DESTROY
# prints sorted (file lexicals are freed last declared first, after everything that died before the end).
use strict;
use warnings;

our (@log, $count, @zombies, $resurrected);

package Reporter;
sub new { bless {}, shift }
sub DESTROY {
    print "log: ", join(", ", sort @main::log), "\n";
    print "count: $main::count\n";
    print "zombies: ", scalar(@main::zombies), " ", ref($main::zombies[0]), " n=$main::zombies[0]{n}\n";
}

package Obj;
sub new { my ($class, $n) = @_; return bless { n => $n }, $class }
sub DESTROY { my $self = shift; push @main::log, ref($self) . ":" . $self->{n} }

package Child;
our @ISA = ('Obj');

package Counted;
sub new { bless [$_[1]], $_[0] }
sub DESTROY { $main::count++ }

package Lazy;
our $AUTOLOAD;
sub new { bless {}, shift }
sub AUTOLOAD { push @main::log, "AUTOLOAD $AUTOLOAD"; return }

package Keeper;
sub new { bless { n => $_[1] }, $_[0] }
sub DESTROY {
    return if $main::resurrected++;  # perl calls DESTROY again when a resurrected object dies again
    push @main::log, "keeper $_[0]{n}";
    push @main::zombies, $_[0];       # resurrects the object
}

package Loud;
sub new { bless { n => $_[1] }, $_[0] }
sub DESTROY { print "destroying $_[0]{n}\n" }

package main;

my $reporter = Reporter->new;
sub make { my $a = Obj->new(1); my $b = Child->new(2); return 0 }
make();
{ my @list = (Obj->new(3), Obj->new(4)); }
{ my $x = Obj->new(5); bless $x, 'Child'; }
{ my $lazy = Lazy->new; }
{ my $k = Keeper->new(6); }
eval { my $t = Obj->new(7); die "boom\n" };
print "eval said: $@";
for my $i (1 .. 3000) { my $o = Counted->new("x" x 4000) }  # 12 MB: a few collections of a 6 MiB eden
print "some destroyed during the run: ", ($count > 0 ? "yes" : "no"), "\n";
my $data = { list => [ map { Obj->new("nested$_") } 1 .. 3 ] };
my $first = Loud->new("first lexical");
my $second = Loud->new("second lexical");
our $global = Loud->new("package variable");
print "end of program\n";
