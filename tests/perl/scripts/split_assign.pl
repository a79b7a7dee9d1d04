# `@a = split ...` as a statement takes split's new List as the array's contents (no copy): references to the
# old elements stay valid, the array is a fresh one each time, the subject may be an element of the same array,
# and the other forms (scalar and list context, my/our, slices of the result) still copy
my @f = (1, 2, 3);
my $old = \$f[0];
@f = split /,/, "x,y,z";
$$old = "changed";
print "@f $$old\n";
my @keep;
for my $line ("a b c", "  d e ", "f", "", "g  h i j") {
    @f = split ' ', $line;
    push @keep, \@f;  # the same array each time
    $f[0] .= "!" if @f;
    print scalar(@f), ":", join("|", @f), "\n";
}
print scalar(@keep), " ", ($keep[0] == $keep[-1] ? "same" : "differ"), " ", join("|", @{ $keep[0] }), "\n";
@f = ("p:q:r");
@f = split /:/, $f[0];
print join("|", @f), "\n";
@f = split /:/, "$f[2]:$f[1]:$f[0]";
print join("|", @f), "\n";
my $n = (@f = split /,/, "1,2,3,,,");
print "$n ", scalar(@f), "\n";
my @g = (@f = split /,/, "4,5");
print "@g / @f\n";
our @o = split /-/, "u-v-w", 2;
print join("|", @o), "\n";
@f = split /,/, 12345;
print join("|", @f), "\n";
@f = split /3/, 12345;
print join("|", @f), "\n";
@f = split ' ', "a\x0bb\fc\rd";
print scalar(@f), "\n";
@f = split ' ', " x y ", -1;
print scalar(@f), ":", join("|", @f), "\n";
@f = split /;/, join(";", 1 .. 200);
print scalar(@f), " $f[0] $f[99] $f[-1]\n";
@f = split /,/, ",,,", -1;
print scalar(@f), "\n";
my $s = "k=v";
my @h = map { [split /=/] } ($s, "a=b=c");
print join(",", map { scalar(@$_) } @h), "\n";
sub fields { my @r = split /\|/, shift; return @r }
print join("+", fields("1|2|3")), "\n";
for my $i (1 .. 3) { @f = split /x/, "axbxc" x $i; print scalar(@f), " " }
print "\n";
my @e = split /,/, "";
print scalar(@e), "\n";
