# Files and directories: $. per last-read handle (reset by close, kept by a reopen, with eof), paragraph mode
# ($/ = ""), in-memory files for writing ('>' and '>>' to \$buf), printf to handles, opendir/readdir/rewinddir/
# closedir, stat/lstat, mkdir/rmdir/rename/unlink, file tests -e -f -d -s -z -r -w -x -M, glob and <*.txt>
# (perlfunc, perlvar "$.", perlop "I/O Operators"). Works in a directory of its own, removed at the end.
use strict;
use warnings;

my $dir = "/tmp/trellis_io_files_$$";
mkdir $dir or die "mkdir: $!";
print "mkdir made a directory: ", (-d $dir ? "yes" : "no"), "\n";
print "mkdir again fails: ", (mkdir($dir) ? "no" : "yes"), "\n";

open my $out, '>', "$dir/lines.txt" or die;
print $out "one\ntwo\n\n\nthree\nfour\n\nfive\n";
printf $out "%-5s|%03d|%.2f\n", "six", 7, 8.125;
close $out;

open my $in, '<', "$dir/lines.txt" or die;
print "before reading: ", (defined $. ? "defined" : "undef"), "\n";
while (my $line = <$in>) {
    chomp $line;
    print "$.: [$line]", (eof($in) ? " (last)" : ""), "\n";
}
print "after the loop: $.\n";
close $in;
print "after close: $.\n";

open my $a1, '<', "$dir/lines.txt" or die;
open my $a2, '<', "$dir/lines.txt" or die;
<$a1> for 1 .. 3;
<$a2>;
print "a2 read once: $.\n";
<$a1>;
print "back to a1: $.\n";
$. = 100;
<$a1>;
print "after assigning \$.: $.\n";
close $a1;
close $a2;

{
    local $/ = "";
    open my $p, '<', "$dir/lines.txt" or die;
    while (my $para = <$p>) {
        my $copy = $para;
        $copy =~ s/\n/\\n/g;
        print "paragraph $.: $copy\n";
        chomp $para;
        print "  chomped ends with a newline: ", ($para =~ /\n\z/ ? "yes" : "no"), "\n";
    }
    close $p;
}

my $buf = "old";
open my $m, '>', \$buf or die;
print $m "first line\n";
printf $m "%s=%d\n", "x", 42;
print "in-memory now: $buf";
close $m;
open $m, '>>', \$buf or die;
print $m "appended\n";
close $m;
print "in-memory after append:\n$buf";
open my $r, '<', \$buf or die;
my @mem = <$r>;
print "read back ", scalar(@mem), " lines\n";

for my $name (qw(b.txt a.txt C.txt empty.dat)) {
    open my $f, '>', "$dir/$name" or die;
    print $f "data\n" unless $name eq 'empty.dat';
    close $f;
}
opendir(my $dh, $dir) or die "opendir: $!";
my @names = sort grep { !/^\./ } readdir $dh;
print "readdir: @names\n";
rewinddir $dh;
my $count = 0;
while (defined(my $e = readdir($dh))) { $count++ }
print "entries counted again: $count\n";
closedir $dh;
opendir(DIR, $dir) or die;
my @txt = sort grep { /\.txt$/ } readdir(DIR);
closedir(DIR);
print "bareword dirhandle: @txt\n";
print "opendir on a missing directory: ", (opendir(my $none, "$dir/missing") ? "opened" : "failed"), "\n";

my @st = stat("$dir/a.txt");
print "stat fields: ", scalar(@st), ", size $st[7], is a file: ", (($st[2] & 0170000) == 0100000 ? "yes" : "no"), "\n";
my @lst = lstat("$dir/a.txt");
print "lstat fields: ", scalar(@lst), ", same inode: ", ($lst[1] == $st[1] ? "yes" : "no"), "\n";
print "stat of a missing file: ", scalar(my @none = stat("$dir/missing")), "\n";
print "scalar stat: ", (stat("$dir/a.txt") ? "true" : "false"), "\n";

print "tests: e=", (-e "$dir/a.txt" ? 1 : 0), " f=", (-f "$dir/a.txt" ? 1 : 0), " d=", (-d "$dir/a.txt" ? 1 : 0),
    " s=", (-s "$dir/a.txt"), " z=", (-z "$dir/empty.dat" ? 1 : 0), " r=", (-r "$dir/a.txt" ? 1 : 0),
    " w=", (-w "$dir/a.txt" ? 1 : 0), " x=", (-x "$dir/a.txt" ? 1 : 0), "\n";
my $age = -M "$dir/a.txt";
print "-M is a small age: ", ($age < 1 && $age > -1 ? "yes" : "no"), "\n";
print "-M of a missing file: ", (defined(-M "$dir/missing") ? "defined" : "undef"), "\n";

my @g = map { s{.*/}{}r } glob("$dir/*.txt");
print "glob: @g\n";
my @g2 = map { s{.*/}{}r } <$dir/*.dat>;
print "angle glob: @g2\n";
my @g3 = map { s{.*/}{}r } glob("$dir/a.txt $dir/{b,C}.txt");
print "glob list and braces: @g3\n";
my $n = 0;
while (my $file = glob("$dir/*.txt")) { $n++ }
print "scalar glob iterated $n names\n";

rename "$dir/a.txt", "$dir/renamed.txt" or die "rename: $!";
print "renamed: ", (-e "$dir/renamed.txt" && !-e "$dir/a.txt" ? "yes" : "no"), "\n";
print "rmdir of a full directory fails: ", (rmdir($dir) ? "no" : "yes"), "\n";
my $removed = unlink map { "$dir/$_" } qw(renamed.txt b.txt C.txt empty.dat lines.txt);
print "unlinked $removed files\n";
rmdir $dir or die "rmdir: $!";
print "directory gone: ", (-e $dir ? "no" : "yes"), "\n";
