# Counting foreach loops (for my $i (A .. B)) and constant operands: the loop variable kept in a register when the
# body only reads it, and every way the body may instead need a real variable (closures, references, aliasing
# through @_, assignment, matching, string eval), plus bounds beyond small integers.
use strict;
use warnings;

my $sum = 0;
for my $i (1 .. 10) { $sum += $i * 2 + $i % 3 }
print "sum $sum\n";

my %h;
for my $i (1 .. 5) { $h{"k" . ($i % 2)} .= "$i," }
print join(" ", map { "$_=$h{$_}" } sort keys %h), "\n";

my @subs;
for my $i (1 .. 3) { push @subs, sub { $i * 10 } }
print join(",", map { $_->() } @subs), "\n";

my @refs;
for my $i (1 .. 3) { push @refs, \$i }
${ $refs[0] } = 99;
print join(",", map { $$_ } @refs), "\n";

sub bump { $_[0] += 100 }
for my $i (1 .. 3) { bump($i); print "bumped $i\n" }

for my $i (1 .. 3) { $i *= 2; print "doubled $i\n" }

for my $i (1 .. 4) { print "match $i\n" if $i =~ /[24]/ }

for my $i (1 .. 3) { my $r = eval '$i + 1'; print "eval $r\n" }

for my $i (1 .. 3) {
    for my $j ($i .. 3) { next if $j == 2; print "pair $i $j\n" }
    last if $i == 2;
}

my $n = 0;
for my $i (2**46 .. 2**46 + 2) { $n++ }
for my $i (9007199254740990 .. 9007199254740992) { $n += $i - 9007199254740989 }
print "big $n\n";

for my $i (5 .. 3) { print "never $i\n" }
for my $i (-2 .. 0) { print "neg ", -$i, " ", !$i ? "zero" : "nonzero", "\n" }

my @a = (10, 20, 30, 40);
my $acc = "";
for my $i (0 .. $#a) { $acc .= $a[$i] + $i; $acc .= ";" }
print "$acc\n";

my @sorted;
for my $i (1 .. 2) { @sorted = sort { $a * $i <=> $b * $i } (3, 1, 2) }
print "@sorted\n";

sub pick { my $x = shift; return $x > 1 ? $x : -$x }
my @l = (pick(3), pick(0));
print "list @l ", scalar(pick(5)), "\n";
sub both { return $_[0] || "none" }
my @b = both(0);
print "both @b ", both(7), "\n";
