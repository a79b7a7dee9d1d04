# expect: overloading '@{}' not supported by trellis-perl at overload_deref.pl line 4.
# the dereference keys are not called by trellis-perl: registering one stops the program before it runs
package Seq;
use overload q(@{}) => sub { [1, 2, 3] };
sub new { bless {}, shift }
package main;
print "never\n";
print "@{ Seq->new }\n";
