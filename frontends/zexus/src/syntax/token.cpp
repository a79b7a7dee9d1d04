// token.cpp: names and spellings of Zexus token kinds (token.hpp).
#include "trellis/zexus/token.hpp"

namespace trellis::zexus {

std::string_view token_kind_text(TokenKind kind) noexcept {
    switch (kind) {
#define TRELLIS_ZEXUS_TOKEN_TEXT(name, text) \
    case TokenKind::name: return text;
        TRELLIS_ZEXUS_TOKENS(TRELLIS_ZEXUS_TOKEN_TEXT)
#undef TRELLIS_ZEXUS_TOKEN_TEXT
    }
    return "?";
}

std::string_view token_kind_name(TokenKind kind) noexcept {
    switch (kind) {
#define TRELLIS_ZEXUS_TOKEN_NAME(name, text) \
    case TokenKind::name: return #name;
        TRELLIS_ZEXUS_TOKENS(TRELLIS_ZEXUS_TOKEN_NAME)
#undef TRELLIS_ZEXUS_TOKEN_NAME
    }
    return "?";
}

}  // namespace trellis::zexus
