# require and do FILE run the file's body where they stand (perlfunc "require", "do"): a module required on a
# branch not taken is never loaded; file-level `my` variables used by the file's named subs (also from eval
# STRING); a die in the body ("Compilation failed in require", "Attempt to reload"), a false value, an object
# thrown, do FILE catching errors in $@, %INC, file names in messages.
use strict;
use warnings;
use lib 'modules_lib';

print "start\n";
if (@ARGV) { require Req::Noisy; }
print "not loaded yet: ", (exists $INC{'Req/Noisy.pm'} ? "no" : "yes"), "\n";
print "defined before require: ", (defined &Req::Noisy::bump ? 1 : 0), "\n";
sub load_noisy { require Req::Noisy; return "loaded" }
print load_noisy(), "\n";
print load_noisy(), "\n";
Req::Noisy::bump($_) for qw(a b a);
print Req::Noisy::report(), "\n";
print "inner: ", Req::Noisy::inner_lexical(), "\n";
print "path: $INC{'Req/Noisy.pm'}\n";
my $r = require Req::Noisy;
print "again: $r\n";

for my $try (1, 2) {
    my $ok = eval { require Req::Dies; 1 };
    print "try $try: ", ($ok ? "ok" : "error: $@");
}
print "Dies in %INC: ", (exists $INC{'Req/Dies.pm'} ? "exists" : "gone"), ", ",
    (defined $INC{'Req/Dies.pm'} ? "defined" : "undef"), "\n";

my $ok = eval { require Req::Zero; 1 };
print "zero: $@";
print "Zero in %INC: ", (exists $INC{'Req/Zero.pm'} ? "exists" : "gone"), "\n";

$ok = eval { require Req::DiesObj; 1 };
print "object: ", ($@ =~ /^HASH\(0x[0-9a-f]+\)Compilation failed in require at \S+ line \d+\.$/ ? "stringified" : $@), "\n";

my $v = do 'counter.pl';
print "do: $v ", next_n(), " ", next_n(), "\n";
$v = do 'counter.pl';
print "do again: $v ", next_n(), "\n";
print "do path: $INC{'counter.pl'}\n";
my @l = do 'counter.pl';
print "list: @l\n";
$v = do 'do_dies.pl';
print "do_dies: ", (defined $v ? "defined" : "undef"), " [$@]\n";
$v = do 'no_such_file.pl';
print "missing: ", (defined $v ? "defined" : "undef"), "\n";

eval q{
    my $hits = 100;
    my @log;
    sub hit { push @log, @_; return ++$hits }
    sub hit_log { return "@log" }
};
print "eval error: [$@]\n";
print "hits: ", hit("x"), " ", hit("y"), " ", hit_log(), "\n";
for my $round (1, 2) {
    eval q{ my $k = $round * 10; sub k_value { $k } };
    print "round $round: ", k_value(), "\n";
}
print "before UsesNoisy\n";
require Req::UsesNoisy;
print "loud: ", Req::Loud::loud("y"), " ", (defined &Req::UsesNoisy::loud ? "imported" : "not imported"), "\n";
print "end\n";
