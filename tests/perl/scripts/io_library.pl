my $buf = "line1\nline2\nline3\n";
open(my $in, '<', \$buf) or die "no: $!";
while (my $l = <$in>) { chomp $l; print "[$l]\n" }
close $in;
my @s = sort { $a <=> $b } (10, 9, 100, 1); print "@s\n";
my @st = sort { length($a) <=> length($b) } qw(ccc a bb aa b c); print "@st\n";
{ local $, = "-"; local $\ = "!\n"; print "a", "b"; }
{ local $" = ":"; my @x = (1,2,3); print "@x\n"; }
printf STDOUT "%05.1f\n", 3.14159;
print -e "io_library.pl" ? "exists\n" : "missing\n";
print -d "." ? "dir\n" : "notdir\n";
my @t = gmtime(0); print "@t\n";
print scalar(gmtime(86400*365)), "\n";
