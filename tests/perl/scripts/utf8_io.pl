# Character strings without use utf8: "\x{...}" and chr() above 0xFF, output without a layer (Latin-1 when it
# fits, else UTF-8 and "Wide character"), :encoding(UTF-8) and :utf8 layers on open and binmode, utf8::
# functions, printf widths on Latin-1 characters.
use strict;
use warnings;
my $w = "\x{263A}";
my $l = "caf\x{e9}";
print length($w), " ", length($l), " ", (utf8::is_utf8($w) ? 1 : 0), (utf8::is_utf8($l) ? 1 : 0), "\n";
print "$w\n";
print "$l\n";
my $c = chr(0x263A) . chr(233);
print length($c), " ", ord(substr($c, 1)), "\n";
print $c, "\n";
printf("%s|%-6s|%3s|\n", "\x{e9}", "\x{e9}t\x{e9}", "\x{e9}");
printf("%s|%s|\n", "\x{e9}", "\x{100}");
my $f = "/tmp/trellis_utf8_io_$$.txt";
open(my $out, '>:encoding(UTF-8)', $f) or die "open: $!";
print $out "h\x{e9}llo \x{263A}\n", "line2 \x{e9}\n";
close($out);
open(my $raw, '<', $f) or die;
my $bytes = <$raw>;
close $raw;
print length($bytes), " ", (utf8::is_utf8($bytes) ? 1 : 0), "\n";
open(my $in, '<:encoding(UTF-8)', $f) or die;
my @lines = <$in>;
close $in;
chomp @lines;
print scalar(@lines), " ", length($lines[0]), " ", length($lines[1]), " ", (utf8::is_utf8($lines[0]) ? 1 : 0), "\n";
open($in, '<:utf8', $f) or die;
while (my $line = <$in>) {
    chomp $line;
    print length($line), ":", scalar reverse($line), "\n";
}
close $in;
binmode(STDOUT, ':encoding(UTF-8)');
print "$lines[0]|$lines[1]\n";
print "\x{e9}\n";
binmode(STDOUT);
print "\x{e9}\n";
binmode(STDOUT, ':utf8');
print "\x{e9}\n";
binmode(STDOUT, ':raw');
{
    no warnings;
    print "$w quiet\n";
}
my $s = "x\x{263A}y";
utf8::encode($s);
print length($s), " ", (utf8::is_utf8($s) ? 1 : 0), "\n";
utf8::decode($s);
print length($s), " ", (utf8::is_utf8($s) ? 1 : 0), "\n";
my $d = "\x{e9}";
utf8::upgrade($d);
print length($d), " ", (utf8::is_utf8($d) ? 1 : 0), "\n";
utf8::downgrade($d);
print length($d), " ", (utf8::is_utf8($d) ? 1 : 0), "\n";
print utf8::downgrade($w, 1) ? "down\n" : "wide\n";
print eval { utf8::downgrade($w); 1 } ? "no error\n" : "error: $@";
my $bad = "ok\xff";
print utf8::decode($bad) ? "decoded\n" : "malformed kept: " . length($bad) . "\n";
print lc("\x{c9}COLE \x{130}"), " ", uc("stra\x{df}e"), "\n";
unlink $f;
