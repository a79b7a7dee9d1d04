// test_parser_scripts.cpp: every tests/zexus/scripts/*.zx parses (except syntax_error*.zx, which test the
// report of a syntax error and must fail to parse), and has its expected-output file beside it.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "zexus_test_util.hpp"

TEST_CASE("zexus scripts: every script parses and has a .out file", "[zexus][scripts]") {
    namespace fs = std::filesystem;
    size_t count = 0;
    for (const auto& entry : fs::directory_iterator(TRELLIS_ZEXUS_SCRIPTS_DIR)) {
        if (entry.path().extension() != ".zx") continue;
        ++count;
        INFO(entry.path().string());
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        std::string error;
        try {
            auto ast = trellis::zexus::parse_program(text.str(), entry.path().filename().string());
            CHECK(!ast->root->stmts.empty());
        } catch (const trellis::zexus::ZexusSyntaxError& e) {
            error = trellis::zexus::render_syntax_error(e, text.str());
        }
        if (entry.path().stem().string().starts_with("syntax_error")) CHECK(error != "");
        else CHECK(error == "");
        fs::path out = entry.path();
        out.replace_extension(".out");
        CHECK(fs::exists(out));
    }
    CHECK(count >= 10);
}
