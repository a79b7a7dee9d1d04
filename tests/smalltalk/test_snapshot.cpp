// The compiled kernel snapshot (frontends/smalltalk/src/runtime/snapshot.hpp): a VM booted from the snapshot has the
// same kernel classes and methods as one booted from the SOM source (every field of every method and block
// compared); a class-path file still overrides a kernel class; a kernel class loaded after its superclass changed
// shape is compiled from source against the new fields.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "runtime/runtime.hpp"
#include "runtime/snapshot.hpp"

using namespace trellis;
using namespace trellis::smalltalk;

namespace {

VmOptions quiet(bool snapshot) {
    VmOptions o;
    o.kernel_snapshot = snapshot;
    o.report_errors = false;
    o.stack_bytes = size_t(1) << 20;
    return o;
}

/// A literal as text: immediates by bits, strings/symbols/big integers by value, arrays element by element.
std::string describe(Value v) {
    if (!v.is_object()) return "imm:" + std::to_string(v.bits());
    switch (v.as_object()->kind) {
        case core::Kind::string: return "str:" + std::string(static_cast<core::String*>(v.as_object())->view());
        case core::Kind::symbol: return "sym:" + std::string(static_cast<core::String*>(v.as_object())->view());
        case core::Kind::big_int: return "big:" + integer_to_string(v);
        case core::Kind::array: {
            auto* a = static_cast<core::Array*>(v.as_object());
            std::string s = "arr(";
            for (size_t i = 0; i < a->length; ++i) s += describe(a->items[i]) + ",";
            return s + ")";
        }
        default: return "other";
    }
}

/// Every field of a method (and its blocks, recursively) as text, pointers replaced by what they stand for.
std::string describe(Interp& vm, const Method& m) {
    std::string s = std::string(m.selector->view()) + " holder=" + m.holder->name + " file=" + m.file;
    s += " block=" + std::to_string(m.is_block) + " ctx=" + std::to_string(m.owns_context) +
         " role=" + std::to_string(int(m.role)) + " nargs=" + std::to_string(m.nargs) +
         " nslots=" + std::to_string(m.nslots) + " stack=" + std::to_string(m.max_stack) +
         " words=" + std::to_string(m.frame_words) + " line=" + std::to_string(m.line) +
         " trivial=" + std::to_string(int(m.trivial)) + "/" + std::to_string(m.trivial_index) + "/" +
         std::to_string(m.trivial_value.bits()) + " inline=" + std::to_string(int(m.inline_prim));
    std::string prim = "none";
    if (m.prim) {
        prim = "unbound";
        for (auto& [key, fn] : vm.primitives)
            if (fn == m.prim) prim = key;
    }
    s += " prim=" + prim + " code=";
    for (uint8_t b : m.code) s += std::to_string(b) + ".";
    s += " literals=";
    for (Value v : m.literals) s += describe(v) + ";";
    s += " sends=";
    for (auto& site : m.sends) {
        s += std::string(site.selector->view()) + "/" + std::to_string(site.nargs) + "/" + std::to_string(site.super_send) +
             "/" + std::to_string(site.count) + ";";
    }
    s += " globals=";
    for (auto& g : m.globals) s += std::string(g.name->view()) + (g.slot ? "!" : "") + ";";
    s += " lines=";
    for (auto& [off, ln] : m.lines) s += std::to_string(off) + ":" + std::to_string(ln) + ";";
    s += " blocks=[";
    for (const Method* b : m.blocks) s += describe(vm, *b) + "|";
    return s + "]";
}

std::string describe_class(Interp& vm, const ClassInfo& c) {
    std::string s = c.name + " super=" + (c.super_id ? vm.cls(c.super_id).name : "-") + " fields=";
    for (auto& f : c.fields) s += f + ",";
    std::vector<std::string> methods;
    for (auto& [sel, m] : c.methods) methods.push_back(describe(vm, *m));
    std::sort(methods.begin(), methods.end());
    for (auto& m : methods) s += "\n  " + m;
    return s;
}

/// The value of evaluating `source` in `vm`, as its printString.
std::string eval_print(Interp& vm, const std::string& source) {
    InputOutcome o = vm.eval_input(source, "<test>");
    REQUIRE(o.syntax_error.empty());
    REQUIRE(o.status == RunStatus::done);
    REQUIRE(vm.send(vm.m_result, vm.symbol("printString"), {}) == RunStatus::done);
    REQUIRE(core::is_kind(vm.m_result, core::Kind::string));
    return std::string(static_cast<core::String*>(vm.m_result.as_object())->view());
}

}  // namespace

