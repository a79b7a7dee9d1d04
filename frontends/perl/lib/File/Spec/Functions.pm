# File::Spec::Functions for trellis-perl: File::Spec's class methods as plain functions (lib/File/Spec.pm).
# EXPORT: canonpath catdir catfile curdir rootdir updir no_upwards file_name_is_absolute path
# EXPORT_OK: devnull tmpdir splitpath splitdir catpath
package File::Spec::Functions;
use File::Spec ();

sub canonpath { return File::Spec->canonpath(@_) }
sub catdir { return File::Spec->catdir(@_) }
sub catfile { return File::Spec->catfile(@_) }
sub curdir { return File::Spec->curdir }
sub rootdir { return File::Spec->rootdir }
sub updir { return File::Spec->updir }
sub devnull { return File::Spec->devnull }
sub tmpdir { return File::Spec->tmpdir }
sub file_name_is_absolute { return File::Spec->file_name_is_absolute(@_) }
sub splitpath { return File::Spec->splitpath(@_) }
sub splitdir { return File::Spec->splitdir(@_) }
sub catpath { return File::Spec->catpath(@_) }
sub no_upwards { return grep { !/^\.{1,2}\z/s } @_ }
sub path {
    my @path = split /:/, (defined $ENV{PATH} ? $ENV{PATH} : ''), -1;
    return map { $_ eq '' ? '.' : $_ } @path;
}

1;
