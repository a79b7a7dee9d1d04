use Data::Dumper; $Data::Dumper::Sortkeys=1;
my $x = 5; my $s3 = 3;
print Dumper(1, "1", 1.5, -3, "abc", undef, 12345678901, "it's\n", 1e20, "007", $x, -1234567890, \"s", \\1, [], {}, sub {1});
my $h = {a=>[1,{b=>2}], 'long key'=>\"x"}; $h->{self}=$h; $h->{again}=$h->{a};
print Dumper($h);
print Dumper(bless({x=>[1]}, 'Foo::Bar'), bless([], "O'k"), bless(\$s3, "S"));
{ local $Data::Dumper::Indent=1; print Dumper($h, [1,[2]]); }
{ local $Data::Dumper::Indent=0; print Dumper($h, [1,[2]]), "\n"; }
{ local $Data::Dumper::Terse=1; print Dumper($h, [1,[2]], "x"); }
{ local $Data::Dumper::Useqq=1; print Dumper("a\nb\t\$x\@y\"\\", "\x01\x7f\x80\xff", 12, "12", 1.5, "1.5", 123456789012, " 3", {"k\n"=>1}); }
my $r=[1]; print Dumper([$r,$r]);
{ local $Data::Dumper::Deepcopy=1; print Dumper([$r,$r,$h]); }
print Dumper(\$h), Dumper(\[1]);
# the OO form and the setting methods
my $d = Data::Dumper->new([{ k => [1, 'two'] }, 3], ['conf', '$n']);
$d->Indent(1)->Sortkeys(1);
print $d->Dump;
print Data::Dumper->Dump([[1, 2]], ['list']);
{ local $Data::Dumper::Pad = '# '; local $Data::Dumper::Varname = 'X'; print Dumper([1], 'a'); }
{ local $Data::Dumper::Trailingcomma = 1; print Dumper({ a => [1, 2] }); }
{ local $Data::Dumper::Pair = ': '; local $Data::Dumper::Indent = 1; print Dumper({ b => 2 }); }
# a referent seen again at the top level, and nested blessed objects
my $obj = bless { list => [ bless([], 'Item') ] }, 'Box';
print Dumper($obj, $obj->{list}, $obj);
print Dumper("multi\nline", 'back\\slash', '', 0, -0.5, 1e15, 2**40);
