# Cwd for trellis-perl: getcwd and cwd (the current directory from getcwd(3), through builtin __getcwd in
# src/runtime/builtins_system.cpp; undef with $! set when it fails).
# EXPORT: getcwd cwd
# EXPORT_OK: fastcwd
package Cwd;

sub getcwd { return __getcwd() }
sub cwd { return __getcwd() }
sub fastcwd { return __getcwd() }

1;
