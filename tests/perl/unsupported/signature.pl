# expect: a sub prototype not supported by trellis-perl at signature.pl line 2.
sub mypush(\@@) { my $a = shift; push @$a, @_ }
print "never\n";
