// Builtin functions of the SRM language (string, list and CIDR helpers, regular expressions).
// One implementation, shared by the interpreter and compiled checkers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace srm::rt {

std::string Lower(std::string_view s);
std::string Upper(std::string_view s);
std::string_view Trim(std::string_view s);  // ASCII whitespace
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
bool Contains(std::string_view s, std::string_view needle);

// An IPv4 or IPv6 network. A bare address is a /32 (/128) network.
struct Cidr {
  bool v6 = false;
  uint8_t bytes[16] = {};
  int prefix = 0;
};
// Strict parse: dotted quad with 0..255 parts, no leading zeros in multi-digit parts; IPv6 with
// at most one "::"; prefix 0..32 (0..128). Returns false with a reason in `error`.
bool ParseCidr(std::string_view text, Cidr& out, std::string& error);
bool IsCidr(std::string_view text);
// The evaluation error for an invalid CIDR `text` in the call whose source text is `where`.
std::string CidrError(std::string_view text, std::string_view why, std::string_view where);
// True when every address of `inner` lies in `outer` (different families: false).
bool CidrContains(const Cidr& outer, const Cidr& inner);

// Regular expressions (RE2 syntax, linear time). Matching is a search (unanchored): use ^ and $.
struct Regex;
struct RegexDeleter {
  void operator()(Regex* r) const;
};
using RegexPtr = std::unique_ptr<Regex, RegexDeleter>;
// Returns nullptr and sets `error` when the pattern does not compile.
RegexPtr CompileRegex(std::string_view pattern, std::string& error);
// The evaluation error for a computed pattern that does not compile.
std::string RegexError(std::string_view pattern, std::string_view error);
bool RegexSearch(const Regex& re, std::string_view text);

}  // namespace srm::rt
