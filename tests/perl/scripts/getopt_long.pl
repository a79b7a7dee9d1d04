# Getopt::Long: spec forms, destinations, abbreviations, errors (their warnings on stderr are compared:
# getopt_long.cmp_stderr), return value and what stays in @ARGV
use strict;
use warnings;
use Getopt::Long qw(GetOptionsFromArray);
sub run { my ($args, @spec) = @_; @ARGV = @$args; my $r = GetOptions(@spec); print "ret=", (defined $r ? "'$r'" : 'undef'), " ARGV=[@ARGV]\n"; }
my ($v, $n, @l, %h, $f, $c, $neg);
run(['--verbose', 'file', '--num=3', '-l', 'a', '--l', 'b', 'x', '--', '--num'], 'verbose' => \$v, 'num=i' => \$n, 'l=s' => \@l);
print "v=$v n=$n l=@l\n";
run(['--nu', 'abc'], 'num=i' => \$n);
run(['--bogus', '--num'], 'num=i' => \$n);
run(['--n', '4'], 'num=i' => \$n, 'name=s' => \$f);
run(['--NUM', '5', '--define', 'a=1', '--define', 'b=2', '--ratio', '1.5', '-c', '-c', '--c', '--noneg'], 'num=i' => \$n, 'define=s' => \%h, 'ratio=f' => \$f, 'c+' => \$c, 'neg!' => \$neg);
print "n=$n h=", join(',', map {"$_=$h{$_}"} sort keys %h), " f=$f c=$c neg=$neg\n";
my %o; run(['--size', '10', '--name', 'x', '--list', '1', '--list', '2', '--flag', '--opt'], \%o, 'size=i', 'name|n=s', 'list=i@', 'flag', 'opt:s');
print join(',', map { "$_=" . (ref $o{$_} ? "[@{$o{$_}}]" : $o{$_}) } sort keys %o), "\n";
run(['--ratio', 'x'], 'ratio=f' => \$f);
run(['--code', 'val'], 'code=s' => sub { print "code: $_[0] $_[1]\n" });
run(['-', '--al', 'z'], 'alpha|al=s' => \$f); print "f=$f\n";
run(['--name'], 'name=s' => \$f);
run(['--name', '--other'], 'name=s' => \$f, 'other' => \$v); print "f=$f\n";
run(['--no-neg', '--neg'], 'neg!' => \$neg); print "neg=$neg\n";
run(['--opt'], 'opt:i' => \$n); print "n=$n\n";
# GetOptionsFromArray leaves @ARGV alone
my @words = ('--count', '2', 'rest');
my $count;
print GetOptionsFromArray(\@words, 'count=i' => \$count) ? "ok count=$count words=@words\n" : "failed\n";
# configuration: case-sensitive names, no abbreviations, unknown options passed through
Getopt::Long::Configure('no_ignore_case', 'no_auto_abbrev', 'pass_through');
my ($upper, $lower);
run(['-A', '-a', '--alp', '--zz', 'file'], 'A' => \$upper, 'a' => \$lower, 'alpha' => \$f);
print "A=$upper a=$lower\n";
Getopt::Long::Configure('default', 'require_order');
my $early;
run(['--early', 'cmd', '--late'], 'early' => \$early, 'late' => \$v);
print "early=$early\n";
my %defs;
run(['--def', 'k'], 'def=s%' => \%defs);
run(['--def', 'k=v', '--opt', 'x'], 'def=s%' => \%defs, 'opt:s%' => \%h);
print join(',', map { "$_=$defs{$_}" } sort keys %defs), "\n";
