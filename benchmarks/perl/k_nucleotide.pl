# k-nucleotide: read a FASTA file (fasta.pl's output) on standard input, take the ">THREE" sequence and count
# every substring of length k in a hash: the frequencies of the 1- and 2-mers sorted by count, and the counts of
# five given longer sequences (hash-heavy: substr and ++ on hash elements, sort with a two-key comparison).
# Written for Trellis in the spirit of the Benchmarks Game program.
# usage: fasta.pl 50000 | k_nucleotide.pl
use strict;
use warnings;

my $seq = '';
while (<STDIN>) { last if /^>THREE/ }
while (<STDIN>) {
    last if /^>/;
    chomp;
    $seq .= uc $_;
}

sub kmer_counts {
    my ($k) = @_;
    my %count;
    my $last = length($seq) - $k;
    $count{substr($seq, $_, $k)}++ for 0 .. $last;
    return \%count;
}

for my $k (1, 2) {
    my $count = kmer_counts($k);
    my $total = 0;
    $total += $_ for values %$count;
    for my $key (sort { $count->{$b} <=> $count->{$a} || $a cmp $b } keys %$count) {
        printf "%s %.3f\n", $key, 100 * $count->{$key} / $total;
    }
    print "\n";
}

for my $s (qw(GGT GGTA GGTATT GGTATTTTAATT GGTATTTTAATTTATAGT)) {
    my $count = kmer_counts(length $s);
    print $count->{$s} // 0, "\t$s\n";
}
