/// @file main.cpp
/// trellis-perl: runs a Perl 5 program like perl(1) does (perlrun). `trellis-perl [--dispatch=switch|goto|tail]
/// [switches] [--] [PROGRAM | -e CODE...] [ARGS...]`. Switches may be bundled as perl allows (`-lane`,
/// `-F:`, `-MList::Util=sum`): -e/-E CODE, -n, -p, -l, -a, -F PATTERN, -M/-m MODULE, -w, -W, -c, -I DIR
/// (accepted). -n/-p/-l/-a/-F/-M wrap the program text the way perlrun documents it. With no program and
/// the program is read from stdin (on a terminal too, as perl does; there is no REPL yet).
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
                    value("directory");  // accepted: trellis-perl loads no module files
                    k = a.size();
                } else if (s == 'c') {
                    opt.check_only = true;
                } else if (s == 'w' || s == 'W') {
                    // accepted; run-time warnings are not printed yet (docs/perl.md)
                } else if (s == 'i') {
                    throw std::string("-i (in-place editing) is not supported by trellis-perl.");
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
    } else {
        if (i < argc) ++i;  // "-"; on a terminal perl too reads the program until end of file
        std::stringstream ss;
        ss << std::cin.rdbuf();
        source = ss.str();
        opt.file_name = "-";
    }
    for (; i < argc; ++i) opt.args.emplace_back(argv[i]);
    return perl::run_program(wrap(sw, source), opt);
}
