/// @file main.cpp
/// trellis-perl: runs a Perl 5 program like perl(1) does (perlrun). `trellis-perl [--dispatch=switch|goto|tail]
/// [switches] [--] [PROGRAM | -e CODE...] [ARGS...]`. Switches may be bundled as perl allows (`-lane`,
/// `-F:`, `-MList::Util=sum`): -e/-E CODE, -n, -p, -l, -a, -F PATTERN, -M/-m MODULE, -w, -W, -c, -I DIR
/// (accepted), -i[EXT] (in-place editing of <>'s files). -n/-p/-l/-a/-F/-M wrap the program text the way
/// perlrun documents it. With no program, the program is read from stdin when stdin is not a terminal; on a
/// terminal (or with --repl, on any stdin) an interactive session starts instead (runtime/repl.cpp).
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "trellis/core/error.hpp"
#include "trellis/perl/interpreter.hpp"

namespace {

struct Switches {
    std::vector<std::string> e_lines;
    bool n = false, p = false, l = false, a = false;
    std::string split_pattern;  ///< -F
    std::vector<std::string> modules;  ///< -M / -m: "use X ...;" lines
};

// perlrun: the program text the switches make of `body`.
std::string wrap(const Switches& sw, const std::string& body) {
    std::string pre;
    for (const std::string& m : sw.modules) pre += m + " ";
    if (sw.l) pre += "$\\ = \"\\n\"; ";
    if (!sw.n && !sw.p) return pre + body;
    std::string loop = "LINE: while (<>) { ";
    if (sw.l) loop += "chomp; ";
    if (sw.a) {
        std::string pat = sw.split_pattern.empty() ? "' '" : sw.split_pattern;
        if (!sw.split_pattern.empty() && pat[0] != '/' && pat[0] != '"' && pat[0] != '\'') pat = "/" + pat + "/";
        loop += "our @F = split(" + pat + ", $_, 0); ";
    }
    loop += body + "\n;}";
    if (sw.p) loop += "\ncontinue { print $_; }";
    return pre + loop + "\n";
}

int usage_error(const std::string& msg) {
    std::fprintf(stderr, "%s\n", msg.c_str());
    return 29;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace trellis;
    perl::RunOptions opt;
    Switches sw;
    bool force_repl = false;
    int i = 1;
    for (; i < argc; ++i) {
        std::string a = argv[i];
        if (a.compare(0, 11, "--dispatch=") == 0) {
            try {
                opt.strategy = dispatch::parse_strategy(a.substr(11));
            } catch (const core::Error& e) {
                std::fprintf(stderr, "trellis-perl: %s\n", e.what());
                return 2;
            }
            continue;
        }
        if (a == "--") {
            ++i;
            break;
        }
        if (a == "--repl") {  // the REPL even when stdin is not a terminal (no prompts then; the tests use it)
            force_repl = true;
            continue;
        }
        if (a.size() < 2 || a[0] != '-') break;
        // one argument may bundle several switches: -lane, -pe CODE, -F: , -i.bak
        for (size_t k = 1; k < a.size(); ++k) {
            char s = a[k];
            std::string rest = a.substr(k + 1);
            auto value = [&](const char* what) -> std::string {  // the rest of this argument, or the next one
                if (!rest.empty()) return rest;
                if (i + 1 >= argc) throw std::string("No ") + what + " specified for -" + s + ".";
                return argv[++i];
            };
            try {
                if (s == 'e' || s == 'E') {
                    sw.e_lines.push_back(value("code"));
                    k = a.size();
                } else if (s == 'n') {
                    sw.n = true;
                } else if (s == 'p') {
                    sw.p = true;
                } else if (s == 'a') {
                    sw.a = true;
                    sw.n = sw.n || !sw.p;
                } else if (s == 'l') {
                    if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0])))
                        throw std::string("-l with an octal record separator is not supported by trellis-perl.");
                    sw.l = true;
                } else if (s == 'F') {
                    sw.split_pattern = rest;  // perl takes only the text attached to -F
                    sw.a = true;
                    sw.n = sw.n || !sw.p;
                    k = a.size();
                } else if (s == 'M' || s == 'm') {
                    std::string m = value("module");
                    bool no = !m.empty() && m[0] == '-';
                    if (no) m = m.substr(1);
                    size_t eq = m.find('=');
                    std::string line = std::string(no ? "no " : "use ") + m.substr(0, eq);
                    if (eq != std::string::npos) {  // -MMod=a,b is "use Mod qw(a b);"
                        std::string list = m.substr(eq + 1);
                        for (char& ch : list)
                            if (ch == ',') ch = ' ';
                        line += " qw(" + list + ")";
                    } else if (s == 'm') {
                        line += " ()";
                    }
                    sw.modules.push_back(line + ";");
                    k = a.size();
                } else if (s == 'I') {
                    // -I DIR is `use lib DIR` before the program (each put first: -Ia -Ib searches a, then b)
                    std::string dir = value("directory");
                    std::string quoted;
                    for (char ch : dir) quoted += ch == '\\' || ch == '\'' ? std::string("\\") + ch : std::string(1, ch);
                    sw.modules.insert(sw.modules.begin(), "use lib '" + quoted + "';");
                    k = a.size();
                } else if (s == 'c') {
                    opt.check_only = true;
                } else if (s == 'w' || s == 'W') {
                    opt.warnings = true;  // -W is taken as -w
                } else if (s == 'i') {  // -i[EXT]: the rest of the argument is the backup extension
                    opt.inplace = true;
                    opt.inplace_ext = rest;
                    k = a.size();
                } else {
                    throw std::string("The switch -") + s + " is not supported by trellis-perl.";
                }
            } catch (const std::string& msg) {
                return usage_error(msg);
            }
        }
    }
    std::string source;
    if (!sw.e_lines.empty()) {
        for (const std::string& l : sw.e_lines) source += l + "\n";
        opt.file_name = "-e";
    } else if (i < argc && std::strcmp(argv[i], "-") != 0) {
        std::ifstream in(argv[i], std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "Can't open perl script \"%s\": %s\n", argv[i], std::strerror(errno));
            return 2;
        }
        std::stringstream ss;
        ss << in.rdbuf();
        source = ss.str();
        opt.file_name = argv[i];
        ++i;
    } else if (i >= argc && (force_repl || isatty(0))) {
        opt.args.clear();
        return trellis::perl::run_repl(opt, isatty(0) != 0);
    } else {
        if (i < argc) ++i;  // "-"; reads the program until end of file
        std::stringstream ss;
        ss << std::cin.rdbuf();
        source = ss.str();
        opt.file_name = "-";
    }
    if (source.compare(0, 2, "#!") == 0) {  // perlrun: the switches of a `#!...perl -w` line count too (-w here)
        std::string first = source.substr(0, source.find('\n'));
        size_t at = first.find("perl");
        std::istringstream words(at == std::string::npos ? std::string() : first.substr(at));
        std::string word;
        words >> word;
        while (words >> word && word.size() > 1 && word[0] == '-')
            for (char c : word.substr(1)) {
                if (c == 'w' || c == 'W') opt.warnings = true;
                if (std::strchr("lIMmFieEx0", c)) break;  // a switch taking the rest of the word
            }
    }
    for (; i < argc; ++i) opt.args.emplace_back(argv[i]);
    return perl::run_program(wrap(sw, source), opt);
}
