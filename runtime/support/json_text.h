// Helpers for JSON text used inside the runtime: UTF-8 checks and a slow but precise JSON syntax
// checker that pinpoints (offset + message) errors the fast simdjson parser only reports by code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace srm::rt {

// Length (1..4) of the well-formed UTF-8 sequence starting at s[i], or 0 when the bytes there are
// not well-formed UTF-8 (stray continuation byte, overlong form, surrogate, > U+10FFFF, cut off).
size_t Utf8SequenceLength(std::string_view s, size_t i);

// Offset of the first byte that is not part of well-formed UTF-8, or s.size() when all is valid.
size_t FirstInvalidUtf8(std::string_view s);

// `s` with every byte that is not part of well-formed UTF-8 replaced by U+FFFD (one each).
std::string ValidUtf8(std::string_view s);

// A JSON string literal (quotes included) for `s`, for values quoted inside messages: `"`, `\`
// and control characters escaped (\u00XX), bytes that are not UTF-8 as U+FFFD.
std::string JsonQuote(std::string_view s);

// Checks that `text` is exactly one JSON value (RFC 8259) surrounded by optional whitespace.
// Returns true when valid; otherwise false with the offset of the offending byte in `offset` and a
// message saying what was expected and what was found. Iterative: any nesting depth is safe.
// UTF-8 validity is not checked here (see FirstInvalidUtf8).
bool CheckJsonSyntax(std::string_view text, uint32_t& offset, std::string& message);

// A short description of the byte(s) at s[i] for messages: "'x'", "a newline", "end of file",
// "byte 0xff", or the UTF-8 character in quotes.
std::string DescribeByteAt(std::string_view s, size_t i);

}  // namespace srm::rt
