// Unit tests of large allocations on huge pages (runtime/support/huge_pages.h) and of the id
// table the loaders and the reference index share (runtime/inventory/load_support.h).
#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/inventory/load_support.h"
#include "runtime/support/big_buffer.h"
#include "runtime/support/huge_pages.h"

using namespace srm::rt;

namespace {

// The VmFlags line of the mapping of /proc/self/smaps that holds `address`, or "".
std::string VmFlagsOf(uintptr_t address) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= address && address < end;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return "";
}

}  // namespace

TEST_CASE("operator new advises large allocations for huge pages", "[runtime][memory]") {
  if (!HugePageAllocation()) {
    SUCCEED("a sanitizer replaces operator new in this build");
    return;
  }
  constexpr size_t kBytes = size_t{8} << 20;
  auto big = std::make_unique<char[]>(kBytes);
  uintptr_t inside = (reinterpret_cast<uintptr_t>(big.get()) + BigBuffer::kHugePage) &
                     ~(uintptr_t{BigBuffer::kHugePage} - 1);
  std::string flags = VmFlagsOf(inside);
  REQUIRE_FALSE(flags.empty());
  CHECK(flags.find(" hg") != std::string::npos);  // MADV_HUGEPAGE
  big[kBytes - 1] = 1;                            // usable to its end
  CHECK(big[kBytes - 1] == 1);

  // Small allocations are left alone (they hold no whole huge page).
  CHECK(AdviseHugePages(nullptr, kBytes) == nullptr);
  std::vector<char> small(4096);
  CHECK(AdviseHugePages(small.data(), small.size()) == small.data());
}

TEST_CASE("IdTable finds what it recorded, sized ahead or grown", "[runtime][loader]") {
  for (size_t expected : {size_t{0}, size_t{5000}}) {
    detail::IdTable table(expected);
    std::vector<std::string> ids;
    for (int i = 0; i < 5000; ++i) ids.push_back("Res" + std::to_string(i * 7919 % 100003));
    for (uint32_t i = 0; i < ids.size(); ++i) CHECK(table.Insert(ids[i], i) == detail::kNoOffset);
    CHECK(table.Insert(ids[42], 9999) == 42);  // the first of equal ids stays
    for (uint32_t i = 0; i < ids.size(); i += 97) CHECK(table.Find(ids[i]) == i);
    CHECK(table.Find("Absent") == detail::kNoOffset);
    CHECK(table.Find("") == detail::kNoOffset);
  }
  detail::IdTable empty;
  CHECK(empty.Find("A") == detail::kNoOffset);
}
