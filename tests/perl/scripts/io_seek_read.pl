# Positioned file I/O (perlfunc "seek", "tell", "read", "sysread", "syswrite", "truncate"; perlvar "$."):
# return values and $! on success, at end of file and on closed handles; read's OFFSET (padding with "\0",
# negative offsets, "Offset outside string", "Negative length"); seek then <FH> with $. kept and eof right;
# tell after read and readline; in-memory input handles. Works in a directory of its own, removed at the end.
use strict;
use warnings;

my $dir = "/tmp/trellis_io_seek_read_$$";
mkdir $dir or die "mkdir: $!";
my $file = "$dir/data.txt";

sub show { my $s = shift; return defined $s ? do { (my $t = $s) =~ s/\0/\\0/g; "[$t]" } : "undef" }
sub res { my $r = shift; return defined $r ? "'$r'" : "undef" }

open my $out, '>', $file or die "open: $!";
print "tell of a new file: ", tell($out), "\n";
print $out "alpha\nbeta\ngamma\ndelta\n";
print "tell after print: ", tell($out), "\n";
close $out;

open my $in, '<', $file or die "open: $!";
my $buf;
my $n = read($in, $buf, 4);
print "read 4: n=$n buf=", show($buf), " tell=", tell($in), "\n";
$n = read($in, $buf, 3, length $buf);
print "read 3 appended: n=$n buf=", show($buf), " tell=", tell($in), "\n";
$n = read($in, $buf, 2, 12);
print "read at offset 12 (past the string): n=$n buf=", show($buf), " length=", length($buf), "\n";
$n = read($in, $buf, 3, -2);
print "read at offset -2: n=$n buf=", show($buf), "\n";
$n = read($in, $buf, 2);
print "read without offset truncates: n=$n buf=", show($buf), "\n";
my $line = <$in>;
print "readline after read: ", show($line), " \$.=$. tell=", tell($in), "\n";
$n = read($in, $buf, 100);
print "read past EOF: n=$n buf=", show($buf), " eof=", (eof($in) ? 1 : 0), "\n";
$n = read($in, $buf, 10);
print "read at EOF: n=", res($n), " buf=", show($buf), "\n";
$n = read($in, $buf, 5, 3);
print "read at EOF with offset 3: n=$n buf=", show($buf), "\n";
my $undef_buf;
$n = read($in, $undef_buf, 4);
print "read at EOF into undef: n=$n buf=", show($undef_buf), "\n";
$n = read($in, $buf, 0);
print "read of 0 bytes: n=$n buf=", show($buf), "\n";

# seek: 0/1/2, then <FH>, eof and $. (not reset by seek)
print "seek 0,0: ", res(seek($in, 0, 0)), " tell=", tell($in), " eof=", (eof($in) ? 1 : 0), "\n";
my @lines = <$in>;
print "lines after rewind: ", scalar(@lines), " \$.=$.\n";
print "seek 6,0: ", res(seek($in, 6, 0)), "\n";
$line = <$in>;
print "line at 6: ", show($line), " \$.=$.\n";
print "seek -3,1: ", res(seek($in, -3, 1)), " tell=", tell($in), "\n";
$line = <$in>;
print "line after -3 from the current place: ", show($line), "\n";
print "seek -6,2: ", res(seek($in, -6, 2)), " tell=", tell($in), "\n";
$line = <$in>;
print "last line: ", show($line), " eof=", (eof($in) ? 1 : 0), " \$.=$.\n";
print "seek past the end: ", res(seek($in, 100, 0)), " tell=", tell($in), " eof=", (eof($in) ? 1 : 0), "\n";
$n = read($in, $buf, 5);
print "read past the end: n=$n buf=", show($buf), "\n";
$! = 0;
my $r = seek($in, -5, 0);
print "seek to a negative place: ", res($r), " \$!=$!\n";
print "tell after the failed seek: ", tell($in), "\n";
$! = 0;
$r = seek($in, 0, 7);
print "seek with whence 7: ", res($r), " \$!=$!\n";
seek($in, 0, 0);
while (<$in>) { last if $. == 2 }
print "read to line 2: \$.=$. tell=", tell($in), "\n";
seek($in, 0, 0);
$line = <$in>;
print "seek keeps \$.: line ", show($line), " \$.=$.\n";
print "tell without a handle (last read): ", tell(), "\n";
close $in;

# closed handles: tell -1, seek false, read undef, $! "Bad file descriptor"
{
    no warnings;
    $! = 0;
    print "tell on a closed handle: ", tell($in), " \$!=$!\n";
    $! = 0;
    print "seek on a closed handle: ", res(seek($in, 0, 0)), " \$!=$!\n";
    $! = 0;
    print "read on a closed handle: ", res(read($in, $buf, 3)), " \$!=$!\n";
    print "sysread on a closed handle: ", res(sysread($in, $buf, 3)), "\n";
    print "syswrite on a closed handle: ", res(syswrite($in, "x")), "\n";
}

