# use Fcntl (default O_*/F_* constants, :flock, :seek, :mode), sysopen, sysseek, flock, pipe, fork, wait,
# waitpid, kill, exec; $$ in a child; $! after failed file tests (perlfunc "-X": undef and $! set).
use strict;
use warnings;
use Fcntl;
use Fcntl qw(:flock :seek :mode);

my $dir = "/tmp/trellis_fcntl_$$";
mkdir $dir or die "mkdir: $!";
my $file = "$dir/data.txt";
print "O_RDONLY=", O_RDONLY, " O_WRONLY=", O_WRONLY, " O_RDWR=", O_RDWR, " O_CREAT|O_EXCL=", O_CREAT | O_EXCL, "\n";
print "LOCK_SH=", LOCK_SH, " LOCK_EX=", LOCK_EX, " LOCK_NB=", LOCK_NB, " LOCK_UN=", LOCK_UN, "\n";
print "SEEK: ", join(",", SEEK_SET, SEEK_CUR, SEEK_END), "\n";

sysopen(my $fh, $file, O_WRONLY | O_CREAT | O_TRUNC, 0640) or die "sysopen: $!";
print $fh "hello world\n";
close $fh;
print "exists: ", (-e $file ? 1 : 0), " size: ", -s $file, "\n";
printf "mode: %o dir: %s reg: %s imode: %o\n", (stat $file)[2] & 0777, (S_ISDIR((stat $file)[2]) ? 1 : 0),
    (S_ISREG((stat $file)[2]) ? 1 : 0), S_IMODE((stat $file)[2]);
print "S_IFMT: ", S_IFMT((stat $dir)[2]) == S_IFDIR ? "dir" : "other", "\n";
my $ok = sysopen(my $fh2, $file, O_WRONLY | O_CREAT | O_EXCL);
print "excl: ", ($ok ? "opened" : "failed: $!"), "\n";
$ok = sysopen(my $none, "$dir/missing", O_RDONLY);
print "missing: ", ($ok ? "opened" : "failed: $!"), "\n";

sysopen(my $rw, $file, O_RDWR) or die "sysopen rw: $!";
print "sysseek: ", sysseek($rw, 6, SEEK_SET), " ", sysseek($rw, 0, SEEK_SET), "\n";
sysread($rw, my $buf, 5);
print "read: $buf\n";
print "end: ", sysseek($rw, 0, SEEK_END), "\n";
print "flock ex: ", (flock($rw, LOCK_EX) ? 1 : 0), " un: ", (flock($rw, LOCK_UN) ? 1 : 0), "\n";
open(my $other, '<', $file) or die;
flock($rw, LOCK_EX) or die;
print "nb while held: ", (flock($other, LOCK_EX | LOCK_NB) ? "got" : "busy"), "\n";
flock($rw, LOCK_UN);
print "nb after: ", (flock($other, LOCK_EX | LOCK_NB) ? "got" : "busy"), "\n";
close $other;
close $rw;

pipe(my $reader, my $writer) or die "pipe: $!";
my $parent = $$;
my $pid = fork();
die "fork: $!" unless defined $pid;
if ($pid == 0) {
    close $reader;
    print $writer "child says hi; different pid: ", ($$ != $parent ? "yes" : "no"), "\n";
    close $writer;
    exit 3;
}
close $writer;
my $line = <$reader>;
close $reader;
print "from child: $line";
my $got = waitpid($pid, 0);
print "waitpid: ", ($got == $pid ? "pid" : $got), " status: ", $? >> 8, "\n";
print "wait none: ", wait(), " $?\n";

$pid = fork();
if ($pid == 0) { sleep 10; exit 0 }
print "kill: ", kill('TERM', $pid), "\n";
waitpid($pid, 0);
print "signal: ", $? & 127, "\n";
print "kill 0 on reaped: ", kill(0, $pid), "\n";

$pid = fork();
if ($pid == 0) { exec("sh", "-c", "exit 7") or die "exec: $!" }
waitpid($pid, 0);
print "exec status: ", $? >> 8, "\n";
$pid = fork();
if ($pid == 0) { my $r = exec("/nonexistent/program"); print "exec failed: $!\n"; exit 1 }
waitpid($pid, 0);

$! = 0;
my $t = -e "$dir/nope";
print "-e missing: ", (defined $t ? "defined" : "undef"), " [$!]\n";
$! = 0;
$t = -M "$dir/nope";
print "-M missing: ", (defined $t ? "defined" : "undef"), " [$!]\n";
$! = 0;
$t = -f "$dir/nope/deeper";
print "-f under missing: [$!]\n";
$t = -d $file;
print "-d on a file: '", $t, "'\n";
unlink $file;
rmdir $dir or die "rmdir: $!";
print "done\n";
