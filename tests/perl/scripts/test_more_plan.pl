# Test::More: fewer tests run than planned exits 255 (the "Looks like you planned" line goes to stderr)
use Test::More tests => 4;
ok(1, 'one');
ok(1, 'two');
is(2, 3, 'three');
