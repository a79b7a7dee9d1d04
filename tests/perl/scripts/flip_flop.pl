# The flip-flop operators (perlop "Range Operators"): `..` and `...` in scalar context, with patterns, with
# numeric literals compared against $. (the line-number form), the sequence numbers and the "E0" suffix, each
# operator with its own state (also inside a sub and an eval STRING).
use strict;
use warnings;

my @lines = map { "line $_" } 1 .. 8;
push @lines, "BEGIN", "a", "END", "b", "BEGIN", "c", "d", "END", "e";
for (@lines) {
    my $r = /BEGIN/ .. /END/;
    print "[$r] $_\n" if $r;
}
for (qw(x start y start-end z end w)) {
    my $two = /start/ .. /end/;
    my $three = /start/ ... /end/;
    print "$_: '$two' '$three'\n";
}
sub in_range { my $x = shift; return scalar($x == 3 .. $x == 5) }
print join(",", map { in_range($_) || "-" } 1 .. 8), "\n";
my $code = 'join ",", map { my $v = ($_ % 5 == 1) .. ($_ % 5 == 3); $v eq "" ? "-" : $v } 1 .. 12';
print eval($code), "\n";
print "$@" if $@;

open my $fh, '<', \"one\ntwo\nthree\nfour\nfive\nsix\n" or die;
while (<$fh>) {
    chomp;
    print "2..4: $_\n" if 2 .. 4;
    print "5...5: $_\n" if 5 ... 5;
    print "5..5: $_\n" if 5 .. 5;
}
close $fh;
