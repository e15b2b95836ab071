#include "runtime/support/json_text.h"

#include <fmt/format.h>

#include <vector>

namespace srm::rt {

std::string ValidUtf8(std::string_view s) {
  size_t bad = FirstInvalidUtf8(s);
  if (bad == s.size()) return std::string(s);
  std::string out(s.substr(0, bad));
  out.reserve(s.size() + 2);
  size_t i = bad;
  while (i < s.size()) {
    size_t n = static_cast<unsigned char>(s[i]) < 0x80 ? 1 : Utf8SequenceLength(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out.append(s.data() + i, n);
      i += n;
    }
  }
  return out;
}

std::string JsonQuote(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string valid = ValidUtf8(s);
  std::string out;
  out.reserve(valid.size() + 2);
  out += '"';
  for (char ch : valid) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += ch;
    }
  }
  out += '"';
  return out;
}

size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = at(i);
  if (c < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte (Unicode table 3-7)
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // no overlong forms
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;  // continuation byte, C0/C1 or F5..FF
  }
  if (i + n > s.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if ((at(i + k) & 0xC0) != 0x80) return 0;
  }
  return n;
}

size_t FirstInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) return i;
    i += n;
  }
  return s.size();
}

std::string DescribeByteAt(std::string_view s, size_t i) {
  if (i >= s.size()) return "end of file";
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == '\n') return "a newline";
  if (c == '\r') return "a carriage return";
  if (c == '\t') return "a tab";
  if (c == '\'') return "\"'\"";
  if (c >= 0x20 && c < 0x7F) return fmt::format("'{}'", static_cast<char>(c));
  if (c >= 0x80) {
    size_t n = Utf8SequenceLength(s, i);
    if (n > 0) return fmt::format("'{}'", s.substr(i, n));
  }
  return fmt::format("byte 0x{:02x}", c);
}

namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_';
}

class SyntaxChecker {
 public:
  explicit SyntaxChecker(std::string_view text) : s_(text) {}

  bool Run(uint32_t& offset, std::string& message) {
    bool ok = Check();
    if (!ok) {
      offset = static_cast<uint32_t>(error_at_);
      message = std::move(error_);
    }
    return ok;
  }

 private:
  enum class State {
    kValue,
    kFirstValueOrEnd,
    kValueAfterComma,
    kFirstKeyOrEnd,
    kKey,
    kColon,
    kAfterValue
  };

  bool Fail(size_t at, std::string message) {
    error_at_ = at;
    error_ = std::move(message);
    return false;
  }
  char Peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  bool AtEnd() const { return i_ >= s_.size(); }
  std::string Found() const { return DescribeByteAt(s_, i_); }
  void SkipSpace() {
    while (i_ < s_.size() && IsJsonSpace(s_[i_])) ++i_;
  }

  bool Check() {
    std::vector<char> stack;  // '{' or '[' for each open container
    State state = State::kValue;
    for (;;) {
      SkipSpace();
      char c = Peek();
      switch (state) {
        case State::kFirstValueOrEnd:
          if (!AtEnd() && c == ']') {
            ++i_;
            stack.pop_back();
            state = State::kAfterValue;
            continue;
          }
          [[fallthrough]];
        case State::kValueAfterComma:
          if (state == State::kValueAfterComma && !AtEnd() && c == ']') {
            return Fail(i_,
                        "expected a value after ',', found ']' (trailing commas are not "
                        "allowed in JSON)");
          }
          [[fallthrough]];
        case State::kValue:
          if (AtEnd()) return Fail(i_, "unexpected end of file; expected a value");
          if (c == '{') {
            ++i_;
            stack.push_back('{');
            state = State::kFirstKeyOrEnd;
          } else if (c == '[') {
            ++i_;
            stack.push_back('[');
            state = State::kFirstValueOrEnd;
          } else {
            if (!ScalarValue()) return false;
            state = State::kAfterValue;
          }
          continue;
        case State::kFirstKeyOrEnd:
          if (!AtEnd() && c == '}') {
            ++i_;
            stack.pop_back();
            state = State::kAfterValue;
            continue;
          }
          [[fallthrough]];
        case State::kKey:
          if (AtEnd()) return Fail(i_, "unexpected end of file; expected an object key");
          if (c == '}') {
            return Fail(i_,
                        "expected an object key after ',', found '}' (trailing commas are "
                        "not allowed in JSON)");
          }
          if (c != '"') {
            if (c == '\'') return Fail(i_, "object keys must be in double quotes, found \"'\"");
            return Fail(i_, "expected an object key in double quotes, found " + Found());
          }
          if (!String()) return false;
          state = State::kColon;
          continue;
        case State::kColon:
          if (AtEnd() || c != ':') {
            return Fail(i_, "expected ':' after an object key, found " + Found());
          }
          ++i_;
          state = State::kValue;
          continue;
        case State::kAfterValue:
          if (stack.empty()) {
            if (AtEnd()) return true;
            return Fail(i_, "unexpected " + Found() + " after the end of the top-level value");
          }
          if (stack.back() == '{') {
            if (!AtEnd() && c == ',') {
              ++i_;
              state = State::kKey;
            } else if (!AtEnd() && c == '}') {
              ++i_;
              stack.pop_back();
            } else {
              return Fail(i_, "expected ',' or '}' after an object member, found " + Found());
            }
          } else {
            if (!AtEnd() && c == ',') {
              ++i_;
              state = State::kValueAfterComma;
            } else if (!AtEnd() && c == ']') {
              ++i_;
              stack.pop_back();
            } else {
              return Fail(i_, "expected ',' or ']' after an array element, found " + Found());
            }
          }
          continue;
      }
    }
  }

