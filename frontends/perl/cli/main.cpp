/// @file main.cpp
/// trellis-perl: runs a Perl 5 program like perl(1) does. `trellis-perl [--dispatch=switch|goto|tail] [-c]
/// [-e CODE | FILE | -] [ARGS...]`; with no program argument and stdin not a terminal the program is read
/// from stdin. Unsupported perl switches are rejected by name.
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

int main(int argc, char** argv) {
    using namespace trellis;
    perl::RunOptions opt;
    std::string source;
    bool have_program = false;
    int i = 1;
    std::vector<std::string> e_lines;
    for (; i < argc; ++i) {
        std::string a = argv[i];
        if (a.compare(0, 11, "--dispatch=") == 0) {
            try {
                opt.strategy = dispatch::parse_strategy(a.substr(11));
            } catch (const core::Error& e) {
                std::fprintf(stderr, "trellis-perl: %s\n", e.what());
                return 2;
            }
        } else if (a == "-e" || a == "-E") {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "No code specified for %s.\n", a.c_str());
                return 2;
            }
            e_lines.push_back(argv[++i]);
        } else if (a == "-c") {
            opt.check_only = true;
        } else if (a == "-w" || a == "-W") {
            // warnings: accepted (trellis-perl does not print perl's run-time warnings yet)
        } else if (a == "--") {
            ++i;
            break;
        } else if (a == "-") {
            break;
        } else if (a.size() > 1 && a[0] == '-') {
            std::fprintf(stderr, "trellis-perl: the switch %s is not supported by trellis-perl.\n", a.c_str());
            return 2;
        } else {
            break;
        }
    }
    if (!e_lines.empty()) {
        for (const std::string& l : e_lines) source += l + "\n";
        opt.file_name = "-e";
        have_program = true;
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
        have_program = true;
    } else {
        if (i < argc) ++i;  // "-"
        if (isatty(0)) {
            std::fprintf(stderr, "trellis-perl: no program given (the REPL is not available yet); usage: "
                                 "trellis-perl [--dispatch=switch|goto|tail] [-e CODE | FILE] [ARGS...]\n");
            return 2;
        }
        std::stringstream ss;
        ss << std::cin.rdbuf();
        source = ss.str();
        opt.file_name = "-";
        have_program = true;
    }
    (void)have_program;
    for (; i < argc; ++i) opt.args.emplace_back(argv[i]);
    return perl::run_program(source, opt);
}
