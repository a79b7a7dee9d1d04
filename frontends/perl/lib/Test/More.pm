# Test::More for trellis-perl: the TAP of Test::More 1.3 (perl 5.36) on STDOUT ("1..N", "ok N - name",
# "not ok N", "ok N # skip WHY", notes) and its failure diagnostics on STDERR ("#   Failed test 'name'" /
# "#   at FILE line N.", got/expected, like/unlike, cmp_ok and is_deeply's "Structures begin differing at:"),
# the closing "# Looks like ..." lines and exit status. Locations follow $Test::Builder::Level. todo_skip,
# subtest, explain, can_ok, isa_ok, new_ok and TODO blocks stop with "not supported".
# EXPORT: ok is isnt like unlike cmp_ok is_deeply pass fail diag note plan done_testing skip todo_skip BAIL_OUT subtest explain can_ok isa_ok new_ok
# EXPORT_OK: eq_array eq_hash
# IMPORT_CALL: plan
# LAST_SKIP: skip
package Test::More;

$Test::Builder::Level = 1;
$Test::More::count = 0;
$Test::More::failed = 0;
$Test::More::planned = undef;
$Test::More::no_plan = 0;
$Test::More::done = 0;
$Test::More::DNE = 'Does not exist (trellis-perl Test::More)';

sub plan {
    return unless @_;
    my ($what, $arg) = @_;
    if ($what eq 'no_plan') { $Test::More::no_plan = 1; return 1 }
    if ($what eq 'skip_all') {
        print STDOUT '1..0 # SKIP ' . (defined $arg ? $arg : '') . "\n";
        exit 0;
    }
    if ($what eq 'tests') {
        die "You said to run 0 tests" unless $arg;
        $Test::More::planned = $arg;
        print STDOUT "1..$arg\n";
        return 1;
    }
    my @where = caller;
    die "plan() doesn't understand $what at $where[1] line $where[2].\n";
}

sub _diag_text {
    my ($text) = @_;
    $text =~ s/^/# /mg;
    $text .= "\n" unless $text =~ /\n\z/;
    return $text;
}
sub diag { print STDERR Test::More::_diag_text(join '', map { defined $_ ? $_ : 'undef' } @_) if @_; return 0 }
sub note { print STDOUT Test::More::_diag_text(join '', map { defined $_ ? $_ : 'undef' } @_) if @_; return 0 }

# One test result: the TAP line, and on failure the "Failed test" lines and then @diag.
sub _result {
    my ($ok, $name, @diag) = @_;
    $Test::More::count++;
    my $line = ($ok ? 'ok ' : 'not ok ') . $Test::More::count;
    if (defined $name && length $name) {
        my $escaped = $name;
        $escaped =~ s/#/\\#/g;
        $escaped =~ s/\n/\n# /g;
        $line .= " - $escaped";
    }
    print STDOUT "$line\n";
    return 1 if $ok;
    $Test::More::failed++;
    my @where = caller($Test::Builder::Level);
    if (defined $name && length $name) {
        print STDERR "#   Failed test '$name'\n#   at $where[1] line $where[2].\n";
    } else {
        print STDERR "#   Failed test at $where[1] line $where[2].\n";
    }
    print STDERR Test::More::_diag_text(join '', @diag) if @diag;
    return 0;
}

sub ok { my ($test, $name) = @_; return Test::More::_result($test ? 1 : 0, $name) }
sub pass { return Test::More::_result(1, $_[0]) }
sub fail { return Test::More::_result(0, $_[0]) }

sub _q { my ($v, $numeric) = @_; return 'undef' unless defined $v; return $numeric ? "$v" : "'$v'" }

sub _same {
    my ($got, $want) = @_;
    return !defined $want unless defined $got;
    return 0 unless defined $want;
    return $got eq $want;
}

sub is {
    my ($got, $want, $name) = @_;
    return Test::More::_result(1, $name) if Test::More::_same($got, $want);
    return Test::More::_result(0, $name, '         got: ' . Test::More::_q($got) . "\n" .
                                        '    expected: ' . Test::More::_q($want) . "\n");
}

sub isnt {
    my ($got, $want, $name) = @_;
    return Test::More::_result(1, $name) unless Test::More::_same($got, $want);
    return Test::More::_result(0, $name, '         got: ' . Test::More::_q($got) . "\n" .
                                        "    expected: anything else\n");
}

