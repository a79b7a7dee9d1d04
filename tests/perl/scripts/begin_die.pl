# A die inside BEGIN stops the program before anything after it is parsed or run: perl prints the message and
# "BEGIN failed--compilation aborted at FILE line N." and exits with status 255.
print "never printed\n";
BEGIN { print "first BEGIN\n" }
BEGIN { die "stopped in BEGIN\n" }
this line would be a syntax error, but it is never parsed (
