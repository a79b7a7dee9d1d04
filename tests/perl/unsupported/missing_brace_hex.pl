# expect: Missing right brace on \x{} at missing_brace_hex.pl line 3.
# (found by fuzz_perl_compiler: an unterminated \x{ once looped forever in the string scanner)
print "never printed\x{41";
