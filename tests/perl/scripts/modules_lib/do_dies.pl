my $x = 1;
die "do_dies failed with x=$x";
