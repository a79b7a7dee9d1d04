# Regex variables: @- and @+, %+ and %- (named captures, duplicated names), pos() as a function and an
# lvalue, s///ee, and the punctuation variables $; $? $, $@ interpolated into patterns (perlvar, perlop).
use strict;
use warnings;

my $s = "abcdef";
if ($s =~ /b(c)(d)?(x)?/) {
    print "starts: @-\n";
    print "ends: ", join(",", map { defined $_ ? $_ : "u" } @+), "\n";
    print "group 1 from $-[1] to $+[1]\n";
}

if ("key=value" =~ /(?<k>\w+)=(?<v>\w+)/) {
    print "named: $+{k} -> $+{v}\n";
    print "keys: ", join(",", sort keys %+), "\n";
    print "all k: @{ $-{k} }\n";
}
if ("ab" =~ /(?<x>a)|(?<x>b)(?<y>c)?/) {
    for my $name (sort keys %-) {
        print "$name: ", join(",", map { defined $_ ? $_ : "u" } @{ $-{$name} }), "\n";
    }
}
if ("b" =~ /(?<x>a)|(?<x>b)/) { print "leftmost defined x: $+{x}\n" }

my $text = "aXbXc";
$text =~ /X/g;
print "pos: ", pos($text), "\n";
pos($text) = 0;
my @found;
while ($text =~ /([a-z])/g) { push @found, "$1@" . pos($text) }
print "found: @found\n";
$_ = "xyz";
/y/g;
print "pos of \$_: ", pos, "\n";

my $expr = "2+3 and 4*5";
(my $r = $expr) =~ s/(\d+[+*]\d+)/$1/gee;
print "ee: $r\n";

my %h;
$h{1, 2} = "pair";
for my $k (keys %h) {
    my @parts = split /$;/, $k;
    print "split on \$;: @parts\n";
}
$; = ":";
print "custom \$;: ", ("a:b" =~ /^a$;b$/ ? "yes" : "no"), "\n";
$? = 0;
print "status in pattern: ", ("0" =~ /^$?$/ ? "yes" : "no"), "\n";
{
    local $, = "-";
    print "comma in pattern: ", ("-" =~ /^$,$/ ? "yes" : "no"), "\n";
}
eval { die "oops\n" };
print "error in pattern: ", ("oops\n" =~ /^$@/ ? "yes" : "no"), "\n";
