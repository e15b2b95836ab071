// Builtin functions of the SRM language (string, list and CIDR helpers, regular expressions).
// One implementation, shared by the interpreter and compiled checkers; builtins.def says which
// function implements which builtin.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace re2 {
class RE2;
}

namespace srm::rt {

// Bad input to a builtin (an evaluation error). The backends add " in '<the call>'".
struct BuiltinFault {
  std::string message;
};

// The longest string a builtin makes (join, replace): longer results are a BuiltinFault, so a
// policy cannot exhaust memory by repeating a string.
inline constexpr size_t kMaxBuiltinString = size_t{1} << 24;

std::string Lower(std::string_view s);
std::string Upper(std::string_view s);
std::string_view Trim(std::string_view s);  // ASCII whitespace
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
bool Contains(std::string_view s, std::string_view needle);
// The pieces of `s` between occurrences of `sep`, left to right (`sep` empty: BuiltinFault).
// split("", sep) is one empty piece. The pieces are views into `s`.
std::vector<std::string_view> Split(std::string_view s, std::string_view sep);
std::string Join(const std::vector<std::string_view>& items, std::string_view sep);
// Every non-overlapping occurrence of `old` (not empty), left to right, replaced by `with`.
std::string Replace(std::string_view s, std::string_view old, std::string_view with);
// len and count: the backends pass the length of the string or list.
int64_t Length(int64_t length);
using Scalar = std::variant<std::string_view, int64_t, bool>;
std::string ToString(const Scalar& v);  // decimal, "true"/"false", or the string itself

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
// ParseCidr for a builtin's argument: an invalid CIDR is a BuiltinFault.
Cidr CidrArgument(std::string_view text);
// True when every address of `inner` lies in `outer` (different families: false).
bool CidrContains(const Cidr& outer, const Cidr& inner);
int64_t CidrPrefix(const Cidr& cidr);

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