sub _like {
    my ($got, $re, $name, $negate) = @_;
    my $usable = $re;
    if (!ref $re) {
        if (defined $re && $re =~ m{\A/(.*)/(\w*)\z}s) {
            $usable = length $2 ? "(?$2)$1" : $1;
        } else {
            return Test::More::_result(0, $name, "    '$re' doesn't look much like a regex to me.\n");
        }
    }
    my $matches = defined $got && $got =~ $usable;
    my $ok = $negate ? !$matches : $matches;
    return Test::More::_result(1, $name) if $ok;
    return Test::More::_result(0, $name, sprintf("                  %s\n    %13s '%s'\n", Test::More::_q($got),
                                                $negate ? 'matches' : "doesn't match", "$re"));
}
sub like {
    my ($got, $re, $name) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    return Test::More::_like($got, $re, $name, 0);
}
sub unlike {
    my ($got, $re, $name) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    return Test::More::_like($got, $re, $name, 1);
}

sub cmp_ok {
    my ($got, $op, $want, $name) = @_;
    my $ok;
    if    ($op eq '==') { $ok = $got == $want }
    elsif ($op eq '!=') { $ok = $got != $want }
    elsif ($op eq '<')  { $ok = $got < $want }
    elsif ($op eq '<=') { $ok = $got <= $want }
    elsif ($op eq '>')  { $ok = $got > $want }
    elsif ($op eq '>=') { $ok = $got >= $want }
    elsif ($op eq 'eq') { $ok = $got eq $want }
    elsif ($op eq 'ne') { $ok = $got ne $want }
    elsif ($op eq 'lt') { $ok = $got lt $want }
    elsif ($op eq 'le') { $ok = $got le $want }
    elsif ($op eq 'gt') { $ok = $got gt $want }
    elsif ($op eq 'ge') { $ok = $got ge $want }
    elsif ($op eq '&&' || $op eq 'and') { $ok = $got && $want }
    elsif ($op eq '||' || $op eq 'or') { $ok = $got || $want }
    else {
        my @where = caller;
        die "cmp_ok with operator '$op' not supported by trellis-perl at $where[1] line $where[2].\n";
    }
    return Test::More::_result(1, $name) if $ok;
    if ($op eq '==' || $op eq 'eq') {
        my $num = $op eq '==';
        return Test::More::_result(0, $name, '         got: ' . Test::More::_q($got, $num) . "\n" .
                                            '    expected: ' . Test::More::_q($want, $num) . "\n");
    }
    if ($op eq '!=' || $op eq 'ne') {
        return Test::More::_result(0, $name, '         got: ' . Test::More::_q($got, $op eq '!=') . "\n" .
                                            "    expected: anything else\n");
    }
    return Test::More::_result(0, $name, '    ' . Test::More::_q($got) . "\n        $op\n    " .
                                        Test::More::_q($want) . "\n");
}

# is_deeply: the path to the first difference ([type, index] pairs) and the two values there, or () when equal.
sub _deep {
    my ($got, $want, $path) = @_;
    return () if !defined $got && !defined $want;
    return ($path, $got, $want) if !defined $got || !defined $want;
    my ($rg, $rw) = (ref $got, ref $want);
    if (!$rg && !$rw) { return $got eq $want ? () : ($path, $got, $want) }
    return ($path, $got, $want) if !$rg || !$rw;
    return () if $got == $want;
    my ($tg, $tw) = (reftype($got), reftype($want));
    return ($path, $got, $want) if $tg ne $tw;
    if ($tg eq 'ARRAY') {
        my $n = @$got > @$want ? scalar(@$got) : scalar(@$want);
        for my $i (0 .. $n - 1) {
            my $g = $i < @$got ? $got->[$i] : $Test::More::DNE;
            my $w = $i < @$want ? $want->[$i] : $Test::More::DNE;
            my @d = Test::More::_deep($g, $w, [@$path, ['ARRAY', $i]]);
            return @d if @d;
        }
        return ();
    }
    if ($tg eq 'HASH') {
        my $bigger = keys(%$got) > keys(%$want) ? $got : $want;
        for my $k (sort keys %$bigger) {
            my $g = exists $got->{$k} ? $got->{$k} : $Test::More::DNE;
            my $w = exists $want->{$k} ? $want->{$k} : $Test::More::DNE;
            my @d = Test::More::_deep($g, $w, [@$path, ['HASH', $k]]);
            return @d if @d;
        }
        return ();
    }
    if ($tg eq 'SCALAR' || $tg eq 'REF') {
        return Test::More::_deep($$got, $$want, [@$path, ['REF', '']]);
    }
    return ($path, $got, $want);
}

