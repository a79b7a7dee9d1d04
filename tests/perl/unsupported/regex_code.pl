# expect: the regex construct (?{ code }) not supported by trellis-perl at regex_code.pl line 3.
my $x = "abc";
print "matched\n" if $x =~ /a(?{ 1 })b/;
