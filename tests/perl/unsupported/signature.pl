# expect: a sub prototype or signature not supported by trellis-perl at signature.pl line 2.
sub f($x) { $x }
print f(1);
