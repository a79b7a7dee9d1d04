# Data::Dumper of character strings (and character-string hash keys) as the XS Dumper's esc_q_utf8: a character
# string with a character above 0x7F is double-quoted with \x{...}; an ASCII one keeps single quotes (Useqq off);
# Useqq escapes controls (octal with three digits before a digit) and prints a decimal integer string bare.
use strict;
use warnings;
use utf8;
use Data::Dumper;
$Data::Dumper::Sortkeys = 1;
print Dumper("a\x{e9}\"\$\n\x{263a}", "plain", { clé => "valeur ☺" });
my $ascii = "abc";
utf8::upgrade($ascii);
my $num = "42";
utf8::upgrade($num);
my $quotes = "it's \\ \"x\" \$y \@z";
utf8::upgrade($quotes);
my $controls = "tab\there\x{7f}\x01";
utf8::upgrade($controls);
my %h = (abc => 1, "é" => 2, "\x{263a}" => 3, "it's" => 5, "x\x{10FFFF}" => 7);
print Dumper($ascii, $num, $quotes, $controls, "é", "\x{263a}'", "\x{263a}\0001", \%h);
$Data::Dumper::Useqq = 1;
print Dumper("a\x{e9}\"\$\n\x{263a}");
print Dumper($ascii, $num, $quotes, $controls, "\x{263a}\0001", "\x{263a}\x{1}2", "\x{263a}\e\r\0", "\xE9", \%h);
$Data::Dumper::Indent = 1;
print Dumper({ "☺" => ["é"] });
