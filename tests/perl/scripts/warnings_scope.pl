# The warnings pragma is lexical (perllexwarn): `no warnings` and `no warnings 'CATEGORY'` for the rest of the
# enclosing block, `use warnings 'CATEGORY'` turning one category on, subs compiled under the pragma in force
# where they are written, eval STRING inheriting its site's warnings, $SIG{__WARN__} receiving the message,
# `use warnings FATAL => 'all'` turning warnings into dies caught by eval. stderr is compared.
use strict;
my $x;
my $r = $x + 1;    # no warnings yet
{
    use warnings;
    $r = $x + 2;
    {
        no warnings;
        $r = $x + 3;
    }
    $r = $x + 4;
    {
        no warnings 'uninitialized';
        $r = $x + 5;
        $r = "abc" + 5;
    }
    {
        no warnings qw(numeric);
        $r = $x + 6;
        $r = "abc" + 6;
    }
}
$r = $x + 7;    # outside: none
{
    use warnings 'numeric';
    $r = $x + 8;
    $r = "abc" + 8;
}
use warnings;
sub quiet {
    no warnings;
    my $u;
    return $u + 1;
}
sub loud {
    my $u;
    return $u + 1;
}
quiet();
loud();
{
    no warnings;
    sub loud_inside_no { my $u; return $u . "x" }
}
loud_inside_no();
$r = eval '$x + 9';
{
    no warnings;
    $r = eval '$x + 10';
}
{
    my @seen;
    local $SIG{__WARN__} = sub { push @seen, $_[0] };
    $r = $x * 11;
    $r = "q" + 1;
    print "caught: $_" for @seen;
}
{
    local $SIG{__WARN__} = sub { die "from handler: $_[0]" };
    eval { $r = $x + 12; print "not reached\n" };
    print "eval: $@";
}
{
    use warnings FATAL => 'all';
    eval { $r = $x + 13; print "not reached\n" };
    print "fatal: $@";
    eval { $r = "zz" + 1; print "not reached\n" };
    print "fatal: $@";
}
{
    use warnings FATAL => qw(uninitialized);
    eval { $r = $x . "fatal"; 1 } or print "fatal: $@";
}
$r = $x + 14;
print "done\n";
