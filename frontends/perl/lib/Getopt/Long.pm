# Getopt::Long for trellis-perl: GetOptions / GetOptionsFromArray with the common option specs (name|alias,
# flags, `!` negation as --noNAME / --no-NAME, `+` counters, `=s` `=i` `=f` mandatory and `:s` `:i` `:f`
# optional values, `@` and `%` destinations), scalar/array/hash/code destinations or a hash reference first,
# and Getopt::Long's default configuration (no bundling, ignore_case, auto_abbrev, permute): `--` ends the
# options, unique prefixes are accepted, errors are warnings in Getopt::Long 2.52's words and make the result
# false. Configure knows ignore_case, auto_abbrev, pass_through, permute/require_order and their no_ forms;
# bundling and the other settings stop with "not supported".
# EXPORT: GetOptions
# EXPORT_OK: GetOptionsFromArray Configure
# IMPORT_CALL: import
package Getopt::Long;

$Getopt::Long::VERSION = '2.52';
$Getopt::Long::ignore_case = 1;
$Getopt::Long::auto_abbrev = 1;
$Getopt::Long::pass_through = 0;
$Getopt::Long::permute = 1;

sub import {
    my @args = @_;
    while (@args) {
        my $a = shift @args;
        if ($a eq ':config') { Getopt::Long::Configure(@args); return }
    }
}

sub Configure {
    for my $c (@_) {
        my $name = lc $c;
        my $on = 1;
        $on = 0 if $name =~ s/^no_?//;
        if ($name eq 'ignore_case' || $name eq 'ignorecase') { $Getopt::Long::ignore_case = $on }
        elsif ($name eq 'auto_abbrev' || $name eq 'autoabbrev') { $Getopt::Long::auto_abbrev = $on }
        elsif ($name eq 'pass_through' || $name eq 'passthrough') { $Getopt::Long::pass_through = $on }
        elsif ($name eq 'permute') { $Getopt::Long::permute = $on }
        elsif ($name eq 'require_order') { $Getopt::Long::permute = $on ? 0 : 1 }
        elsif ($name eq 'default') {
            ($Getopt::Long::ignore_case, $Getopt::Long::auto_abbrev, $Getopt::Long::pass_through,
             $Getopt::Long::permute) = (1, 1, 0, 1);
        }
        elsif ($name eq 'bundling' && !$on) { }
        else {
            my @where = caller;
            die "Getopt::Long's configuration \"$c\" not supported by trellis-perl at $where[1] line $where[2].\n";
        }
    }
    return 1;
}

sub GetOptions { return Getopt::Long::_parse(\@ARGV, @_) }
sub GetOptionsFromArray { my $argv = shift; return Getopt::Long::_parse($argv, @_) }

sub _spec_error {
    my ($spec) = @_;
    my @where = caller(2);
    die "the option spec \"$spec\" not supported by trellis-perl at $where[1] line $where[2].\n";
}

