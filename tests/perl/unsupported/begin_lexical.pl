# expect: using the outer lexical $x inside a BEGIN block not supported by trellis-perl at begin_lexical.pl line 4.
my $x;
BEGIN {
    $x = 5;
}
print "$x\n";
