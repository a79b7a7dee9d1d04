# Encode for trellis-perl, its common use (perldoc Encode): UTF-8 only. encode/decode with another encoding
# die "... not supported by trellis-perl"; decode replaces malformed bytes by U+FFFD, or dies with CHECK
# FB_CROAK (1) as Encode does. The work is done by builtins __encode and __decode (src/runtime/builtins_utf8.cpp).
# EXPORT: encode decode encode_utf8 decode_utf8
# EXPORT_OK: is_utf8 FB_CROAK FB_QUIET FB_WARN FB_DEFAULT LEAVE_SRC
package Encode;

sub FB_DEFAULT () { 0 }
sub FB_CROAK () { 1 }
sub FB_QUIET () { 4 }
sub FB_WARN () { 6 }
sub LEAVE_SRC () { 8 }

sub encode_utf8 { return __encode(undef, $_[0]) }
sub decode_utf8 { return __decode(undef, $_[0], $_[1] // 0) }
sub encode { return __encode($_[0], $_[1]) }
sub decode { return __decode($_[0], $_[1], $_[2] // 0) }
sub is_utf8 { return utf8::is_utf8($_[0]) }

1;
