// Large heap allocations on transparent huge pages: the program's operator new (replaced in
// huge_pages.cpp) advises every allocation of kAdviseBytes or more for huge pages, so that a
// parser's index or a growing vector faults once per 2 MiB instead of once per 4 KiB.
#pragma once

#include <cstddef>

namespace srm::rt {

// Allocations this large are advised (smaller ones hold no aligned 2 MiB page worth the call).
inline constexpr size_t kAdviseBytes = size_t{4} << 20;

// Whether this build replaces operator new (not under sanitizers, which replace it themselves).
// Calling it also keeps huge_pages.cpp in every program linked with the runtime library.
bool HugePageAllocation();

// Advises the 2 MiB-aligned pages inside [p, p + bytes) for transparent huge pages when
// `bytes` >= kAdviseBytes; returns `p`. Advice only: without huge pages nothing changes.
void* AdviseHugePages(void* p, size_t bytes);

}  // namespace srm::rt
