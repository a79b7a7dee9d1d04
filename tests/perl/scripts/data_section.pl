use strict;
use warnings;
my %ages;
while (my $line = <DATA>) {
    chomp $line;
    next if $line =~ /^\s*(#|$)/;
    my ($name, $age) = split /\s*:\s*/, $line;
    $ages{$name} = $age;
}
for my $n (sort { $ages{$a} <=> $ages{$b} } keys %ages) {
    printf "%-6s %3d\n", $n, $ages{$n};
}
__DATA__
# name: age
alice: 31
bob : 25

carol:40
