# expect: a sub prototype not supported by trellis-perl at signature.pl line 2.
sub apply(&@) { my $c = shift; map { $c->($_) } @_ }
print "never\n";
