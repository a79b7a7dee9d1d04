# Data::Dumper for trellis-perl: Dumper() and the OO form (new/Dump and the setting methods) over the engine
# __dd_dump (src/runtime/builtins_dumper.cpp), with the package variables and defaults of Data::Dumper's POD.
# EXPORT: Dumper
# EXPORT_OK: Dumper
package Data::Dumper;

$Data::Dumper::VERSION = '2.184';
$Data::Dumper::Indent = 2;
$Data::Dumper::Terse = 0;
$Data::Dumper::Useqq = 0;
$Data::Dumper::Sortkeys = 0;
$Data::Dumper::Deepcopy = 0;
$Data::Dumper::Purity = 0;
$Data::Dumper::Pad = '';
$Data::Dumper::Varname = 'VAR';
$Data::Dumper::Pair = ' => ';
$Data::Dumper::Trailingcomma = 0;
$Data::Dumper::Quotekeys = 1;
$Data::Dumper::Maxdepth = 0;
$Data::Dumper::Deparse = 0;
$Data::Dumper::Freezer = '';
$Data::Dumper::Toaster = '';

sub _settings {
    return {
        Indent => $Data::Dumper::Indent, Terse => $Data::Dumper::Terse, Useqq => $Data::Dumper::Useqq,
        Sortkeys => $Data::Dumper::Sortkeys, Deepcopy => $Data::Dumper::Deepcopy,
        Purity => $Data::Dumper::Purity, Pad => $Data::Dumper::Pad, Varname => $Data::Dumper::Varname,
        Pair => $Data::Dumper::Pair, Trailingcomma => $Data::Dumper::Trailingcomma,
        Quotekeys => $Data::Dumper::Quotekeys, Maxdepth => $Data::Dumper::Maxdepth,
        Deparse => $Data::Dumper::Deparse, Freezer => $Data::Dumper::Freezer,
        Toaster => $Data::Dumper::Toaster,
    };
}

sub _run {
    my ($settings, $names, $values) = @_;
    my ($ok, $text) = __dd_dump($settings, $names, @$values);
    return $text if $ok;
    my @where = caller(1);
    die "$text not supported by trellis-perl at $where[1] line $where[2].\n";
}

sub Dumper { return Data::Dumper::_run(Data::Dumper::_settings(), [], [@_]) }

sub new {
    my ($class, $values, $names) = @_;
    my $self = Data::Dumper::_settings();
    $self->{todump} = $values;
    $self->{names} = $names || [];
    return bless $self, $class;
}

sub Dump {
    my $self = shift;
    $self = $self->new(@_) unless ref $self;
    return Data::Dumper::_run($self, $self->{names}, $self->{todump});
}

sub _knob {
    my ($self, $name, @value) = @_;
    return $self->{$name} unless @value;
    $self->{$name} = $value[0];
    return $self;
}
sub Indent { my $s = shift; return Data::Dumper::_knob($s, 'Indent', @_) }
sub Terse { my $s = shift; return Data::Dumper::_knob($s, 'Terse', @_) }
sub Useqq { my $s = shift; return Data::Dumper::_knob($s, 'Useqq', @_) }
sub Sortkeys { my $s = shift; return Data::Dumper::_knob($s, 'Sortkeys', @_) }
sub Deepcopy { my $s = shift; return Data::Dumper::_knob($s, 'Deepcopy', @_) }
sub Purity { my $s = shift; return Data::Dumper::_knob($s, 'Purity', @_) }
sub Pad { my $s = shift; return Data::Dumper::_knob($s, 'Pad', @_) }
sub Varname { my $s = shift; return Data::Dumper::_knob($s, 'Varname', @_) }
sub Pair { my $s = shift; return Data::Dumper::_knob($s, 'Pair', @_) }
sub Trailingcomma { my $s = shift; return Data::Dumper::_knob($s, 'Trailingcomma', @_) }
sub Quotekeys { my $s = shift; return Data::Dumper::_knob($s, 'Quotekeys', @_) }
sub Maxdepth { my $s = shift; return Data::Dumper::_knob($s, 'Maxdepth', @_) }

1;
