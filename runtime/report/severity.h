// The severities a control may declare, lowest first: the one list the type checker validates
// `severity` against and `--fail-on` ranks findings by.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace srm::rt {

inline constexpr std::array<const char*, 5> kSeverities = {"info", "low", "medium", "high",
                                                           "critical"};

// The rank of `name` in kSeverities (0 = lowest), or -1 when it is none.
inline int SeverityRank(std::string_view name) {
  for (size_t i = 0; i < kSeverities.size(); ++i) {
    if (name == kSeverities[i]) return static_cast<int>(i);
  }
  return -1;
}

inline std::vector<std::string> SeverityNames() { return {kSeverities.begin(), kSeverities.end()}; }

}  // namespace srm::rt
