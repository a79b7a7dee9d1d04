# Child processes: system (list and shell forms, $? and the exit code in $? >> 8, a missing program), backticks
# and qx// in scalar and list context, pipe opens ('-|' with a list, "cmd |", '|-', "| cmd") with close
# waiting for the child (perlfunc "system", "open", perlop "qx/STRING/", perlipc).
use strict;
use warnings;

$| = 1;
print "before system\n";
my $rc = system("echo", "from", "system");
print "system returned $rc, \$? = $?\n";
system("sh -c 'exit 3'");
print "exit code: ", $? >> 8, "\n";
system("sh", "-c", "exit 5");
print "list form exit code: ", $? >> 8, "\n";
my $missing = system("/nonexistent/program-xyz");
print "missing program: $missing, \$? = $?\n";

my $one = `echo hello`;
print "backticks: $one";
my @lines = `printf 'a\\nb\\nc\\n'`;
print "lines: ", scalar(@lines), " last=$lines[-1]";
my $word = "interpolated";
my $q = qx{echo $word};
print "qx: $q";
my $status = `sh -c 'exit 2'`;
print "backtick status: ", $? >> 8, ", output empty: ", ($status eq "" ? "yes" : "no"), "\n";

open(my $p, '-|', 'printf', '%s\n', 'x', 'y') or die "pipe: $!";
my @got = <$p>;
close $p;
my $joined = join(",", map { chomp; $_ } @got);
print "from -| list: $joined, status $?\n";
open(P, "echo two words |") or die;
my $l = <P>;
close(P);
print "from 'cmd |': $l";
open(my $w, '|-', 'cat') or die;
print $w "into cat\n";
close $w;
open(my $w2, "| tr a-z A-Z") or die;
print $w2 "shouted\n";
close $w2;
open(my $bad, '-|', 'sh', '-c', 'exit 4') or die;
my @nothing = <$bad>;
my $ok = close $bad;
print "close of a failing child: ", ($ok ? "true" : "false"), ", exit ", $? >> 8, "\n";
print "done\n";
