# expect: sub DESTROY (trellis-perl does not call it yet) not supported by trellis-perl at destroy.pl line 3.
package Foo;
sub DESTROY { print "bye\n" }
package main;
print "never\n";
