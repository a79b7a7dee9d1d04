# A module for tests/perl/scripts/modules_disk.pl: no import method; required, not used.
package My::Plain;
our $VERSION = '1.5';
sub hello { return "hello from " . __PACKAGE__ }
"a true value";
