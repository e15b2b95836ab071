// Words for messages: "did you mean" suggestions (the closest of a set of names to a misspelt
// one) and lists in prose ("a, b or c").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace srm {

// Levenshtein distance.
size_t EditDistance(std::string_view a, std::string_view b);
// The closest candidate within a small distance, or empty.
std::string ClosestMatch(std::string_view name, const std::vector<std::string>& candidates);
// "a, b, c or d".
std::string JoinOr(const std::vector<std::string>& items);

}  // namespace srm
