# Time::HiRes for trellis-perl: time (fractional seconds since the epoch), sleep and usleep (fractional),
# gettimeofday and tv_interval, over the builtins __hires_time / __hires_sleep (src/runtime/builtins_system.cpp).
# Importing time or sleep replaces perl's integer builtins in the importing package, as with perl.
# EXPORT:
# EXPORT_OK: time sleep usleep nanosleep gettimeofday tv_interval
package Time::HiRes;

$Time::HiRes::VERSION = '1.9770';

sub time { return __hires_time() }
sub sleep { return __hires_sleep(@_ ? $_[0] : 0) }
sub usleep { return __hires_sleep($_[0] / 1e6) * 1e6 }
sub nanosleep { return __hires_sleep($_[0] / 1e9) * 1e9 }

sub gettimeofday {
    my $t = __hires_time();
    return $t unless wantarray;
    my $sec = int($t);
    return ($sec, int(($t - $sec) * 1e6));
}

sub tv_interval {
    my ($a, $b) = @_;
    $b = [Time::HiRes::gettimeofday()] unless defined $b;
    return ($b->[0] - $a->[0]) + ($b->[1] - $a->[1]) / 1e6;
}

1;
