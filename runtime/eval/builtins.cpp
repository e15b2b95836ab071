#include "runtime/eval/builtins.h"

#include <re2/re2.h>

#include <cstdint>
#include <string>

namespace srm::rt {

// --- Strings -----------------------------------------------------------------------------------

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

namespace {
bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
}  // namespace

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool Contains(std::string_view s, std::string_view needle) {
  return s.find(needle) != std::string_view::npos;
}

namespace {
void CheckLength(size_t n) {
  if (n > kMaxBuiltinString) {
    throw BuiltinFault{"result longer than " + std::to_string(kMaxBuiltinString) + " bytes"};
  }
}
}  // namespace

std::vector<std::string_view> Split(std::string_view s, std::string_view sep) {
  if (sep.empty()) throw BuiltinFault{"empty separator"};
  std::vector<std::string_view> out;
  for (;;) {
    size_t at = s.find(sep);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + sep.size());
  }
}

std::string Join(const std::vector<std::string_view>& items, std::string_view sep) {
  size_t n = items.empty() ? 0 : sep.size() * (items.size() - 1);
  for (std::string_view item : items) n += item.size();  // no overflow: all are in memory
  CheckLength(n);
  std::string out;
  out.reserve(n);
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

std::string Replace(std::string_view s, std::string_view old, std::string_view with) {
  if (old.empty()) throw BuiltinFault{"empty string to replace"};
  size_t hits = 0;
  for (size_t at = s.find(old); at != std::string_view::npos; at = s.find(old, at + old.size()))
    ++hits;
  if (with.size() > old.size()) {
    size_t growth = 0;
    if (__builtin_mul_overflow(hits, with.size() - old.size(), &growth)) growth = SIZE_MAX / 2;
    CheckLength(s.size() + growth);
  }
  std::string out;
  out.reserve(s.size() - hits * old.size() + hits * with.size());
  size_t from = 0;
  for (size_t at = s.find(old); at != std::string_view::npos; at = s.find(old, from)) {
    out.append(s.substr(from, at - from));
    out.append(with);
    from = at + old.size();
  }
  out.append(s.substr(from));
  return out;
}

int64_t Length(int64_t length) { return length; }

std::string ToString(const Scalar& v) {
  if (const auto* s = std::get_if<std::string_view>(&v)) return std::string(*s);
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  return std::get<bool>(v) ? "true" : "false";
}

// --- CIDR --------------------------------------------------------------------------------------

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses a decimal number of 1..3 digits without leading zeros ("0" itself is fine).
bool ParseSmallDecimal(std::string_view s, int& out) {
  if (s.empty() || s.size() > 3) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  out = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

bool ParseIpv4(std::string_view s, uint8_t* bytes, std::string& error) {
  int part = 0;
  size_t start = 0;
  for (;;) {
    size_t dot = s.find('.', start);
    std::string_view piece = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (part == 4) {
      error = "an IPv4 address has exactly 4 dot-separated parts";
      return false;
    }
    int value;
    if (piece.empty()) {
      error = "empty part in IPv4 address";
      return false;
    }
    if (!ParseSmallDecimal(piece, value)) {
      if (piece.size() > 1 && piece[0] == '0' &&
          piece.find_first_not_of("0123456789") == piece.npos) {
        error = "leading zero in IPv4 part '" + std::string(piece) + "'";
      } else {
        error = "IPv4 part '" + std::string(piece) + "' is not a number from 0 to 255";
      }
      return false;
    }
    if (value > 255) {
      error = "IPv4 part '" + std::string(piece) + "' is larger than 255";
      return false;
    }
    bytes[part++] = static_cast<uint8_t>(value);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (part != 4) {
    error = "an IPv4 address has exactly 4 dot-separated parts";
    return false;
  }
  return true;
}

bool ParseIpv6(std::string_view s, uint8_t* bytes, std::string& error) {
  uint16_t groups[8] = {};
  int n = 0;     // groups parsed
  int gap = -1;  // index in `groups` where "::" stands, or -1
  size_t i = 0;
  if (s.substr(0, 2) == "::") {
    gap = 0;
    i = 2;
  } else if (!s.empty() && s[0] == ':') {
    error = "IPv6 address cannot start with a single ':'";
    return false;
  }
  while (i < s.size()) {
    size_t end = s.find(':', i);
    std::string_view piece = s.substr(i, end == std::string_view::npos ? s.npos : end - i);
    if (piece.empty()) {
      error = "more than one '::' in IPv6 address";
      return false;
    }
    if (piece.find('.') != std::string_view::npos) {
      // Embedded IPv4 (e.g. ::ffff:192.0.2.1): the last 32 bits.
      if (end != std::string_view::npos) {
        error = "an embedded IPv4 address must come last in an IPv6 address";
        return false;
      }
      if (n > 6) {
        error = "too many groups in IPv6 address";
        return false;
      }
      uint8_t v4[4];
      if (!ParseIpv4(piece, v4, error)) return false;
      groups[n++] = static_cast<uint16_t>(v4[0] << 8 | v4[1]);
      groups[n++] = static_cast<uint16_t>(v4[2] << 8 | v4[3]);
      i = s.size();
      break;
    }
    if (piece.size() > 4) {
      error = "IPv6 group '" + std::string(piece) + "' has more than 4 hex digits";
      return false;
    }
    unsigned value = 0;
    for (char c : piece) {
      int h = HexValue(c);
      if (h < 0) {
        error = "invalid character '" + std::string(1, c) + "' in IPv6 address";
        return false;
      }
      value = value * 16 + static_cast<unsigned>(h);
    }
    if (n == 8) {
      error = "too many groups in IPv6 address";
      return false;
    }
    groups[n++] = static_cast<uint16_t>(value);
    if (end == std::string_view::npos) {
      i = s.size();
      break;
    }
    i = end + 1;
    if (i < s.size() && s[i] == ':') {
      if (gap >= 0) {
        error = "more than one '::' in IPv6 address";
        return false;
      }
      gap = n;
      ++i;
    } else if (i == s.size()) {
      error = "IPv6 address cannot end with a single ':'";
      return false;
    }
  }
  if (gap < 0 && n != 8) {
    error = "IPv6 address has " + std::to_string(n) + " groups; expected 8 (or use '::')";
    return false;
  }
  if (gap >= 0 && n > 7) {
    error = "'::' must stand for at least one group; this IPv6 address already has 8";
    return false;
  }
  uint16_t full[8] = {};
  if (gap < 0) {
    std::copy(groups, groups + 8, full);
  } else {
    std::copy(groups, groups + gap, full);
    std::copy(groups + gap, groups + n, full + (8 - (n - gap)));
  }
  for (int k = 0; k < 8; ++k) {
    bytes[2 * k] = static_cast<uint8_t>(full[k] >> 8);
    bytes[2 * k + 1] = static_cast<uint8_t>(full[k] & 0xFF);
  }
  return true;
}

}  // namespace

bool ParseCidr(std::string_view text, Cidr& out, std::string& error) {
  Cidr result;
  std::string_view address = text;
  std::string_view prefix;
  bool has_prefix = false;
  size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    address = text.substr(0, slash);
    prefix = text.substr(slash + 1);
    has_prefix = true;
  }
  if (address.empty()) {
    error = text.empty() ? "empty CIDR" : "missing address before '/'";
    return false;
  }
  result.v6 = address.find(':') != std::string_view::npos;
  if (result.v6) {
    if (!ParseIpv6(address, result.bytes, error)) return false;
  } else if (!ParseIpv4(address, result.bytes, error)) {
    return false;
  }
  int max_prefix = result.v6 ? 128 : 32;
  result.prefix = max_prefix;
  if (has_prefix) {
    int value;
    if (prefix.empty()) {
      error = "missing prefix length after '/'";
      return false;
    }
    if (!ParseSmallDecimal(prefix, value) || value > max_prefix) {
      error = "prefix length '" + std::string(prefix) + "' is not a number from 0 to " +
              std::to_string(max_prefix);
      return false;
    }
    result.prefix = value;
  }
  out = result;
  return true;
}

bool IsCidr(std::string_view text) {
  Cidr cidr;
  std::string error;
  return ParseCidr(text, cidr, error);
}

Cidr CidrArgument(std::string_view text) {
  Cidr cidr;
  std::string why;
  if (!ParseCidr(text, cidr, why)) {
    throw BuiltinFault{"'" + std::string(text) + "' is not a valid CIDR (" + why + ")"};
  }
  return cidr;
}

int64_t CidrPrefix(const Cidr& cidr) { return cidr.prefix; }

bool CidrContains(const Cidr& outer, const Cidr& inner) {
  if (outer.v6 != inner.v6) return false;
  if (outer.prefix > inner.prefix) return false;
  int full = outer.prefix / 8;
  for (int k = 0; k < full; ++k) {
    if (outer.bytes[k] != inner.bytes[k]) return false;
  }
  int rest = outer.prefix % 8;
  if (rest == 0) return true;
  auto mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (outer.bytes[full] & mask) == (inner.bytes[full] & mask);
}

// --- Regular expressions -----------------------------------------------------------------------

struct Regex {
  Regex(std::string_view pattern, const RE2::Options& options)
      : re(re2::StringPiece(pattern.data(), pattern.size()), options) {}
  RE2 re;
};

void RegexDeleter::operator()(Regex* r) const { delete r; }

RegexPtr CompileRegex(std::string_view pattern, std::string& error) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_max_mem(8 << 20);  // bounds the compiled program of a pathological pattern
  RegexPtr regex(new Regex(pattern, options));
  if (!regex->re.ok()) {
    error = regex->re.error();
    return nullptr;
  }
  return regex;
}

bool RegexSearch(const Regex& re, std::string_view text) {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re.re);
}

std::string RegexError(std::string_view pattern, std::string_view error) {
  return "invalid regular expression '" + std::string(pattern) + "': " + std::string(error);
}

}  // namespace srm::rt
