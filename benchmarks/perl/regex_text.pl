# Regex-heavy text processing: captures, /g in list context, s///g and tr over generated log lines.
my @lines = map { sprintf("2026-12-%02d host%d GET /page/%d?id=%d 200 %d", $_ % 28 + 1, $_ % 7, $_ % 50, $_, $_ * 13 % 9000) } 1 .. (@ARGV ? $ARGV[0] : 30000);
my (%hosts, $bytes, $digits);
for (@lines) {
    if (/^(\d+)-(\d+)-(\d+) (\w+) GET (\S+) (\d+) (\d+)$/) { $hosts{$4}++; $bytes += $7 }
    my @nums = /(\d+)/g;
    $digits += @nums;
    (my $t = $_) =~ s/\d/#/g;
    $digits += ($t =~ tr/#//);
}
print join(",", map { "$_=$hosts{$_}" } sort keys %hosts), " $bytes $digits\n";