TEST_CASE("the snapshot holds every kernel class and boots the same kernel as the SOM source") {
    CHECK(kernel_snapshot_class_count == kernel_source_count);
    // Loading each kernel class a second time re-defines it from source (booted classes stay booted), so each VM
    // describes its kernel right after boot and after loading the rest once.
    Interp from_source(quiet(false));
    Interp from_snapshot(quiet(true));
    std::string a, b;
    for (size_t i = 0; i < kernel_source_count; ++i) {
        for (Interp* vm : {&from_source, &from_snapshot})
            if (vm->global(vm->symbol(kernel_sources[i].name)).is_undefined())
                REQUIRE(vm->load_class(kernel_sources[i].name) != 0);
    }
    for (size_t i = 0; i < kernel_source_count; ++i) {
        for (Interp* vm : {&from_source, &from_snapshot}) {
            Value co = vm->global(vm->symbol(kernel_sources[i].name));
            REQUIRE(vm->is_class_object(co));
            ClassInfo& c = vm->cls(Interp::id_of_class_object(co));
            materialize_methods(*vm, c);  // the snapshot's methods are read on first lookup
            materialize_methods(*vm, vm->cls(c.meta_id));
            (vm == &from_source ? a : b) += describe_class(*vm, c) + "\n" + describe_class(*vm, vm->cls(c.meta_id)) + "\n";
        }
    }
    CHECK(a.size() > 10000);
    CHECK(a == b);
    CHECK(eval_print(from_snapshot, "#(1 #foo 'bar' 1.5 123456789012345678901234567890 #(true nil))") ==
          eval_print(from_source, "#(1 #foo 'bar' 1.5 123456789012345678901234567890 #(true nil))"));
    CHECK(eval_print(from_snapshot, "[ 1 / 0 ] on: ZeroDivide do: [ :e | e messageText ]") == "'division by zero'");
}

TEST_CASE("a class-path file overrides a kernel class the snapshot also holds") {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("trellis_st_snapshot_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        std::ofstream(dir / "Vector.som") << "Vector = Object ( | n | mine = ( ^ 42 ) size = ( ^ -1 ) )\n";
        // a booted class (defined at boot): the kernel's Symbol with one method changed and one added
        std::ofstream(dir / "Symbol.som")
            << "Symbol = String ( asString = primitive asSymbol = ( ^ self ) isSymbol = ( ^ true )\n"
               "  printString = ( ^ '#!' + self asString ) displayString = ( ^ self asString ) mine = ( ^ 7 ) )\n";
    }
    for (bool snapshot : {true, false}) {
        VmOptions o = quiet(snapshot);
        o.class_path.push_back(dir.string());
        Interp vm(std::move(o));
        CAPTURE(snapshot);
        CHECK(eval_print(vm, "Vector new mine") == "42");   // loaded on first reference, from the class path
        CHECK(eval_print(vm, "Vector new size") == "-1");
        CHECK(eval_print(vm, "#foo") == "#!foo");           // a booted class replaced at boot
        CHECK(eval_print(vm, "#foo mine") == "7");
        CHECK(eval_print(vm, "'abc' respondsTo: #mine") == "false");  // String, its superclass, is the kernel's

        CHECK(eval_print(vm, "(Pair withKey: 1 andValue: 2) value") == "2");  // the rest from the kernel
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("a kernel class loaded after its superclass changed shape is compiled against the new fields") {
    Interp vm(quiet(true));
    // Object gains a field before Vector (a subclass with fields of its own) is first loaded: Vector's compiled
    // field indexes in the snapshot would be off by one, so it is compiled from its source instead.
    REQUIRE(vm.eval_input("Object = nil ( | extra | extra = ( ^ extra ) extra: x = ( extra := x ) )", "<test>").status ==
            RunStatus::done);
    CHECK(eval_print(vm, "| v | v := Vector new. v extra: 7. v append: 1; append: 2. v size * 100 + v extra") == "207");
    CHECK(eval_print(vm, "| v | v := Vector new. v append: 5. (v at: 1) + (v extra ifNil: [ 0 ])") == "5");
}

TEST_CASE("an instance of the VM is cheap to make many times: each boots the same working kernel") {
    for (int i = 0; i < 200; ++i) {
        Interp vm(quiet(true));
        if (i % 50 == 0) REQUIRE(eval_print(vm, "| s | s := 0. 1 to: 10 do: [ :k | s := s + k ]. s") == "55");
    }
}
