# Req::Noisy: prints when its body runs; a file-level lexical shared by its named subs
package Req::Noisy;
use strict;
print "Req::Noisy loaded\n";
my $count = 0;
my @seen;
my %by;
sub bump { my $k = shift; ++$count; push @seen, $k; $by{$k}++; return $count }
sub report { return "$count: @seen; " . join(",", map { "$_=$by{$_}" } sort keys %by) }
report() eq "0: ; " or die "subs callable while the body runs";
{
    my $inner = "block";
    sub inner_lexical { return $inner }
}
1;
