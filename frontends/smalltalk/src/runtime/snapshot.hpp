/// @file snapshot.hpp
/// The compiled kernel snapshot (docs/smalltalk.md, "Startup and the kernel snapshot"): at build time
/// `trellis-st-snapshot` boots a VM from the SOM source of lib/*.som, loads every kernel class and writes what the
/// compiler made of each (class shape, methods, blocks, literals as descriptions) as a byte blob into a generated
/// C++ file; at run time load_snapshot_class() (runtime.hpp) defines a kernel class from its bytes, without lexing,
/// parsing or compiling. The blob is immutable data shared by every VM of the process.
///
/// Format (little-endian varints "v", strings as v length + bytes "s"), per class:
///   s name, s superclass ("nil": none), v n + s own fields, v n + s own class fields,
///   v n + s all fields after the definition, v n + s all class-side fields (the layout check),
///   v n + (v byte length + method) (instance side), the same for the class side (the length lets a VM skip a
///   method: it notes each method's selector and record, and reads a method on its first lookup);
/// a method: s selector, v flags (is_block, owns_context, has prim), v role, v trivial, v inline_prim, v nargs,
///   v nslots, v max_stack, v frame_words, v line, v trivial_index, raw 8 bytes trivial_value, [s prim key],
///   v n + code bytes, v n + literal, v n + (s selector, v nargs, v super), v n + s global, v n + (v offset, v line),
///   v n + method (its blocks);
/// a literal: v tag (0 immediate + raw 8 bytes, 1 string, 2 symbol, 3 big integer as decimal s, 4 array v n + literal).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace trellis::smalltalk {

class Interp;

/// One class of the snapshot: its bytes are kernel_snapshot_bytes[offset, offset + size).
struct SnapshotClass {
    const char* name;
    uint32_t offset;
    uint32_t size;
};
/// Generated at build time (kernel_snapshot.cpp); the generator itself links snapshot_none.cpp (no classes).
extern const SnapshotClass kernel_snapshot_classes[];
extern const size_t kernel_snapshot_class_count;
extern const unsigned char kernel_snapshot_bytes[];

/// Appends the snapshot record of the loaded class `name` of `vm` (instance and class side) to `out`. Throws
/// core::Error if `vm` has no such class or a literal is of a kind the format does not describe.
void write_snapshot_class(Interp& vm, const std::string& name, std::string& out);

}  // namespace trellis::smalltalk
