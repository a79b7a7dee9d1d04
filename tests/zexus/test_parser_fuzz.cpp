// test_parser_fuzz.cpp: garbage in must end in an AST or a ZexusSyntaxError, never a crash, hang or other
// exception: random token soups, random bytes, and every prefix of a valid program.
#include <random>

#include "zexus_test_util.hpp"

namespace {

/// Parse; true on success, false on ZexusSyntaxError (anything else propagates and fails the test).
bool parses(const std::string& source) {
    try {
        auto ast = trellis::zexus::parse_program(source, "fuzz.zx");
        (void)trellis::zexus::print_program(*ast);  // walk the whole tree
        return true;
    } catch (const trellis::zexus::ZexusSyntaxError&) {
        return false;
    }
}

const char* const k_vocabulary[] = {
    "let", "const", "x", "y", "=", "==", "+", "-", "*", "**", "/", "%", "(", ")", "[", "]", "{", "}", ",", ";",
    ":", ".", "?", "??", "!", "&&", "||", "=>", "->", "\n", "1", "2.5", "\"s\"", "\"a${x}b\"", "'q'", "if",
    "elif", "else", "while", "for", "each", "in", "return", "break", "continue", "action", "function", "lambda",
    "match", "case", "default", "try", "catch", "finally", "throw", "print", "debug", "use", "export", "import",
    "entity", "data", "contract", "state", "require", "revert", "emit", "defer", "sandbox", "@", "async",
    "true", "null", "then", "where", "as", "from", "$", "#", "/*x*/", "persistent", "storage", "event", "log", ">",
};

const char* const k_program = R"(
let total = 0
const LIMIT = 10
action add(a, b: integer) -> integer { return a + b }
for each i, v in [1, 2, 3] { total += add(i, v) }
while total < LIMIT { total = total + 1; if total % 2 == 0 { continue } elif total > 8 { break } else { print total } }
let f = lambda(x): x * 2
let g = (a) => a ?? 0
print("sum ${total + f(2)} of ${ {k: [1, 2]}["k"] }", g(null))
match total { case 1: print "one"  case x where x > 5: print "big"  default: print "other" }
try { require(total > 0, "neg"); throw "boom" } catch (e) { print e.message } finally { print "done" }
entity Point { x: integer, y: integer = 0 }
data Pair { a: integer; sum() { return this.a } }
contract C { state n = 0  action inc() { this.n += 1 } }
use { a, b } from "./m.zx"
export { add }
/* block /* nested */ comment */ # line comment
)";

}  // namespace

TEST_CASE("zexus fuzz: the sample program parses", "[zexus][fuzz]") {
    CHECK(parses(k_program));
}

TEST_CASE("zexus fuzz: every prefix of a valid program", "[zexus][fuzz]") {
    std::string program = k_program;
    size_t ok = 0, failed = 0;
    for (size_t n = 0; n <= program.size(); ++n) (parses(program.substr(0, n)) ? ok : failed)++;
    CHECK(ok + failed == program.size() + 1);
    CHECK(failed > 0);  // most cuts land mid-construct
    CHECK(ok > 0);      // cuts at line ends are complete programs
}

TEST_CASE("zexus fuzz: random token soups", "[zexus][fuzz]") {
    std::mt19937 rng(20261123);
    std::uniform_int_distribution<size_t> pick(0, std::size(k_vocabulary) - 1);
    std::uniform_int_distribution<int> length(1, 60);
    size_t ok = 0, failed = 0;
    for (int round = 0; round < 5000; ++round) {
        std::string source;
        int n = length(rng);
        for (int i = 0; i < n; ++i) {
            source += k_vocabulary[pick(rng)];
            source += ' ';
        }
        INFO(source);
        (parses(source) ? ok : failed)++;
    }
    CHECK(ok + failed == 5000);
    CHECK(failed > ok);
}

TEST_CASE("zexus fuzz: random bytes and mutated programs", "[zexus][fuzz]") {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string program = k_program;
    std::uniform_int_distribution<size_t> where(0, program.size() - 1);
    size_t runs = 0;
    for (int round = 0; round < 1500; ++round) {
        std::string source(static_cast<size_t>(byte(rng)), '\0');
        for (char& c : source) c = static_cast<char>(byte(rng));
        parses(source);
        std::string mutated = program;
        for (int k = 0; k < 3; ++k) mutated[where(rng)] = "(){}[]\"'$#/*\n;:=,"[byte(rng) % 18];
        INFO(mutated);
        parses(mutated);
        ++runs;
    }
    CHECK(runs == 1500);
}