  bool ScalarValue() {
    char c = Peek();
    if (c == '"') return String();
    if (c == '-' || IsDigit(c)) return Number();
    if (IsWordChar(c)) {
      size_t start = i_;
      while (i_ < s_.size() && IsWordChar(s_[i_])) ++i_;
      std::string_view word = s_.substr(start, i_ - start);
      if (word == "true" || word == "false" || word == "null") return true;
      i_ = start;
      return Fail(start, fmt::format("invalid literal '{}'; expected a string, number, object, "
                                     "array, true, false or null",
                                     word.substr(0, 40)));
    }
    if (c == '\'') return Fail(i_, "strings must be in double quotes, found \"'\"");
    if (c == '/') return Fail(i_, "comments are not allowed in JSON");
    return Fail(i_, "expected a value, found " + Found());
  }

  bool String() {
    size_t start = i_++;  // opening quote
    for (;;) {
      if (AtEnd()) return Fail(start, "unterminated string: no closing '\"' before end of file");
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) {
        if (c == '\n') {
          return Fail(i_,
                      "unterminated string: newline before the closing '\"' (use \\n in "
                      "strings)");
        }
        return Fail(i_, fmt::format("control character 0x{:02x} in a string must be escaped",
                                    static_cast<unsigned>(c)));
      }
      if (c != '\\') {
        ++i_;
        continue;
      }
      size_t esc = i_++;
      if (AtEnd()) return Fail(start, "unterminated string: no closing '\"' before end of file");
      char e = s_[i_];
      if (e == 'u') {
        ++i_;
        uint32_t unit;
        if (!Hex4(esc, unit)) return false;
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          // A high surrogate must be followed by an escaped low surrogate.
          uint32_t low = 0;
          if (i_ + 1 < s_.size() && s_[i_] == '\\' && s_[i_ + 1] == 'u') {
            i_ += 2;
            if (!Hex4(i_ - 2, low)) return false;
          }
          if (low < 0xDC00 || low > 0xDFFF) {
            return Fail(esc, fmt::format("unpaired UTF-16 surrogate \\u{:04X} in a string", unit));
          }
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
          return Fail(esc, fmt::format("unpaired UTF-16 surrogate \\u{:04X} in a string", unit));
        }
        continue;
      }
      if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' ||
          e == 't') {
        ++i_;
        continue;
      }
      std::string what = (e >= 0x20 && e < 0x7F) ? fmt::format("'\\{}'", e)
                                                 : "'\\' followed by " + DescribeByteAt(s_, i_);
      return Fail(esc, "invalid escape " + what +
                           " in a string; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
                           "\\uXXXX");
    }
  }

  bool Hex4(size_t esc, uint32_t& unit) {
    unit = 0;
    for (int k = 0; k < 4; ++k) {
      if (AtEnd() || !IsHex(s_[i_])) {
        return Fail(esc, "invalid \\u escape in a string: expected 4 hexadecimal digits");
      }
      char h = s_[i_++];
      unit = unit * 16 + static_cast<uint32_t>(IsDigit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
    }
    return true;
  }

  bool Number() {
    size_t start = i_;
    if (Peek() == '-') ++i_;
    if (AtEnd() || !IsDigit(Peek())) {
      return Fail(i_, "invalid number: expected a digit after '-', found " + Found());
    }
    if (Peek() == '0') {
      ++i_;
      if (!AtEnd() && IsDigit(Peek())) {
        return Fail(start, "invalid number: leading zeros are not allowed");
      }
    } else {
      while (!AtEnd() && IsDigit(Peek())) ++i_;
    }
    if (!AtEnd() && Peek() == '.') {
      ++i_;
      if (AtEnd() || !IsDigit(Peek())) {
        return Fail(i_, "invalid number: expected a digit after '.', found " + Found());
      }
      while (!AtEnd() && IsDigit(Peek())) ++i_;
    }
    if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
      ++i_;
      if (!AtEnd() && (Peek() == '+' || Peek() == '-')) ++i_;
      if (AtEnd() || !IsDigit(Peek())) {
        return Fail(i_, "invalid number: expected a digit in the exponent, found " + Found());
      }
      while (!AtEnd() && IsDigit(Peek())) ++i_;
    }
    if (!AtEnd() && IsWordChar(Peek())) {
      return Fail(i_, "invalid number: unexpected " + Found() + " in a number");
    }
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
  size_t error_at_ = 0;
  std::string error_;
};

}  // namespace

bool CheckJsonSyntax(std::string_view text, uint32_t& offset, std::string& message) {
  return SyntaxChecker(text).Run(offset, message);
}

}  // namespace srm::rt
