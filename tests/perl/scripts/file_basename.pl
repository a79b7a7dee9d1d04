# File::Basename: fileparse with suffix patterns, basename with literal suffixes, dirname, edge cases
use strict;
use warnings;
use File::Basename;

for my $p ('/usr/lib/perl5/Foo.pm', 'lib/Bar.pm', 'file.tar.gz', '/', '//', 'dir/', '/usr/', 'a//b//',
           '.', '..', '', 'noext', '/only/dir/', 'x/y.z/w') {
    my ($name, $dir, $suffix) = fileparse($p, qr/\.[^.]*/);
    printf "%-22s base=%-10s dir=%-12s fileparse=(%s|%s|%s)\n", "'$p'", basename($p), dirname($p), $name, $dir,
        $suffix;
}
my @parts = fileparse('/tmp/archive.tar.gz', '.tar.gz', '.zip');
print join('|', @parts), "\n";
print scalar(fileparse('/a/b/c.txt', '\.txt')), "\n";
print basename('/a/b/c.txt', '.txt'), ' ', basename('/a/b/.txt', '.txt'), ' ', basename('x.t.t', '.t'), "\n";
print join('|', fileparse('/a/b/c.pl', qr/\.p./, qr/c/)), "\n";
