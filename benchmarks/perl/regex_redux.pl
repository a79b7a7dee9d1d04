# regex-redux: read a FASTA file (fasta.pl's output) on standard input, strip the headers and line breaks with
# s///g, count the matches of nine alternations of 8-mers (case-insensitive, /g in list context), then expand the
# IUB ambiguity codes with s///g and print the lengths (regex-heavy on a long string). Written for Trellis in the
# spirit of the Benchmarks Game program.
# usage: fasta.pl 250000 | regex_redux.pl
use strict;
use warnings;

my $text = do { local $/; <STDIN> };
my $input_length = length $text;
$text =~ s/>.*\n|\n//g;
my $clean_length = length $text;

my @variants = qw(
    agggtaaa|tttaccct
    [cgt]gggtaaa|tttaccc[acg]
    a[act]ggtaaa|tttacc[agt]t
    ag[act]gtaaa|tttac[agt]ct
    agg[act]taaa|ttta[agt]cct
    aggg[acg]aaa|ttt[cgt]ccct
    agggt[cgt]aa|tt[acg]accct
    agggta[cgt]a|t[acg]taccct
    agggtaa[cgt]|[acg]ttaccct
);
for my $v (@variants) {
    my $count = () = $text =~ /$v/gi;
    print "$v $count\n";
}

my @replacements = (
    ['tHa[Nt]', '<4>'], ['aND|caN|Ha[DS]|WaS', '<3>'], ['a[NSt]|BY', '<2>'], ['<[^>]*>', '|'],
    ['\|[^|][^|]*\|', '-'],
);
for my $r (@replacements) {
    my ($re, $to) = @$r;
    $text =~ s/$re/$to/g;
}
print "\n$input_length\n$clean_length\n", length($text), "\n";
