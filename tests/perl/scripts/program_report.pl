#!/usr/bin/perl
use strict;
use warnings;

# A small "real" program: parse records, aggregate, print a report.
my @records = map { [split /\|/] } grep { length } split /\n/, <<'DATA';
alice|sales|1200.50
bob|engineering|2300
carol|sales|800.25
dave|engineering|3100.75
eve|marketing|950
DATA

my (%total, %count, %people);
for my $r (@records) {
    my ($name, $dept, $amount) = @$r;
    $total{$dept} += $amount;
    $count{$dept}++;
    push @{ $people{$dept} }, ucfirst $name;
}

printf "%-12s %5s %10s %10s  %s\n", 'dept', 'n', 'total', 'average', 'people';
print '-' x 60, "\n";
for my $dept (sort { $total{$b} <=> $total{$a} } keys %total) {
    printf "%-12s %5d %10.2f %10.2f  %s\n", $dept, $count{$dept}, $total{$dept},
        $total{$dept} / $count{$dept}, join(', ', sort @{ $people{$dept} });
}
my $grand = 0;
$grand += $_ for values %total;
printf "%-12s %5d %10.2f\n", 'TOTAL', scalar(@records), $grand;

sub walk {
    my ($data, $depth) = @_;
    my $pad = '  ' x $depth;
    if (ref $data eq 'HASH') {
        for my $k (sort keys %$data) { print "$pad$k:\n"; walk($data->{$k}, $depth + 1) }
    } elsif (ref $data eq 'ARRAY') {
        walk($_, $depth) for @$data;
    } else {
        print "$pad- $data\n";
    }
}
walk({ fruits => [qw(apple pear)], nested => { deep => [1, [2, 3]], leaf => 'x' } }, 0);

my $csv = 'name,"quoted, field",3';
my @fields = $csv =~ /("[^"]*"|[^,]+)/g;
s/^"|"$//g for @fields;
print join(' | ', @fields), "\n";

my %h = (b => 2, a => 1, c => 3);
my $str = join ', ', map { "$_ => $h{$_}" } sort { $h{$a} <=> $h{$b} } keys %h;
print "{ $str }\n";
my $text = "the quick brown fox jumps over the lazy dog the end";
my %freq;
$freq{$_}++ for split ' ', $text;
my @top = (sort { $freq{$b} <=> $freq{$a} || $a cmp $b } keys %freq)[0 .. 2];
print "top: @top\n";
(my $title = $text) =~ s/(\w+)/\u$1/g;
print "$title\n";
printf "%.1f%% of words are 'the'\n", 100 * $freq{the} / (split ' ', $text);
