my @all;
while (<STDIN>) {
    chomp;
    push @all, uc;
}
print join("|", @all), "\n";
print scalar(@all), "\n";
