# BEGIN blocks run as soon as they are parsed, before the statements around them run (perlmod "BEGIN, UNITCHECK,
# CHECK, INIT and END"); CHECK blocks after compilation, last defined first; INIT blocks before the main program,
# first defined first; END blocks last. BEGIN sees package variables, @ARGV and %ENV, and can define subs the
# rest of the program calls.
use strict;
use warnings;

print "main program starts\n";
our @order;
BEGIN { push @order, "begin 1"; print "BEGIN 1 runs first\n" }
print "order at run time: @order\n";
INIT { push @order, "init 1"; print "INIT 1\n" }
CHECK { push @order, "check 1"; print "CHECK 1\n" }
our $config;
BEGIN { $config = "set at compile time"; print "BEGIN 2 sees \@ARGV with ", scalar(@ARGV), " elements\n" }
print "config: ", (defined $config ? $config : "undef"), "\n";
BEGIN {
    sub made_in_begin { return "made in BEGIN(@_)" }
    print "BEGIN 3 calls ", made_in_begin("early"), "\n";
}
print made_in_begin(1, 2), "\n";
INIT { push @order, "init 2"; print "INIT 2\n" }
CHECK { push @order, "check 2"; print "CHECK 2\n" }
END { print "END: @order\n" }
package Other;
BEGIN { print "BEGIN in package ", __PACKAGE__, "\n" }
our $pkg_var = "x";
BEGIN { $Other::early = 42 }
print "Other::early = $Other::early\n";
