/// @file fuzz_compiler.cpp
/// libFuzzer target for the Smalltalk front end: every input is parsed as a class file (`Name = Super ( ... )`,
/// parse_class) and as statements (`| t | stmt. stmt`, parse_doit, as -e and the REPL read them), and whatever
/// parses is compiled to bytecode (Interp::compile) against a scratch class with the parsed fields. Nothing runs.
/// The property checked: no crash, hang or sanitizer report; every bad input ends as a core::Error (a clean
/// syntax or compile error with a position). Built only by compilers that support -fsanitize=fuzzer (CMakeLists).
/// Run: fuzz_smalltalk_compiler CORPUS_DIR SEED_DIR... -max_total_time=60 (scripts/fuzz.sh does it in CI).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/runtime.hpp"
#include "trellis/smalltalk/parser.hpp"

namespace {

using namespace trellis;
using namespace trellis::smalltalk;

/// One VM, replaced every `renew_every` inputs: compiled methods stay owned by the VM, so a fresh one bounds memory.
struct Session {
    static constexpr unsigned renew_every = 4000;
    std::unique_ptr<Interp> vm;
    std::unique_ptr<ClassInfo> scratch;
    unsigned uses = 0;

    Interp& get() {
        if (!vm || ++uses >= renew_every) {
            scratch.reset();
            vm.reset();
            VmOptions o;
            o.stack_bytes = size_t(1) << 20;
            vm = std::make_unique<Interp>(o);
            uses = 0;
        }
        return *vm;
    }
    /// A class that is in no table: methods compile against its fields without being installed.
    ClassInfo& holder(const std::vector<std::string>& fields) {
        scratch = std::make_unique<ClassInfo>();
        scratch->id = vm->id_object;
        scratch->super_id = vm->id_object;
        scratch->name = "FuzzScratch";
        scratch->fields = fields;
        return *scratch;
    }
};

Session session;

void compile_all(Interp& vm, ClassInfo& holder, const std::vector<MethodDef>& defs) {
    for (auto& d : defs) {
        try {
            vm.compile(d, holder, "<fuzz>");
        } catch (const core::Error&) {
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    Interp& vm = session.get();
    try {
        ClassDef def = parse_class(text, "<fuzz>");
        compile_all(vm, session.holder(def.fields), def.methods);
        compile_all(vm, session.holder(def.class_fields), def.class_methods);
    } catch (const core::Error&) {
    }
    try {
        MethodDef def = parse_doit(text, "<fuzz>");
        vm.compile(def, session.holder({}), "<fuzz>", true);
    } catch (const core::Error&) {
    }
    return 0;
}
