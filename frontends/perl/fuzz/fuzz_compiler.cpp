/// @file fuzz_compiler.cpp
/// libFuzzer target: any byte string given to the Perl lexer, parser and bytecode compiler must either compile
/// or fail with a core::Error (perl's "syntax error ..." or "... not supported by trellis-perl ..."); a crash,
/// hang, sanitizer report or any other exception is a bug. Nothing is run.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "compiler/compiler.hpp"
#include "runtime/vm.hpp"
#include "syntax/parser.hpp"
#include "trellis/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace trellis;
    std::string_view src(reinterpret_cast<const char*>(data), size);
    perl::Vm vm("fuzz.pl", dispatch::Strategy::Switch);
    perl::Program prog;
    prog.file = "fuzz.pl";
    try {
        perl::Parser parser(prog, src, "fuzz.pl");
        parser.declared_subs = &vm.declared_subs;
        parser.parse_program();
        perl::Compiler compiler(vm, prog);
        compiler.declared = vm.declared_subs;
        compiler.compile_program();
    } catch (const core::Error&) {
    }
    return 0;
}
