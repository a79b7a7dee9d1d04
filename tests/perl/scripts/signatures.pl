use v5.36;
sub f ($x, $y = $x * 2, @rest) {
  return "$x $y @rest";
}
sub g ($a, $b) { $a + $b }
say f(1); say f(1,5,6,7);
eval { g(1) }; print $@;
eval { g(1,2,3) }; print $@;
my $h = sub ($n) { $n * 10 }; say $h->(4);
sub opt ($x, $y = 10) { "$x/$y" } say opt(1); say opt(1, 2); eval { opt() }; print $@; eval { opt(1,2,3) }; print $@;
sub sl ($first, %h) { join ",", $first, map { "$_=$h{$_}" } sort keys %h } say sl(0, b => 2, a => 1);
sub none () { "none" } say none();
