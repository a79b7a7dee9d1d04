# Time::HiRes, Cwd, File::Spec and File::Spec::Functions, use constant (scalar, list and hash forms)
use strict;
use warnings;
use Time::HiRes qw(time sleep usleep gettimeofday tv_interval);
use Cwd;
use File::Spec;
use File::Spec::Functions qw(catfile catdir canonpath splitdir);
use constant PI => 3.14159;
use constant COLOURS => qw(red green blue);
use constant { ALPHA => 1, BETA => 'two' };
use constant EMPTY => ();

my $t0 = time;
my $slept = sleep(0.02);
my $t1 = time;
print "hires time is fractional: ", ($t0 != int($t0) || $t1 != int($t1) ? 'yes' : 'maybe'), "\n";
print "elapsed >= 0.015: ", ($t1 - $t0 >= 0.015 ? 'yes' : 'no'), "\n";
print "sleep returned >= 0.015: ", ($slept >= 0.015 ? 'yes' : 'no'), "\n";
my @start = gettimeofday;
usleep(1000);
print "tv_interval positive: ", (tv_interval(\@start) > 0 ? 'yes' : 'no'), "\n";
print "two parts: ", scalar(@start), "\n";

my $cwd = getcwd();
print "getcwd ends in scripts: ", ($cwd =~ m{/scripts\z} ? 'yes' : 'no'), "\n";
print "cwd equals getcwd: ", (cwd() eq $cwd ? 'yes' : 'no'), "\n";

print File::Spec->catfile('a', 'b', 'c.txt'), "\n";
print File::Spec->catfile('/usr/', 'lib//', './perl5', 'x.pm'), "\n";
print File::Spec->catdir('a', '', 'b/'), "\n";
print File::Spec->catfile('file'), "\n";
print File::Spec->canonpath('/../a/./b//c/'), ' ', File::Spec->canonpath('./x'), ' ', File::Spec->canonpath('/..'), "\n";
print join('|', File::Spec->splitdir('/a/b//c/')), "\n";
print join('|', File::Spec->splitpath('/usr/lib/perl.pm')), "\n";
print File::Spec->catpath('', '/usr/lib', 'x.pm'), ' ', File::Spec->curdir, File::Spec->updir, File::Spec->rootdir, "\n";
print File::Spec->file_name_is_absolute('/x') ? "abs\n" : "rel\n";
print catfile('dir', 'sub', 'f.pl'), ' ', catdir('x', 'y'), ' ', canonpath('a//b/'), ' ', join(',', splitdir('p/q')), "\n";

print PI * 2, "\n";
my @c = (COLOURS);
print scalar(@c), " @c ", (COLOURS)[1], "\n";
print ALPHA + 1, ' ', BETA, ' ', scalar(my @e = EMPTY), "\n";
print __PACKAGE__->can('PI') ? "constant is a sub\n" : "no sub\n";
