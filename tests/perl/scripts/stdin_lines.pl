use strict;
use warnings;
my $first = <STDIN>;
chomp $first;
print "first: [$first]\n";
my $n = 0;
my %words;
while (my $line = <STDIN>) {
    chomp $line;
    next unless length $line;
    $n++;
    $words{$_}++ for split ' ', $line;
}
print "lines: $n\n";
for my $w (sort { $words{$b} <=> $words{$a} || $a cmp $b } keys %words) {
    printf "%-6s %d\n", $w, $words{$w};
}
