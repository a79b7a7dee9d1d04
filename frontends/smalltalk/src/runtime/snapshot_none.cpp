/// @file snapshot_none.cpp
/// An empty kernel snapshot (snapshot.hpp), linked only into trellis-st-snapshot, the build-time tool that makes the
/// real one: it boots its VM from the kernel's SOM source (VmOptions::kernel_snapshot off).
#include "runtime/snapshot.hpp"

namespace trellis::smalltalk {
const SnapshotClass kernel_snapshot_classes[] = {{"", 0, 0}};
const size_t kernel_snapshot_class_count = 0;
const unsigned char kernel_snapshot_bytes[] = {0};
}  // namespace trellis::smalltalk
