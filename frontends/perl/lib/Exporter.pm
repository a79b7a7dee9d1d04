# Exporter for trellis-perl: the import method of modules that inherit it (`our @ISA = ('Exporter')`,
# `use parent 'Exporter'`) or import it (`use Exporter 'import'`). The module's @EXPORT (a plain `use`),
# @EXPORT_OK and %EXPORT_TAGS (`:tag`) say what may be imported; the names (subs, `$x`, `@x`, `%x`) are
# aliased into the caller's package by builtin __export (src/runtime/builtins_modules.cpp), which also gives
# Exporter's errors ('"x" is not exported by the M module', "Can't continue after import errors").
# EXPORT_OK: import
package Exporter;

sub import {
    my $pkg = shift;
    return if $pkg eq 'Exporter';
    my $callpkg = caller(0);
    __export($pkg, $callpkg, @_);
}

1;
