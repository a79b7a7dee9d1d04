# "$?" interpolates the status variable (perlvar "$?"): 0 at start, assignable, seen by END blocks
print "status=$? ($?)\n";
$? = 3;
my $s = "s$?";
print "$s|${\ $?}|@{[ $? + 1 ]}\n";
END { print "end: $?\n"; $? = 0 }
