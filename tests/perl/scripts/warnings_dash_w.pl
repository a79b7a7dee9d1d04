#!/usr/bin/perl -w
# -w on the #! line (perlrun): warnings everywhere no pragma turns them off; `no warnings` still does.
# stderr is compared.
my ($x, %h);
my $r = $x + 1;
$r = "n" . $h{a};
{
    no warnings;
    $r = $x + 2;
}
sub f { my $u; return "[$u]" }
$r = f();
print "done\n";
