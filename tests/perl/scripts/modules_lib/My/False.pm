# A module for tests/perl/scripts/modules_disk.pl: returns false, so require dies.
package My::False;
sub f { 1 }
0;
