# Regexes run as PCRE2 JIT code; a match deeper than the JIT stack runs again in the interpreter.
my $s = "ab" x 20000;
print(($s =~ /^(?:a|b)*$/) ? "match\n" : "no\n");
print(($s =~ /^((a)(b))*$/) ? "match $1 $2\n" : "no\n");
my $t = ("a" x 25) . "c";
my $r = eval { $t =~ /^(a+)+b/ ? "m" : "n" };
print defined $r ? "$r\n" : "error: $@";
