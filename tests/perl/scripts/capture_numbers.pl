# $N capture variables: past the groups undef, a number past any integer size (fuzz_perl_compiler: $44073709551614 aborted the compiler) too
"abc" =~ /(b)(c)/; print "$1 $2 [$3] $&\n"; print defined($2147483648) ? 1 : 0, defined($99) ? 1 : 0, "\n";
print defined($44073709551614) ? 1 : 0, "\n";
