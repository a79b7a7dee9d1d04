use strict;
use warnings;
print "before\n";
my $r = eval { die { msg => "obj" } };
print "obj: $@->{msg}\n";
eval { die "line info" };
print "has line: ", ($@ =~ /at .* line \d+\.$/ ? 1 : 0), "\n";
END_LABEL: {
    print "in block\n";
}
exit 3;
print "not here\n";
