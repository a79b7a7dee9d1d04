# readline with a one-byte $/ other than "\n", the default "\n", and slurp mode (undef $/) on the rest
{ local $/ = ";"; my $a = <STDIN>; my $b = <STDIN>; print "[$a] [$b] $.\n"; }
my $line = <STDIN>;
print "[$line]";
{ local $/; my $rest = <STDIN>; print "[$rest] ", length($rest), "\n"; }
print defined(<STDIN>) ? "more\n" : "eof\n";
