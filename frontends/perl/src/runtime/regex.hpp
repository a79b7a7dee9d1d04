/// @file regex.hpp
/// Perl regexes on PCRE2 (perlop "Regexp Quote-Like Operators", perlre): m// and s/// with /g /i /m /s /x /r
/// /e, captures ($1.., $&), pos() for m//g in scalar context, and split's pattern search. Patterns are compiled
/// once per (text, flags) and cached.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "runtime/vm.hpp"

namespace trellis::perl {

/// MATCH: r[a] = match of r[b] (or Cell r[b] with flag 64) against pattern r[c]; flags in d, context in x.
bool regex_match(State& s, const Ins* ip);
/// SUBST: s/// on Cell r[b] with pattern r[c]; the replacement (string or code) is the next instruction's a.
bool regex_subst(State& s, const Ins* ip);
/// $n (n > 0) or $& (n == 0) of the last successful match; undef when unset.
Value regex_capture(Vm& vm, int n);
/// TRANS (tr///, perlop "tr/SEARCHLIST/REPLACEMENTLIST/cdsr") on Cell r[b] when its value is a character string
/// (builtins_utf8.cpp): characters below 0x80 map through table `t`, the others stay; a table that maps
/// non-ASCII characters (or /c) dies "... not supported by trellis-perl". False on die.
bool trans_chars(State& s, const Ins* ip, const TransTable& t);
/// The flag of regex_search (and MATCH/SUBST internally) for a character-string match: pattern and subject are
/// UTF-8 and PCRE2 runs with PCRE2_UTF | PCRE2_UCP (perlunicode: \w, \d, \s, `.`, /i by Unicode rules).
inline constexpr int regex_utf = 512;
/// One search of `pattern` (perl syntax, flags as in MATCH) in `subject` from byte `from`: fills `ovector`
/// with start/end pairs per group and returns true on a match. `error` is set on a bad pattern.
bool regex_search(Vm& vm, const std::string& pattern, int flags, std::string_view subject, size_t from,
                  std::vector<long>& ovector, std::string& error, bool not_empty_at_start = false);

}  // namespace trellis::perl
