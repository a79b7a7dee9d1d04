# sprintf("%c") above 0xFF and pack templates that start with U give character strings (perlfunc "sprintf",
# "pack"); sprintf widths and precisions count characters when a character above 0xFF is among the arguments.
use strict;
use warnings;
my $c = sprintf("%c", 0x263A); print utf8::is_utf8($c) ? 1 : 0, " ", length($c), " ", ord($c), "\n";
my $e = sprintf("%c", 0xE9); print utf8::is_utf8($e) ? 1 : 0, " ", length($e), " ", ord($e), "\n";
my $m = sprintf("a%cb%s", 0x263A, "\xE9"); print utf8::is_utf8($m) ? 1 : 0, " ", length($m), " ", join(",", map { ord } split //, $m), "\n";
my $p = pack("U", 0x263A); print utf8::is_utf8($p) ? 1 : 0, " ", length($p), " ", ord($p), "\n";
my $q = pack("U*", 0x41, 0xE9, 0x263A); print utf8::is_utf8($q) ? 1 : 0, " ", length($q), " ", join(",", map { ord } split //, $q), "\n";
my $r = pack("U", 0xE9); print utf8::is_utf8($r) ? 1 : 0, " ", length($r), "\n";
my $s = pack("C0U", 0x263A); print utf8::is_utf8($s) ? 1 : 0, " ", length($s), "\n";
my $t = pack("A2U", "xy", 0x263A); print utf8::is_utf8($t) ? 1 : 0, " ", length($t), "\n";
my @u = unpack("U*", "\x{263A}\x{E9}a"); print "@u\n";
binmode STDOUT, ':utf8'; print sprintf("%c|%3s|%-3c|", 0x263A, "\x{263A}", 0x41), "\n";
printf("%c%s|%-4s|%.2s|\n", 0x263A, "\xE9", "\x{263A}", "\x{263A}\x{263B}\x{263C}");
print sprintf("%5s|%-5s|%05s", "\x{263A}b", "é", "\x{100}"), "\n";
print sprintf("%s %c %d", "\xE9", 0xE9, 3), "\n";
my $z = pack("U0C*", 0xE2, 0x98, 0xBA); print utf8::is_utf8($z) ? 1 : 0, " ", length($z), "\n";
my $y = pack(" U*", 0x41, 0x42); print utf8::is_utf8($y) ? 1 : 0, " ", length($y), "\n";
