# Carp for trellis-perl: croak/carp report the error from the perspective of the caller (the first call site
# outside the croaking package and the packages it trusts through @ISA), confess/cluck with a backtrace, in the
# format of Carp 1.52 (perl 5.36): arguments double-quoted unless numeric, at most $Carp::MaxArgNums of them,
# strings cut at $Carp::MaxArgLen. When every caller is trusted, croak and carp give the full backtrace too.
# EXPORT: croak carp confess
# EXPORT_OK: cluck longmess shortmess
package Carp;

$Carp::VERSION = '1.52';
$Carp::Verbose = 0;
$Carp::MaxArgLen = 64;
$Carp::MaxArgNums = 8;

sub _format_arg {
    my $arg = shift;
    return "$arg" if ref $arg;
    return 'undef' unless defined $arg;
    return $arg if $arg =~ /\A-?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?\z/;
    my $suffix = '';
    if (2 < $Carp::MaxArgLen && $Carp::MaxArgLen < length($arg)) {
        $arg = substr($arg, 0, $Carp::MaxArgLen - 3);
        $suffix = '...';
    }
    $arg =~ s/([\"\\\$\@])/\\$1/g;
    $arg =~ s/([^ -~])/sprintf("\\x{%x}", ord($1))/eg;
    return '"' . $arg . '"' . $suffix;
}

# The message with " at FILE line N." for frame $level (counted as caller() counts in the caller of this sub)
# and, with $trace, one line per enclosing frame.
sub _message {
    my ($err, $level, $trace) = @_;
    my @where = caller($level + 1);
    my $mess = "$err at $where[1] line $where[2].\n";
    return $mess unless $trace;
    my $i = $level + 1;
    while (1) {
        my @frame = caller($i + 1);
        last unless @frame;
        my $name = $frame[3];
        if ($name ne '(eval)') {
            my @args = map { Carp::_format_arg($_) } __caller_args($i + 1);
            if ($Carp::MaxArgNums && @args > $Carp::MaxArgNums) {
                $#args = $Carp::MaxArgNums - 1;
                push @args, '...';
            }
            $name .= '(' . join(', ', @args) . ')';
        } else {
            $name = 'eval {...}';
        }
        $mess .= "\t$name called at $frame[1] line $frame[2]\n";
        $i++;
    }
    return $mess;
}

sub _trusts {
    my ($child, $parent) = @_;
    return 1 if $child eq $parent;
    return $child->isa($parent) ? 1 : 0;
}

# croak/carp: the frame to report, counted from the caller of croak (0: croak's own call site), or -1 when
# every caller is trusted (then the long form is used).
sub _short_level {
    my $k = 0;
    while (1) {
        my $called = caller($k + 2);
        my $caller = caller($k + 3);
        return -1 unless defined $caller;
        if ($caller eq 'Carp' || Carp::_trusts($called, $caller) || Carp::_trusts($caller, $called)) {
            $k++;
            next;
        }
        return $k + 1;
    }
}

sub _short {
    my ($err) = @_;
    return Carp::_message($err, 1, 1) if $Carp::Verbose;
    my $k = Carp::_short_level();
    return Carp::_message($err, 1, 1) if $k < 0;
    return Carp::_message($err, $k + 1, 0);
}

sub croak {
    die $_[0] if @_ == 1 && ref $_[0];
    die Carp::_short(join '', @_);
}
sub carp { warn Carp::_short(join '', @_) }
sub confess { die Carp::_message(join('', @_), 0, 1) }
sub cluck { warn Carp::_message(join('', @_), 0, 1) }
sub shortmess { return Carp::_short(join '', @_) }
sub longmess { return Carp::_message(join('', @_), 0, 1) }

1;
