# Test::More: a passing run with done_testing, notes and every comparison function
use strict;
use warnings;
use Test::More;

ok(1 + 1 == 2, 'arithmetic');
is(join(',', 1 .. 3), '1,2,3', 'join');
isnt('a', 'b', 'different');
like('perl 5.36', qr/^perl \d/, 'version string');
unlike('abc', qr/\d/, 'no digits');
cmp_ok(3, '>=', 2, 'cmp_ok >=');
cmp_ok('abc', 'lt', 'abd', 'cmp_ok lt');
is_deeply({ list => [1, [2, 3]], name => 'x' }, { name => 'x', list => [1, [2, 3]] }, 'nested structures');
is_deeply([], [], 'empty arrays');
pass();
note('all done');
my $ok = is(1, 1);
print "is returned $ok\n";
SKIP: {
    skip 'no network here', 2 unless 0;
    ok(0, 'never run');
    ok(0, 'never run either');
}
SKIP: {
    skip('not skipped', 1) if 0;
    ok(1, 'ran inside SKIP');
}
for my $n (1 .. 2) {
    SKIP: {
        skip "odd $n" if $n % 2;
        pass("even $n");
    }
}
done_testing();
