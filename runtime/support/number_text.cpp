#include "runtime/support/number_text.h"

#include <charconv>
#include <cmath>
#include <string>

namespace srm::rt {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

size_t NumberTokenLength(const char* p, size_t max) {
  size_t n = 0;
  while (n < max &&
         (IsDigit(p[n]) || p[n] == '-' || p[n] == '+' || p[n] == '.' || p[n] == 'e' || p[n] == 'E'))
    ++n;
  return n;
}

NumberValue ParseNumberText(std::string_view text) {
  NumberValue out;
  size_t i = 0, n = text.size();
  bool negative = false;
  if (i < n && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  // The significant digits (without leading zeros) and the position of the decimal point:
  // value = digits x 10^exponent.
  std::string_view int_part, frac_part;
  size_t start = i;
  while (i < n && IsDigit(text[i])) ++i;
  int_part = text.substr(start, i - start);
  if (i < n && text[i] == '.') {
    start = ++i;
    while (i < n && IsDigit(text[i])) ++i;
    frac_part = text.substr(start, i - start);
  }
  if (int_part.empty() && frac_part.empty()) return out;
  int64_t exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < n && (text[i] == '-' || text[i] == '+')) exp_negative = text[i++] == '-';
    size_t exp_start = i;
    while (i < n && IsDigit(text[i])) {
      // Saturate: an exponent this large decides the result on its own.
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (text[i] - '0');
      ++i;
    }
    if (i == exp_start) return out;
    if (exp_negative) exponent = -exponent;
  }
  if (i != n) return out;
  // Significant digits: int_part then frac_part, leading and trailing zeros dropped.
  std::string digits;
  digits.reserve(int_part.size() + frac_part.size());
  digits.append(int_part);
  digits.append(frac_part);
  exponent -= static_cast<int64_t>(frac_part.size());
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {  // zero, however written
    out.kind = NumberKind::kInt;
    out.i = 0;
    return out;
  }
  size_t last = digits.find_last_not_of('0');
  exponent += static_cast<int64_t>(digits.size() - 1 - last);
  std::string_view sig = std::string_view(digits).substr(first, last - first + 1);
  // An integer: no fractional digits left, and at most 19 digits in all (int64 has 19).
  if (exponent >= 0 && static_cast<int64_t>(sig.size()) + exponent <= 19) {
    std::string whole(sig);
    whole.append(static_cast<size_t>(exponent), '0');
    uint64_t magnitude = 0;
    auto [ptr, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), magnitude);
    constexpr uint64_t kMaxPositive = 9223372036854775807ull;
    if (ec == std::errc() && ptr == whole.data() + whole.size() &&
        magnitude <= kMaxPositive + (negative ? 1 : 0)) {
      out.kind = NumberKind::kInt;
      out.i = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
      return out;
    }
  }
  // A double, correctly rounded from the whole text (from_chars takes no '+').
  std::string_view unsigned_text = text.substr(text[0] == '-' || text[0] == '+' ? 1 : 0);
  double d = 0;
  auto [ptr, ec] =
      std::from_chars(unsigned_text.data(), unsigned_text.data() + unsigned_text.size(), d);
  if (ec == std::errc::result_out_of_range) {
    // Underflow is a tiny non-zero number (not an integer): its nearest double is 0. Overflow
    // is out of range.
    if (exponent + static_cast<int64_t>(sig.size()) < 0) {
      out.kind = NumberKind::kDouble;
      out.d = negative ? -0.0 : 0.0;
      return out;
    }
    out.kind = NumberKind::kOutOfRange;
    return out;
  }
  if (ec != std::errc() || ptr != unsigned_text.data() + unsigned_text.size() ||
      !std::isfinite(d)) {
    out.kind = ec != std::errc() || ptr != unsigned_text.data() + unsigned_text.size()
                   ? NumberKind::kInvalid
                   : NumberKind::kOutOfRange;
    return out;
  }
  out.kind = NumberKind::kDouble;
  out.d = negative ? -d : d;
  return out;
}

}  // namespace srm::rt
