# File::Basename for trellis-perl (Unix paths only, as on Debian): fileparse with suffix patterns, basename
# (suffixes as literal strings) and dirname, with the results File::Basename's POD gives for trailing slashes,
# "/" and names without a directory part.
# EXPORT: basename dirname fileparse
# EXPORT_OK: fileparse_set_fstype
package File::Basename;

sub fileparse {
    my ($fullname, @suffixes) = @_;
    die "fileparse(): need a valid pathname" unless defined $fullname;
    my ($dirpath, $basename) = ($fullname =~ m{^(.*/)?(.*)}s);
    $dirpath = './' unless defined $dirpath && length $dirpath;
    my $tail = '';
    foreach my $suffix (@suffixes) {
        my $pat = "($suffix)\$";
        if ($basename =~ s/$pat//s) {
            $tail = $1 . $tail;
        }
    }
    return wantarray ? ($basename, $dirpath, $tail) : $basename;
}

sub _strip_trailing_sep {
    my ($path) = @_;
    $path =~ s{(.)/*\z}{$1}s;
    return $path;
}

sub basename {
    my ($path, @suffixes) = @_;
    $path = File::Basename::_strip_trailing_sep($path);
    my ($basename, $dirname, $suffix) = File::Basename::fileparse($path, map { quotemeta($_) } @suffixes);
    $basename = $suffix if length $suffix && !length $basename;
    $basename = $dirname unless length $basename;
    return $basename;
}

sub dirname {
    my ($path) = @_;
    my ($basename, $dirname) = File::Basename::fileparse($path);
    $dirname = File::Basename::_strip_trailing_sep($dirname);
    unless (length $basename) {
        ($basename, $dirname) = File::Basename::fileparse($dirname);
        $dirname = File::Basename::_strip_trailing_sep($dirname);
    }
    return $dirname;
}

sub fileparse_set_fstype {
    my ($type) = @_;
    die "fileparse_set_fstype($type) not supported by trellis-perl (Unix paths only)\n"
        if defined $type && $type !~ /^(?:Unix|Linux)$/i;
    return 'Unix';
}

1;
