use strict; use warnings;
# pos, \G, /g scalar and list
my $s = "aaa bbb ccc";
$s =~ /b+/g;
print "pos=", pos($s), "\n";
pos($s) = 0;
print "reset pos=", pos($s), "\n";
my @w;
while ($s =~ /\G(\w+)\s*/gc) { push @w, $1 }
print "words: @w\n";
my $t = "key1=val1;key2=val2";
my %h = $t =~ /(\w+)=(\w+)/g;
print join(",", map { "$_:$h{$_}" } sort keys %h), "\n";
my $count = () = "abcabcabc" =~ /b/g;
print "count=$count\n";
# @- @+ $& $` $'
if ("hello world" =~ /(o)\s(w)/) {
    print "pre=[$`] match=[$&] post=[$']\n";
    print "starts: @-\n";
    print "ends: @+\n";
    print "first group at $-[1]..$+[1]\n";
}
# named captures
if ("2024-03-15" =~ /(?<y>\d+)-(?<m>\d+)-(?<d>\d+)/) {
    print "y=$+{y} m=$+{m} d=$+{d}\n";
    print join(",", sort keys %+), "\n";
}
# /e /ee /r
my $x = "a1b2c3";
(my $y = $x) =~ s/(\d)/$1*2/ge;
print "$y\n";
my $expr = '$v * 10';
my $v = 4;
my $z = "val: EXPR";
$z =~ s/EXPR/$expr/ee;
print "$z\n";
print "abc" =~ s/b/B/r, "\n";
my @r = map { s/a/A/r } qw(apple banana);
print "@r\n";
# qr
my $re = qr/(\d+)/i;
print "$re\n";
my $re2 = qr/x${re}y/;
print "$re2\n";
print "match\n" if "x42y" =~ $re2;
print "got $1\n" if "ab 17" =~ $re;
my $qm = qr/a.b/msix;
print "$qm\n";
# split edge cases
print join("|", split(//, "abc")), "\n";
print join("|", split(/(,)/, "a,b,c")), "\n";
print join("|", split(/,/, "a,b,,c,,")), "\n";
print scalar(my @p = split(/,/, "a,b,,c,,", -1)), "\n";
print join("|", split(' ', "  lead  trail  ")), "\n";
print join("|", split(/^/, "l1\nl2\nl3\n")), "\n";
print join("|", split(/,/, "a,b,c,d", 2)), "\n";
print join("|", map { defined ? $_ : "u" } split(/(a)(x)?/, "1a2a3")), "\n";
# tr
my $d = "hello world";
(my $e = $d) =~ tr/a-z/A-Z/;
print "$e\n";
my $n = ($d =~ tr/o//);
print "o count $n\n";
print $d =~ tr/a-y/b-z/r, "\n";
my $sq = "aabbccdd"; $sq =~ tr/a-z//s; print "$sq\n";
my $del = "hello"; $del =~ tr/l//d; print "$del\n";
my $cmp = "hello123"; my $k = ($cmp =~ tr/a-z//c); print "non-lower $k\n";
# global match in list ctx with no groups
my @all = "a1b22c333" =~ /\d+/g;
print "@all\n";
# nested quantifier and pos after failed match
my $p = "xyz";
$p =~ /y/g; print pos($p), "\n";
$p =~ /q/g; print defined pos($p) ? "def" : "undef", "\n";
# case insensitive + x flag
print "ok x\n" if "ABC" =~ / a b c /xi;
# pos details
my $g = "aXbXc";
$g =~ /X/g; print "p1 ", pos($g), "\n";
$g =~ /X/g; print "p2 ", pos($g), "\n";
$g =~ /X/gc; print "kept ", pos($g), "\n";
$g =~ /X/g; print "gone ", (defined pos($g) ? "def" : "undef"), "\n";
pos($g) = 1; $g =~ /X/g; print "from1 ", pos($g), "\n";
$g = "new"; print "reassigned ", (defined pos($g) ? "def" : "undef"), "\n";
$_ = "k=v"; /=/g; print "topic pos ", pos, "\n";
my $lex = "aaa"; my @ps; while ($lex =~ /a/g) { push @ps, pos($lex) } print "@ps\n";
my $emp = "ab"; my @e; while ($emp =~ /x*/g) { push @e, pos($emp) } print "@e\n";
# $+ and tokenizer with \G
"ab12" =~ /([a-z]+)(\d+)?/; print "last paren: $+\n";
my $src = "x = 12 + y3;"; my @tok;
for (;;) {
    if ($src =~ /\G\s+/gc) { next }
    elsif ($src =~ /\G([a-z]\w*)/gc) { push @tok, "id:$1" }
    elsif ($src =~ /\G(\d+)/gc) { push @tok, "num:$1" }
    elsif ($src =~ /\G([=+;])/gc) { push @tok, "op:$1" }
    else { last }
}
print join(" ", @tok), "\n";
# eval catches an unsupported-in-perl construct? no: bad pattern error text
my $bad = "(";
eval { "x" =~ /$bad/ }; print "bad pattern: ", ($@ ? "died" : "ok"), "\n";