# errors that die
for my $code (
    sub { open my $h, '<', $file or die; read($h, my $b, -1) },
    sub { open my $h, '<', $file or die; my $b = "ab"; read($h, $b, 2, -3) },
    sub { open my $h, '>>', $file or die; syswrite($h, "abc", 1, 4) },
    sub { open my $h, '>>', $file or die; syswrite($h, "abc", -1) },
) {
    eval { $code->() };
    (my $e = $@) =~ s/ at .*//s;
    print "error: $e\n";
}

# bareword handles
open FH, '<', $file or die;
read(FH, $buf, 5);
print "bareword read: ", show($buf), " tell=", tell(FH), "\n";
seek(FH, -6, 2);
print "bareword after seek: ", show(scalar <FH>);
close FH;

# sysread / syswrite
my $sfile = "$dir/sys.bin";
open my $sw, '>', $sfile or die;
print "syswrite: ", syswrite($sw, "0123456789"), "\n";
print "syswrite with length: ", syswrite($sw, "abcdef", 3), "\n";
print "syswrite with offset: ", syswrite($sw, "abcdef", 2, 4), "\n";
print "syswrite with negative offset: ", syswrite($sw, "abcdef", 10, -2), "\n";
print "syswrite with a long length: ", syswrite($sw, "xyz", 100), "\n";
print "syswrite at the end of the string: ", syswrite($sw, "xyz", 5, 3), "\n";
close $sw;
print "size: ", -s $sfile, "\n";
open my $sr, '<', $sfile or die;
$n = sysread($sr, $buf, 4);
print "sysread 4: n=$n buf=", show($buf), "\n";
$n = sysread($sr, $buf, 3, 6);
print "sysread at offset 6: n=$n buf=", show($buf), "\n";
$n = sysread($sr, $buf, 4, -1);
print "sysread at offset -1: n=$n buf=", show($buf), "\n";
$n = sysread($sr, $buf, 100);
print "sysread the rest: n=$n buf=", show($buf), "\n";
$n = sysread($sr, $buf, 100);
print "sysread at EOF: n=$n buf=", show($buf), "\n";
close $sr;
open my $ro, '<', $sfile or die;
$! = 0;
{
    no warnings;
    print "syswrite to a read handle: ", res(syswrite($ro, "q")), " \$!=$!\n";
}
close $ro;

# truncate by handle and by name
open my $tw, '+<', $sfile or die;
print "truncate handle: ", res(truncate($tw, 5)), "\n";
close $tw;
print "size after truncate: ", -s $sfile, "\n";
print "truncate by name: ", res(truncate($sfile, 2)), " size=", -s $sfile, "\n";
print "truncate by name to 0: ", res(truncate($sfile, 0)), " size=", (-s $sfile || 0), "\n";
$! = 0;
print "truncate a missing file: ", res(truncate("$dir/missing", 0)), " \$!=$!\n";

# read/write handle: seek between reading and writing
open my $rw, '+<', $file or die;
seek($rw, 6, 0);
print $rw "BETA";
seek($rw, 0, 0);
my @all = <$rw>;
print "after writing in place: ", join("|", map { chomp; $_ } @all), "\n";
close $rw;

# in-memory input handles
my $text = "first line\nsecond\nthird\n";
open my $mem, '<', \$text or die;
$n = read($mem, $buf, 5);
print "memory read: n=$n buf=", show($buf), " tell=", tell($mem), "\n";
$line = <$mem>;
print "memory readline: ", show($line), " \$.=$. tell=", tell($mem), "\n";
print "memory seek 11,0: ", res(seek($mem, 11, 0)), "\n";
$line = <$mem>;
print "memory line at 11: ", show($line), " \$.=$.\n";
print "memory seek -6,2: ", res(seek($mem, -6, 2)), " tell=", tell($mem), "\n";
$n = read($mem, $buf, 50, 2);
print "memory read to the end: n=$n buf=", show($buf), " eof=", (eof($mem) ? 1 : 0), "\n";
print "memory seek -2,1: ", res(seek($mem, -2, 1)), " tell=", tell($mem), "\n";
$line = <$mem>;
print "memory last: ", show($line), "\n";
$! = 0;
{
    no warnings;
    print "sysread on an in-memory handle: ", res(sysread($mem, $buf, 2)), " \$!=$!\n";
}
print "memory seek past the end: ", res(seek($mem, 40, 0)), " tell=", tell($mem), " eof=", (eof($mem) ? 1 : 0), "\n";
close $mem;
my $collected = '';
open my $mout, '>', \$collected or die;
print $mout "abc";
print "tell of an in-memory output handle: ", tell($mout), "\n";
close $mout;

# a hash element as the buffer
my %h;
open my $hin, '<', $file or die;
read($hin, $h{chunk}, 5);
print "read into a hash element: ", show($h{chunk}), "\n";
close $hin;

unlink $file, $sfile;
rmdir $dir or die "rmdir: $!";
print "cleaned up: ", (-e $dir ? "no" : "yes"), "\n";
