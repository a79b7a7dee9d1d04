# split on a single literal character and in awk mode (found without the regex engine), with limits, empty
# fields, trailing empty fields, leading whitespace, and flags that make a one-character pattern not literal
my @t = ("a,b,,c,,", ",x,y", "", "no-sep", ",,,");
for my $s (@t) { my @f = split /,/, $s; print scalar(@f), ":", join("|", @f), "\n" }
for my $s (@t) { my @f = split /,/, $s, -1; print scalar(@f), ":", join("|", @f), "\n" }
print join("|", split(/,/, "a,b,c,d", 2)), "\n";
print join("|", split(",", "1,2,3")), "\n";
print join("|", split(/a/i, "xAyaz")), "\n";
print join("|", split(/\./, "1.2.3")), "\n";
print join("|", split(/|/, "abc")), "\n";
for my $s ("  lead and  trail  ", "\tx\ny\r\n", "", "   ", "one") {
    my @f = split ' ', $s; print scalar(@f), ":", join("|", @f), "\n";
    my @g = split ' ', $s, 2; print scalar(@g), ":", join("|", @g), "\n";
}
$_ = " a b  c "; my @d = split; print join("|", @d), "\n";
my $n = split /,/, "p,q,r"; print "$n\n";
