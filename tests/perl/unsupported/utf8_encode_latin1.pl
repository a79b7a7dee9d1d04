# expect: Encode::encode with the encoding latin1 not supported by trellis-perl
use Encode;
my $b = Encode::encode("latin1", "x");
