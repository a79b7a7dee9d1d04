# Getopt::Long in a command-line script: options from the real command line (getopt_script.args), the usual
# `GetOptions(...) or die` shape, and Data::Dumper of the result
use strict;
use warnings;
use Getopt::Long qw(:config no_ignore_case);
use Data::Dumper;
$Data::Dumper::Sortkeys = 1;

my %opts = (verbose => 0, jobs => 1);
GetOptions(\%opts, 'verbose|v+', 'jobs|j=i', 'output|o=s', 'define|D=s%', 'include|I=s@', 'dry-run!')
    or die "usage: $0 [options] files\n";
print Dumper(\%opts);
print "files: @ARGV\n";
