use strict; use warnings;
sub whoami { (caller(1))[3] }
sub foo { my @c = caller; print "caller: @c\n"; my @d = caller(0); print "c0: @d[0..4]\n"; print "me: ", whoami(), "\n"; bar() }
sub bar { my $i = 0; while (my @f = caller($i++)) { print "frame $i: $f[3] line $f[2]\n" } }
foo();
my $ctx = sub { (caller(0))[5] };
my @x = $ctx->(); my $y = $ctx->(); $ctx->();
print defined $x[0] ? "list=$x[0]\n" : "undef\n", "scalar=[$y]\n";
print "top: ", (defined caller() ? "def" : "undef"), "\n";
package Foo; sub m1 { return join ",", (caller(0))[0,3] } package main;
print Foo::m1(), "\n";
sub trace { my $msg = shift; my @c = caller; return "$msg at line $c[2]\n" }
print trace("here");
our %h = (a => 1);
sub show { print join(",", map { "$_=" . ($h{$_} // 'u') } sort keys %h), "\n" }
{ local $h{a} = 2; local $h{b} = 3; show() }
show();
my @arr = (1,2,3);
{ local $arr[1] = 'x'; print "@arr\n" }
print "@arr\n";
local $SIG{__WARN__} = sub { print "warned: $_[0]" };
warn "careful";
warn "nl\n";
{
  local $SIG{__DIE__} = sub { print "dying: $_[0]" };
  eval { die "boom\n" };
  print "caught: $@";
}
eval { die "after\n" }; print "no hook: $@";
$@ = "keep";
{ local $@; eval { die "inner\n" }; }
print "outer \$\@: $@\n";
my $err = do { local $@; eval { die { code => 42 } }; $@ };
print "code: $err->{code}\n";
package MyErr; sub new { bless { msg => $_[1] }, $_[0] } sub msg { $_[0]{msg} } sub throw { die $_[0]->new($_[1]) }
package main;
eval { MyErr->throw("bad thing") };
if (ref $@ && $@->isa('MyErr')) { print "MyErr: ", $@->msg, "\n" }
sub ctx { return wantarray ? "list" : defined(wantarray) ? "scalar" : "void" }
my @l = ctx(); my $s = ctx(); print "$l[0] $s\n";
sub v { print ctx(), "\n"; ctx(); return } v();
