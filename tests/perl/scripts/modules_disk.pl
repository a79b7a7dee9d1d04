# Modules from files (perlfunc "use", "require", "do"; perlvar "@INC", "%INC"; Exporter): use lib, use
# MODULE with Exporter's @EXPORT/@EXPORT_OK/%EXPORT_TAGS (through @ISA and `use Exporter 'import'`),
# `use M ()`, require of a module and of a file, %INC, the true-value check, a missing module caught by eval,
# and do FILE.
use strict;
use warnings;
use lib 'modules_lib';
use My::Util;
use My::Util qw(triple $counter :all);
use My::Shapes qw(area);
use My::Shapes ();
require My::Plain;
require My::Plain;
require "helpers.pl";

print "first \@INC entry: $INC[0]\n";
print "loaded: ", join(", ", grep { m{^My/|helpers} } sort keys %INC), "\n";
print "path: $INC{'My/Util.pm'}\n";
print "double: ", double(21), "\n";
print "triple: ", triple(5), "\n";
print "counter after double: $counter\n";
double(1);
print "counter shared with the module: $counter $My::Util::counter\n";
print "calls seen by the module's lexical: ", My::Util::calls(), "\n";
my $sq = My::Shapes->new(w => 3, h => 4);
print "area: ", area($sq), " width ", $sq->width, "\n";
print My::Plain::hello(), " version $My::Plain::VERSION\n";
print helper(1, 2), "\n";

my $ok = eval { require My::Missing; 1 };
print "missing module: ", ($ok ? "loaded" : "error"), "\n";
print "message starts: ", substr($@, 0, 40), "\n";
eval { require My::False; 1 } or print "false module: $@";

my $data = do "./modules_lib/helpers.pl";
print "do returned: answer=$data->{answer} runs=$data->{runs}\n";
my $again = do "./modules_lib/helpers.pl";
print "do runs again: runs=$again->{runs}\n";
my $none = do "./modules_lib/no_such_file.pl";
print "do of a missing file: ", (defined $none ? "defined" : "undef"), "\n";
