// A command's --format choices as one table of (enumerator, name) pairs: the names --help lists
// and the lookup of a name, derived from the table (srm list, srm matrix).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace srm::rt {

template <typename Choice, size_t N>
using Choices = std::array<std::pair<Choice, const char*>, N>;

// The names, in table order.
template <typename Choice, size_t N>
std::vector<std::string> ChoiceNames(const Choices<Choice, N>& table) {
  std::vector<std::string> names;
  for (const auto& [choice, name] : table) names.emplace_back(name);
  return names;
}

// The choice named `name`; the first one when no name matches (CLI11 checks the name first).
template <typename Choice, size_t N>
Choice FindChoice(const Choices<Choice, N>& table, std::string_view name) {
  for (const auto& [choice, n] : table) {
    if (name == n) return choice;
  }
  return table[0].first;
}

}  // namespace srm::rt
