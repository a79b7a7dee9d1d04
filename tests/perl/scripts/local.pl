use strict;
use warnings;
our $level = 0;
our @stack = (1);
sub show { print "level=$level stack=@stack\n" }
sub nested {
    local $level = $level + 1;
    local @stack = (@stack, $level);
    show();
    nested() if $level < 3;
    show();
}
nested();
show();
{
    local $, = "-";
    local $\ = "!\n";
    print "a", "b", "c";
}
print "a", "b", "\n";
my @list = (1, 2, 3);
{
    local $" = ":";
    print "@list\n";
}
print "@list\n";
for my $i (1 .. 3) {
    local $level = $i * 10;
    last if $i == 2;
}
show();
$_ = "outer";
sub uses_topic { local $_ = "inner"; return length }
print uses_topic(), " $_\n";
eval { local $level = 99; die "x\n" };
show();
for (1 .. 2) { local $_ = "t"; }
print "$_\n";
