/// @file parser_pragmas.cpp
/// The `warnings` pragma (perldoc warnings, perllexwarn): `use warnings`, `no warnings`, with a list of
/// categories (`no warnings 'uninitialized'`, `use warnings qw(FATAL all)`). The parser turns it into an NK::Use
/// node (text "warnings") that the compiler applies to the rest of the enclosing block, which is what makes the
/// pragma lexical. The category names are checked by the compiler (runtime/warnings.hpp).
#include "syntax/parser.hpp"

namespace trellis::perl {

Node* Parser::warnings_node(int line, bool on, const std::vector<std::string>& categories) {
    Node* n = make(NK::Use, line);
    n->text = "warnings";
    n->flags = on ? 1 : 0;
    for (const std::string& c : categories) {
        Node* k = make(NK::Str, line);
        k->text = c;
        n->kids.push_back(k);
    }
    return n;
}

Node* Parser::parse_warnings_pragma(int line, bool is_no) {
    // the list is words, quoted strings and qw() (a constant list; perl runs it at BEGIN time)
    std::vector<std::string> categories;
    while (peek().type != TK::End && !is_op(";") && !is_op("}")) {
        Token t = take();
        if (t.type == TK::Word) {
            categories.push_back(t.text);
        } else if (t.type == TK::Quote && (t.text == "q" || t.text == "qq" || t.text == "qw")) {
            if (t.text == "qw") {
                for (const std::string& w : split_words(t.body)) categories.push_back(w);
            } else {
                categories.push_back(t.body);
            }
        } else if (!(t.type == TK::Op && (t.text == "," || t.text == "=>" || t.text == "(" || t.text == ")"))) {
            unsupported("this form of the warnings pragma", line);
        }
    }
    accept_op(";");
    m_prev_term = false;
    return warnings_node(line, !is_no, categories);
}

}  // namespace trellis::perl
