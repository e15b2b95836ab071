// Unit tests of runtime/support/json_text.h: UTF-8 checks, quoting and the precise JSON syntax
// checker.
#include <catch2/catch.hpp>
#include <string>

#include "runtime/support/json_text.h"

using namespace srm::rt;

TEST_CASE("Utf8SequenceLength follows the Unicode well-formedness table", "[runtime][json]") {
  CHECK(Utf8SequenceLength("a", 0) == 1);
  CHECK(Utf8SequenceLength("\xC3\xA9", 0) == 2);
  CHECK(Utf8SequenceLength("\xE2\x82\xAC", 0) == 3);
  CHECK(Utf8SequenceLength("\xF0\x9F\x98\x80", 0) == 4);
  CHECK(Utf8SequenceLength("\xF4\x8F\xBF\xBF", 0) == 4);  // U+10FFFF
  CHECK(Utf8SequenceLength("\x80", 0) == 0);              // stray continuation
  CHECK(Utf8SequenceLength("\xC0\x80", 0) == 0);          // overlong NUL
  CHECK(Utf8SequenceLength("\xC1\xBF", 0) == 0);          // overlong
  CHECK(Utf8SequenceLength("\xE0\x9F\xBF", 0) == 0);      // overlong 3-byte
  CHECK(Utf8SequenceLength("\xED\xA0\x80", 0) == 0);      // surrogate
  CHECK(Utf8SequenceLength("\xF0\x8F\xBF\xBF", 0) == 0);  // overlong 4-byte
  CHECK(Utf8SequenceLength("\xF4\x90\x80\x80", 0) == 0);  // above U+10FFFF
  CHECK(Utf8SequenceLength("\xF5\x80\x80\x80", 0) == 0);
  CHECK(Utf8SequenceLength("\xFF", 0) == 0);
  CHECK(Utf8SequenceLength("\xE2\x82", 0) == 0);  // cut short
  CHECK(Utf8SequenceLength("\xC3"
                           "a",
                           0) == 0);
  CHECK(FirstInvalidUtf8("abc\xC3\xA9") == 5);
  CHECK(FirstInvalidUtf8("ab\xC3\xA9\xFFx") == 4);
  CHECK(FirstInvalidUtf8("") == 0);
}

namespace {

struct Syntax {
  bool ok;
  uint32_t offset;
  std::string message;
};

Syntax Check(std::string_view text) {
  Syntax s{false, 0, ""};
  s.ok = CheckJsonSyntax(text, s.offset, s.message);
  return s;
}

}  // namespace

TEST_CASE("CheckJsonSyntax accepts valid JSON", "[runtime][json]") {
  const char* good[] = {
      "{}",
      "[]",
      " {\"a\": [1, -2.5e+3, 0, -0, 0.0e0, 1E-2, true, false, null, \"\"]}\n",
      "\"x\"",
      "0",
      "-1",
      "[[[[]]]]",
      "{\"a\":{\"b\":{}}}",
      "\"\\u00e9\\ud83d\\ude00\\n\\/\"",
      "\t\r\n 1 \t\r\n",
  };
  for (const char* text : good) {
    INFO(text);
    Syntax s = Check(text);
    INFO(s.message);
    CHECK(s.ok);
  }
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(Check(deep).ok);  // iterative: no stack overflow
}

TEST_CASE("CheckJsonSyntax locates errors", "[runtime][json]") {
  struct Case {
    const char* text;
    uint32_t offset;
    const char* needle;
  } cases[] = {
      {"", 0, "expected a value"},
      {"{", 1, "expected an object key"},
      {"{\"a\"}", 4, "expected ':'"},
      {"{\"a\":}", 5, "expected a value"},
      {"{\"a\":1,}", 7, "trailing commas"},
      {"[1,]", 3, "trailing commas"},
      {"[1 2]", 3, "expected ',' or ']'"},
      {"{\"a\":1 \"b\":2}", 7, "expected ',' or '}'"},
      {"[1] [2]", 4, "after the end of the top-level value"},
      {"{a:1}", 1, "expected an object key in double quotes, found 'a'"},
      {"[01]", 1, "leading zeros"},
      {"[1.]", 3, "after '.'"},
      {"[1e]", 3, "exponent"},
      {"[-]", 2, "after '-'"},
      {"[+1]", 1, "found '+'"},
      {"[.5]", 1, "found '.'"},
      {"[0x10]", 2, "unexpected 'x' in a number"},
      {"[truex]", 1, "invalid literal 'truex'"},
      {"[\"a\\qb\"]", 3, "invalid escape '\\q'"},
      {"[\"\\u12G4\"]", 2, "4 hexadecimal digits"},
      {"[\"\\udc00\"]", 2, "unpaired UTF-16 surrogate \\uDC00"},
      {"[\"\\ud800\\u0041\"]", 2, "unpaired"},
      {"[\"a\tb\"]", 3, "control character 0x09"},
      {"[\"abc", 1, "unterminated string"},
      {"[\"abc\\", 1, "unterminated string"},
      {"[1,\n 2,\n ]", 9, "trailing commas"},
      {"\xC3\xA9", 0, "found '\xC3\xA9'"},
  };
  for (const Case& c : cases) {
    INFO("text: " << c.text);
    Syntax s = Check(c.text);
    INFO("message: " << s.message);
    CHECK_FALSE(s.ok);
    CHECK(s.offset == c.offset);
    CHECK(s.message.find(c.needle) != std::string::npos);
  }
}

TEST_CASE("DescribeByteAt names what was found", "[runtime][json]") {
  CHECK(DescribeByteAt("ab", 1) == "'b'");
  CHECK(DescribeByteAt("ab", 2) == "end of file");
  CHECK(DescribeByteAt("\n", 0) == "a newline");
  CHECK(DescribeByteAt(std::string_view("\0", 1), 0) == "byte 0x00");
  CHECK(DescribeByteAt("\xFF", 0) == "byte 0xff");
  CHECK(DescribeByteAt("\xE2\x82\xAC!", 0) == "'\xE2\x82\xAC'");
}

TEST_CASE("JsonQuote escapes and always yields valid JSON", "[runtime][json]") {
  CHECK(JsonQuote("") == R"("")");
  CHECK(JsonQuote("plain") == R"("plain")");
  CHECK(JsonQuote("a\"b\\c") == R"("a\"b\\c")");
  CHECK(JsonQuote("l1\nl2\t\r\b\f") == R"("l1\u000al2\u0009\u000d\u0008\u000c")");
  CHECK(JsonQuote(std::string_view("\0\x1f", 2)) == R"("\u0000\u001f")");
  CHECK(JsonQuote("/ \x7f") == "\"/ \x7f\"");
  CHECK(JsonQuote("caf\xC3\xA9 \xF0\x9F\x98\x80") == "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"");
  // Bytes that are not UTF-8 become U+FFFD, one per bad byte.
  CHECK(JsonQuote("a\xFF"
                  "b") ==
        "\"a\xEF\xBF\xBD"
        "b\"");
  CHECK(JsonQuote("\xC3") == "\"\xEF\xBF\xBD\"");
  CHECK(JsonQuote("\xED\xA0\x80") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(JsonQuote("\xC0\xAF") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST_CASE("ValidUtf8 replaces each bad byte with U+FFFD", "[runtime][json]") {
  CHECK(ValidUtf8("plain") == "plain");
  CHECK(ValidUtf8("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(ValidUtf8("a\xFF"
                  "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(ValidUtf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(ValidUtf8(std::string_view("\0x", 2)) == std::string_view("\0x", 2));
}
