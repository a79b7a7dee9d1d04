use strict;
use warnings;
my $r = eval { die "boom\n"; 1 };
print defined $r ? "defined\n" : "undef\n";
print "caught: $@";
eval { die "no newline" };
print "caught: $@";
my $ok = eval { 42 };
print "ok $ok [$@]\n";
eval { my $x = 1 / 0; };
print "div: $@";
sub thrower { die { code => 42 } }
eval { thrower() };
print "code $@->{code}\n";
eval { eval { die "inner\n" }; print "inner caught $@"; die "outer\n" };
print "outer caught $@";
my @l = eval { (1, 2, 3) };
print "@l\n";
for my $i (1 .. 3) {
    eval { next if $i == 2; print "i=$i\n" };
}
print "$v\n";
eval { my @a = (1); my $x = $a[0]->{k}; };
print "deref: ", ($@ ? "error\n" : "none\n");
warn "to stderr\n";
die "final death\n";
