use strict;
use warnings;
my $who = "you";
print <<"END";
Hello $who
  indented line
END
print <<'RAW';
No $interpolation here\n
RAW
print <<~INDENT;
    stripped
      two more
    back
    INDENT
print <<END . "after\n";
bare $who
END
my @w = qw(alpha beta gamma);
print scalar(@w), " @w\n";
print q(paren (nested) ok), "\n";
print qq{curly $who}, "\n";
print q[it's], "\n";
my $text = <<A . <<B;
first
A
second
B
print $text;
