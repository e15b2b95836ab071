// Exact conversion of decimal number text (JSON and YAML numbers) for every inventory format:
// a number whose value is an integer in int64 range is that integer, whatever its spelling
// (22, 22.000000000000000000001e0 is not one, 220000000000000000000e-19 is); others are doubles.
#pragma once

#include <cstdint>
#include <string_view>

namespace srm::rt {

enum class NumberKind : uint8_t {
  kInt,         // an integer in int64 range, exactly (`i`)
  kDouble,      // not an integer, or an integer outside int64 range (`d`, the nearest double)
  kOutOfRange,  // beyond the range of a double (1e999)
  kInvalid,     // not [+-]?digits[.digits][(e|E)[+-]?digits] (with at least one digit)
};

struct NumberValue {
  NumberKind kind = NumberKind::kInvalid;
  int64_t i = 0;
  double d = 0;
};

// Converts decimal number text. Accepts an optional sign, digits with an optional fraction
// (".5" and "1." included, for YAML) and an optional exponent; the caller checks its own
// grammar (leading zeros, "+" in JSON). Never reads past `text`.
NumberValue ParseNumberText(std::string_view text);

// The length of the number token at the start of `p` (characters of [-+0-9.eE]), at most `max`.
size_t NumberTokenLength(const char* p, size_t max);

}  // namespace srm::rt
