# Test::More: failing tests print "not ok", the diagnostics on stderr (compared: test_more_fail.cmp_stderr) and
# the exit status is the number of failures
use strict;
use warnings;
use Test::More tests => 21;

ok(1, 'first');
ok(0, 'second # with hash');
is("a", "a", 'is ok');
is("a", "b", 'is bad');
is(undef, 1);
is(undef, undef, 'undef is undef');
isnt(2, 2, 'isnt bad');
like("hello", qr/ell/, 'like ok');
like("hello", qr/xyz/, 'like bad');
unlike("hello", qr/h/, 'unlike bad');
like("hello", 'l+o', 'like with a string');
like("hello", '/L+O/i', 'like with a /string/');
like("hello", '/xyz/', 'like with a failing /string/');
cmp_ok(1, '<', 0, 'cmp lt');
cmp_ok(1, '==', 2, 'cmp eq');
cmp_ok('x', 'eq', 'y', 'cmp string eq');
is_deeply([1, { a => [2, 3] }], [1, { a => [2, 4] }], 'deep');
is_deeply({ a => 1 }, { a => 1, b => 2 }, 'deep keys');
is_deeply([1, 2, 3], [1, 2], 'deep length');
sub check_positive {
    my ($n, $name) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    return ok($n > 0, $name);
}
check_positive(-1, 'helper reports the caller line');
pass('passed');
diag("a diag");
note("a note\nover two lines");