sub _deep_value {
    my ($v) = @_;
    return 'undef' unless defined $v;
    return 'Does not exist' if !ref $v && $v eq $Test::More::DNE;
    return "$v" if ref $v;
    return "'$v'";
}

sub is_deeply {
    my ($got, $want, $name) = @_;
    if (!ref $got && !ref $want) {
        local $Test::Builder::Level = $Test::Builder::Level + 1;
        return Test::More::is($got, $want, $name);
    }
    my @d = Test::More::_deep($got, $want, []);
    return Test::More::_result(1, $name) unless @d;
    my ($path, $g, $w) = @d;
    my $var = '$FOO';
    my $arrow = 0;
    for my $step (@$path) {
        if ($step->[0] eq 'REF') { $var = "\${$var}"; next }
        $var .= '->' unless $arrow++;
        $var .= $step->[0] eq 'HASH' ? "{$step->[1]}" : "[$step->[1]]";
    }
    (my $gv = $var) =~ s/\$FOO/     \$got/;
    (my $wv = $var) =~ s/\$FOO/\$expected/;
    my $text = "Structures begin differing at:\n$gv = " . Test::More::_deep_value($g) . "\n$wv = " .
               Test::More::_deep_value($w) . "\n";
    $text =~ s/^/    /mg;
    return Test::More::_result(0, $name, $text);
}

sub done_testing {
    my ($n) = @_;
    $n = $Test::More::count unless defined $n;
    print STDOUT "1..$n\n" unless defined $Test::More::planned;
    $Test::More::planned = $n unless defined $Test::More::planned;
    $Test::More::done = 1;
    return 1;
}

sub BAIL_OUT {
    my ($reason) = @_;
    print STDOUT 'Bail out!  ' . (defined $reason ? $reason : '') . "\n";
    $Test::More::done = 2;
    exit 255;
}

sub _unsupported {
    my ($what) = @_;
    my @where = caller(1);
    die "Test::More's $what not supported by trellis-perl at $where[1] line $where[2].\n";
}
# skip(WHY, COUNT): COUNT "ok N # skip WHY" lines; the parser adds the `last SKIP` (LAST_SKIP above)
sub skip {
    my ($why, $count) = @_;
    $count = 1 unless defined $count;
    for (1 .. $count) {
        $Test::More::count++;
        print STDOUT "ok $Test::More::count # skip" . (defined $why && length $why ? " $why" : '') . "\n";
    }
    return 1;
}
sub todo_skip { Test::More::_unsupported('todo_skip') }
sub subtest { Test::More::_unsupported('subtest') }
sub explain { Test::More::_unsupported('explain') }
sub can_ok { Test::More::_unsupported('can_ok') }
sub isa_ok { Test::More::_unsupported('isa_ok') }
sub new_ok { Test::More::_unsupported('new_ok') }

sub eq_array { my @d = Test::More::_deep($_[0], $_[1], []); return @d ? 0 : 1 }
sub eq_hash { my @d = Test::More::_deep($_[0], $_[1], []); return @d ? 0 : 1 }

END {
    if ($Test::More::done != 2 && ($Test::More::count > 0 || defined $Test::More::planned)) {
        my $status = $?;
        my $count = $Test::More::count;
        my $failed = $Test::More::failed;
        my $tests = $count == 1 ? 'test' : 'tests';
        if (!defined $Test::More::planned && !$Test::More::no_plan) {
            print STDERR "# Tests were run but no plan was declared and done_testing() was not seen.\n";
            $? = 254 if $status == 0;
        } else {
            print STDOUT "1..$count\n" if $Test::More::no_plan && !defined $Test::More::planned;
            my $planned = defined $Test::More::planned ? $Test::More::planned : $count;
            my $mismatch = $planned != $count;
            if ($mismatch) {
                my $pl = $planned == 1 ? 'test' : 'tests';
                print STDERR "# Looks like you planned $planned $pl but ran $count.\n";
            }
            if ($failed) {
                my $ft = $failed == 1 ? 'test' : 'tests';
                print STDERR "# Looks like you failed $failed $ft of $count" . ($mismatch ? ' run' : '') . ".\n";
            }
            if ($status != 0) {
                print STDERR "# Looks like your test exited with $status just after $count.\n";
            } elsif ($failed) {
                $? = $failed > 254 ? 254 : $failed;
            } elsif ($mismatch) {
                $? = 255;
            }
        }
    }
}

1;
