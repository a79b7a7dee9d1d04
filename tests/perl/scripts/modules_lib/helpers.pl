# A file for tests/perl/scripts/modules_disk.pl: required by name, and run by do.
our $helper_runs;
$helper_runs++;
sub helper { return "helper(@_)" }
{ answer => 42, runs => $helper_runs };