sub _parse {
    my ($argv, @spec) = @_;
    my $hash;
    $hash = shift @spec if @spec && ref $spec[0] eq 'HASH';
    my %opt;
    while (@spec) {
        my $spec = shift @spec;
        my $dest = @spec && ref $spec[0] ? shift @spec : undef;
        Getopt::Long::_spec_error($spec) unless $spec =~ /\A([\w?-]+(?:\|[\w?-]+)*)(.*)\z/s;
        my ($names, $type) = ($1, $2);
        my %rec = (primary => (split /\|/, $names)[0], kind => '', mandatory => 0, store => '');
        if ($type eq '') { $rec{kind} = 'flag' }
        elsif ($type eq '!') { $rec{kind} = 'flag'; $rec{negatable} = 1 }
        elsif ($type eq '+') { $rec{kind} = 'count' }
        elsif ($type =~ /\A([=:])([sif])([@%]?)\z/) {
            ($rec{kind}, $rec{mandatory}, $rec{store}) = ($2, $1 eq '=' ? 1 : 0, $3);
        }
        else { Getopt::Long::_spec_error($spec) }
        if (!defined $dest) {
            Getopt::Long::_spec_error($spec) unless $hash;
            $rec{hash} = $hash;
        } else {
            $rec{dest} = $dest;
        }
        my $r = \%rec;
        for my $n (split /\|/, $names) {
            my $key = $Getopt::Long::ignore_case ? lc $n : $n;
            $opt{$key} = [$r, 0];
            if ($rec{negatable}) {
                $opt{"no$key"} = [$r, 1];
                $opt{"no-$key"} = [$r, 1];
            }
        }
    }
    my @rest;
    my $ok = 1;
    while (@$argv) {
        my $arg = shift @$argv;
        if ($arg eq '--') { push @rest, @$argv; @$argv = (); last }
        if ($arg !~ /\A--?([^-].*)\z/s && $arg !~ /\A--?(-.+)\z/s) {
            push @rest, $arg;
            if (!$Getopt::Long::permute) { push @rest, @$argv; @$argv = (); last }
            next;
        }
        my $name = $1;
        my $value;
        ($name, $value) = ($1, $2) if $name =~ /\A([^=]*)=(.*)\z/s;
        my $key = $Getopt::Long::ignore_case ? lc $name : $name;
        my $entry = $opt{$key};
        if (!$entry && $Getopt::Long::auto_abbrev) {
            my %seen;
            my @hits = grep { index($_, $key) == 0 } sort keys %opt;
            my @distinct = grep { !$seen{$opt{$_}[0]{primary} . '/' . $opt{$_}[1]}++ } @hits;
            if (@distinct == 1) { $entry = $opt{$distinct[0]} }
            elsif (@distinct > 1) {
                if ($Getopt::Long::pass_through) { push @rest, $arg; next }
                warn "Option $key is ambiguous (" . join(', ', @hits) . ")\n";
                $ok = 0;
                next;
            }
        }
        if (!$entry) {
            if ($Getopt::Long::pass_through) { push @rest, $arg; next }
            warn "Unknown option: $key\n";
            $ok = 0;
            next;
        }
        my ($rec, $negated) = @$entry;
        my $primary = $rec->{primary};
        my $kind = $rec->{kind};
        if ($kind eq 'flag' || $kind eq 'count') {
            if (defined $value) {
                warn "Option $name does not take an argument\n";
                $ok = 0;
                next;
            }
            $value = $negated ? 0 : 1;
        } elsif (!defined $value) {
            if ($rec->{mandatory}) {
                if (!@$argv) {
                    warn "Option $primary requires an argument\n";
                    $ok = 0;
                    next;
                }
                $value = shift @$argv;
            } elsif (@$argv && $argv->[0] !~ /\A-./s && ($kind eq 's' || $argv->[0] =~ /\A[-+]?\d/)) {
                $value = shift @$argv;
            } else {
                $value = $kind eq 's' ? '' : 0;
            }
        }
        if ($kind eq 'i' && $value !~ /\A[-+]?\d+\z/) {
            warn "Value \"$value\" invalid for option $primary (number expected)\n";
            $ok = 0;
            next;
        }
        $value = 0 + $value if $kind eq 'i' && $value =~ /\A-?(?:0|[1-9][0-9]*)\z/;  # perl's value is a number
        if ($kind eq 'f' && $value !~ /\A[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\z/) {
            warn "Value \"$value\" invalid for option $primary (real number expected)\n";
            $ok = 0;
            next;
        }
        my $dest = $rec->{dest};
        my $store = $rec->{store};
        $store = '%' if $store eq '' && ref $dest eq 'HASH';
        if ($store eq '%' && $value !~ /=/ && $rec->{mandatory}) {
            warn "Option $key, key \"$value\", requires a value\n";
            $ok = 0;
            next;
        }
        if (!defined $dest) {
            my $h = $rec->{hash};
            if ($store eq '@') { push @{ $h->{$primary} }, $value }
            elsif ($store eq '%') {
                my ($k, $v) = $value =~ /\A([^=]*)=(.*)\z/s ? ($1, $2) : ($value, 1);
                $h->{$primary}{$k} = $v;
            }
            elsif ($kind eq 'count') { $h->{$primary}++ }
            else { $h->{$primary} = $value }
        } elsif (ref $dest eq 'CODE') {
            if ($store eq '%') {
                my ($k, $v) = $value =~ /\A([^=]*)=(.*)\z/s ? ($1, $2) : ($value, 1);
                $dest->($primary, $k, $v);
            } else {
                $dest->($primary, $value);
            }
        } elsif (ref $dest eq 'ARRAY') {
            push @$dest, $value;
        } elsif (ref $dest eq 'HASH') {
            my ($k, $v) = $value =~ /\A([^=]*)=(.*)\z/s ? ($1, $2) : ($value, 1);
            $dest->{$k} = $v;
        } elsif ($store eq '@') {
            push @{ $$dest }, $value;
        } elsif ($kind eq 'count') {
            $$dest++;
        } else {
            $$dest = $value;
        }
    }
    @$argv = @rest;
    return $ok ? 1 : '';
}

1;
