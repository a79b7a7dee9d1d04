# fasta: generate DNA sequences in FASTA format: one by repeating a fixed sequence, two by a linear congruential
# generator over weighted alphabets (floating-point compare in a search loop, string building with substr and
# join, print of 60-column lines). k_nucleotide.pl and regex_redux.pl read its output. Written for Trellis in the
# spirit of the Benchmarks Game program.
# usage: fasta.pl [N]   (default 250000; prints about 10 N bytes)
use strict;
use warnings;

my $n = @ARGV ? $ARGV[0] : 250000;
my $WIDTH = 60;

my $ALU = 'GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG'
        . 'GAGGCCGAGGCGGGCGGATCACCTGAGGTCAGGAGTTCGAGA'
        . 'CCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAAT'
        . 'ACAAAAATTAGCCGGGCGTGGTGGCGCGCGCCTGTAATCCCA'
        . 'GCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGG'
        . 'AGGCGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCC'
        . 'AGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA';

my @IUB = ([a => 0.27], [c => 0.12], [g => 0.12], [t => 0.27],
           [B => 0.02], [D => 0.02], [H => 0.02], [K => 0.02], [M => 0.02], [N => 0.02],
           [R => 0.02], [S => 0.02], [V => 0.02], [W => 0.02], [Y => 0.02]);
my @HOMO_SAPIENS = ([a => 0.3029549426680], [c => 0.1979883004921],
                    [g => 0.1975473066391], [t => 0.3015094502008]);

my ($IM, $IA, $IC) = (139968, 3877, 29573);
my $seed = 42;

sub repeat_fasta {
    my ($header, $seq, $count) = @_;
    print $header;
    my $len = length $seq;
    my $s = $seq x (int($WIDTH / $len) + 2);
    my $pos = 0;
    while ($count > 0) {
        my $line = $count < $WIDTH ? $count : $WIDTH;
        print substr($s, $pos, $line), "\n";
        $pos += $line;
        $pos -= $len if $pos >= $len;
        $count -= $line;
    }
}

sub random_fasta {
    my ($header, $table, $count) = @_;
    print $header;
    # Cumulative probabilities, the last one forced to 1 so the search always ends.
    my (@chars, @cumul);
    my $acc = 0;
    for my $pair (@$table) { $acc += $pair->[1]; push @chars, $pair->[0]; push @cumul, $acc }
    $cumul[-1] = 1.0;
    my $last = $#cumul;
    while ($count > 0) {
        my $line = $count < $WIDTH ? $count : $WIDTH;
        my @out;
        for (1 .. $line) {
            $seed = ($seed * $IA + $IC) % $IM;
            my $r = $seed / $IM;
            my $i = 0;
            $i++ while $i < $last && $cumul[$i] < $r;
            push @out, $chars[$i];
        }
        print join('', @out), "\n";
        $count -= $line;
    }
}

repeat_fasta(">ONE Homo sapiens alu\n", $ALU, 2 * $n);
random_fasta(">TWO IUB ambiguity codes\n", \@IUB, 3 * $n);
random_fasta(">THREE Homo sapiens frequency\n", \@HOMO_SAPIENS, 5 * $n);
