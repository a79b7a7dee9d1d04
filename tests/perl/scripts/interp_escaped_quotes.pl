# perlop "Gory details of parsing quoted constructs": the backslash of \" is removed before an interpolated
# expression is parsed, so "$h{\"key\"}" is the element $h{"key"}.
use strict;
use warnings;
my %h = (key => 1, "a b" => 2);
my @a = (5, 6);
print "v=$h{\"key\"} w=$h{\"a b\"} @{[ \"x\" ]} $a[\"1\"]\n";
my $r = { k => [7] };
print "deep=$r->{\"k\"}[0] ${\ \"ref\"}\n";
print "plain \"quoted\" $h{key}\n";
