# expect: the special variable %SIG not supported by trellis-perl at sig.pl line 2.
$SIG{__WARN__} = sub { print "caught\n" };
print "never\n";
