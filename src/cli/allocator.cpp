// How the command line asks glibc's allocator to behave. A short-lived process that parses a
// schema allocates and frees hundreds of thousands of small parse-tree nodes (libpg_query
// builds, packs and frees a protobuf tree per statement; sleet unpacks it again) and a few
// large buffers. By default glibc returns freed memory to the kernel (trim, mmap for blocks
// over 128 KiB), every reuse page-faults it back in 4 KiB at a time, and each thread gets
// an arena of its own that faults in the same way. Here every thread shares the main heap,
// freed memory is kept, and the heap's address range is reserved up front with transparent
// huge pages asked for (MADV_HUGEPAGE: honoured when the system's THP setting is "madvise"
// or "always"), so parsing faults memory in 2 MiB at a time. Measured on drizzle-kit's
// 1,000-table SQL, `push` with no change: 30,000 page faults become about 1,200 and peak
// memory falls by a third (docs/benchmarks.md). A long-running `sleet studio` simply stays
// near its peak.
#include <malloc.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>

#include "cli/cli.h"

namespace sleet::cli {

void tune_allocator() {
  constexpr std::size_t kMiB = 1024 * 1024;
  mallopt(M_ARENA_MAX, 1);                // the parse threads share the heap prepared below
  mallopt(M_MMAP_THRESHOLD, 256 * kMiB);  // large blocks come from the heap and are reused
  mallopt(M_TRIM_THRESHOLD, 1024 * kMiB);  // freed memory is kept, not handed back
  mallopt(M_TOP_PAD, 16 * kMiB);           // the heap grows in large steps (address space)
  // Reserve 192 MiB of heap address space (nothing is touched, so nothing is resident),
  // mark it for huge pages and free it: later allocations are carved from it.
  constexpr std::size_t kReserve = 192 * kMiB, kHugePage = 2 * kMiB;
  void* block = std::malloc(kReserve);
  if (!block) return;
  auto first = (reinterpret_cast<std::uintptr_t>(block) + kHugePage - 1) & ~(kHugePage - 1);
  auto last = (reinterpret_cast<std::uintptr_t>(block) + kReserve) & ~(kHugePage - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
  std::free(block);
}

}  // namespace sleet::cli
