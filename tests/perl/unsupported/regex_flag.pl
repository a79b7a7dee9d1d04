# expect: the regex modifier /p not supported by trellis-perl at regex_flag.pl line 2.
print "a" =~ /a/p;
