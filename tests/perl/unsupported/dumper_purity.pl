# expect: Data::Dumper's Purity setting not supported by trellis-perl at dumper_purity.pl line 4.
use Data::Dumper;
$Data::Dumper::Purity = 1;
print Dumper([1]);
print "never\n";
