# sprintf's common formats (literal text, %%, %d/%i/%s with flags and widths) against mixed arguments:
# the fast path and the general one must agree with perl, including the 0 flag on strings and Inf.
my @formats = ('%s', '%5s|', '%-5s|', '%05s', '%+s', '% s', '%s,%d', '%d%%', '%%d', '%3d:%-3s:%03i', 'abc',
               '%s %s', '%d', '%-+5d|', '%+-05d|', '% 5d', '%+ d', '%05%', '%06s|%06d');
my @args = ([0], [1, 2], [-7, "x"], ["hello", 42], ["a"], [3.5, 2], [-3, -4, "zz"], [12345678901234, "q"],
            [9223372036854775807, 1], ["-x", 9**9**9], [-9**9**9, -9**9**9]);
for my $f (@formats) {
    print "$f => ", join("|", map { sprintf($f, @$_) } @args), "\n";
}
my $s = "";
$s .= sprintf("%05d,", $_ % 997) for 990 .. 1000;
print "$s\n";
printf("%s=%d%s [%05c]\n", "total", 17, "!", 65);
