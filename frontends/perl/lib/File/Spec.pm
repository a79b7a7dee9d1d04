# File::Spec for trellis-perl, Unix semantics (File::Spec::Unix): canonpath catdir catfile curdir updir rootdir
# devnull tmpdir splitdir catpath splitpath file_name_is_absolute, called as class methods
# (File::Spec->catfile('a', 'b')); File::Spec::Functions exports them as plain functions.
# EXPORT:
# EXPORT_OK:
package File::Spec;

sub canonpath {
    my ($self, $path) = @_;
    return undef unless defined $path;
    $path =~ s|/{2,}|/|g;
    $path =~ s{(?:/\.)+(?:/|\z)}{/}g;
    $path =~ s|^(?:\./)+||s unless $path eq './';
    $path =~ s|^/(?:\.\./)+|/|;
    $path =~ s|^/\.\.$|/|;
    $path =~ s|/\z|| unless $path eq '/';
    return $path;
}

sub catdir {
    my $self = shift;
    return File::Spec->canonpath(join('/', @_, ''));
}

sub catfile {
    my $self = shift;
    my $file = File::Spec->canonpath(pop @_);
    return $file unless @_;
    my $dir = File::Spec->catdir(@_);
    $dir .= '/' unless substr($dir, -1) eq '/';
    return $dir . $file;
}

sub curdir { return '.' }
sub updir { return '..' }
sub rootdir { return '/' }
sub devnull { return '/dev/null' }
sub tmpdir {
    my $dir = $ENV{TMPDIR};
    return File::Spec->canonpath($dir) if defined $dir && length $dir && -d $dir && -w $dir;
    return '/tmp';
}
sub file_name_is_absolute { my ($self, $file) = @_; return scalar($file =~ m{^/}s) }
sub splitdir { my ($self, $dirs) = @_; return split m|/|, $dirs, -1 }

sub splitpath {
    my ($self, $path, $nofile) = @_;
    my ($volume, $directory, $file) = ('', '', '');
    if ($nofile) {
        $directory = $path;
    } else {
        $path =~ m|^ ( (?: .* / (?: \.\.?\z )? )? ) ([^/]*) |xs;
        $directory = $1;
        $file = $2;
    }
    return ($volume, $directory, $file);
}

sub catpath {
    my ($self, $volume, $directory, $file) = @_;
    if ($directory ne '' && $file ne '' && substr($directory, -1) ne '/' && substr($file, 0, 1) ne '/') {
        $directory .= "/$file";
    } else {
        $directory .= $file;
    }
    return $directory;
}

1;
