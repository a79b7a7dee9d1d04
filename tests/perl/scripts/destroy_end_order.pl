# At the program's end perl frees the file's lexicals (last declared first) before the END blocks, except those a
# named sub or an END block refers to: those live until global destruction, after the END blocks.
package Guard;
sub new { my ($class, $name) = @_; bless { name => $name }, $class }
sub DESTROY { print "DESTROY $_[0]{name}\n" }

package main;
my $first  = Guard->new("first");
my $by_sub = Guard->new("by_sub");
my $third  = Guard->new("third");
our $global = Guard->new("global");
my $by_end = Guard->new("by_end");
my $held   = Guard->new("held");
my %registry = (held => $held);
my @list = (Guard->new("in_list"));

sub report { print "report sees $by_sub->{name}\n" }
report();

END { print "END sees $by_end->{name}\n" }
END { print "last END block\n" }
print "main program done\n";
