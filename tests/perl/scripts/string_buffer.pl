# `.=` appends in place into a growable buffer: every copy taken before an append must keep its old text.
use strict;
use warnings;

my $s = "ab";
$s .= "c" for 1 .. 5;
my $copy = $s;
$s .= "X";
print "$s $copy\n";

# copies into arrays, hashes, sub arguments and return values
my @saved;
my %h;
my $buf = "";
for my $i (1 .. 40) {
    $buf .= chr(65 + $i % 26);
    push @saved, $buf if $i % 10 == 0;
    $h{$i} = $buf if $i % 13 == 0;
}
print join(",", @saved), "\n";
print join(",", map { "$_=$h{$_}" } sort { $a <=> $b } keys %h), "\n";
sub grow { my $t = shift; $t .= "!"; return $t }
my $g = "x";
$g .= "y";
my $r = grow($g);
$g .= "z";
print "$g $r\n";
sub ret_var { my $v = "p"; $v .= "q"; my $w = $v; $v .= "r"; return ($v, $w) }
print join("/", ret_var()), "\n";

# appending a variable to itself, numbers, undef-free values, references
my $d = "do";
$d .= $d;
$d .= $d;
$d .= 42;
$d .= 1.5;
print "$d\n";
my $ref = \$d;
$$ref .= "-via-ref";
print "$d\n";

# the value of .= used in an expression and in a list
my $e = "e";
my $f = ($e .= "f");
$e .= "g";
print "$e $f\n";
my @l = ($e .= "h", "i");
$e .= "j";
print "@l $e\n";

# foreach aliasing, hash elements, sort and keys of appended values
my @w = ("a", "b", "c");
$_ .= "1" for @w;
$_ .= "2" for @w;
print "@w\n";
my %acc;
$acc{$_ % 3} .= $_ for 1 .. 12;
my @before = values %acc;
$acc{0} .= "+";
print join(" ", map { "$_:$acc{$_}" } sort keys %acc), " | ", join(" ", sort @before), "\n";
my %idx = ($acc{1} => "one");
$acc{1} .= "changed";
print join(",", keys %idx), " $acc{1}\n";

# closures share the variable, copies do not
my $shared = "s";
my $add = sub { $shared .= "+" };
$add->() for 1 .. 3;
my $snap = $shared;
$add->();
print "$shared $snap\n";

# pos() is reset by .= as in perl
my $p = "aaaa";
$p =~ /a/g;
$p .= "b";
print defined pos($p) ? "pos kept\n" : "pos reset\n";

# big strings (past the large-object size), their copies and substr/length/index
my $big = "";
$big .= sprintf("%04d;", $_) for 1 .. 6000;
my $big_copy = $big;
$big .= "END";
print length($big), " ", length($big_copy), " ", substr($big, -8), " ", substr($big_copy, -5), " ",
    index($big, "5999;"), "\n";
my @parts = split /;/, $big;
print scalar(@parts), " $parts[0] $parts[-1]\n";

# x= and string repetition of an appended buffer
my $rep = "ab";
$rep .= "c";
my $rep3 = $rep x 3;
$rep x= 2;
$rep .= "!";
print "$rep $rep3\n";

# local on a package variable that is appended to
our $pkg = "p";
sub show { print "pkg=$pkg\n" }
{
    local $pkg = "L";
    $pkg .= "oc";
    show();
}
$pkg .= "ost";
show();

# a buffer used as a hash key and compared
my $key = "k";
$key .= "ey";
my %kh = (key => 1);
print exists $kh{$key} ? "found\n" : "missing\n";
print $key eq "key" ? "eq\n" : "ne\n";
$key .= "s";
print exists $kh{$key} ? "found\n" : "missing\n";
