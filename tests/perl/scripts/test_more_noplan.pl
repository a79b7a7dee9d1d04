# Test::More: tests without a plan or done_testing exit 254
use Test::More;
ok(1);
ok(1, 'second');
