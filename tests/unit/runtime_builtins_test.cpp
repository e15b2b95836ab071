// Unit tests of runtime/eval/builtins.h: string helpers, CIDR parsing and containment, regexes.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "runtime/eval/builtins.h"

using namespace srm::rt;

TEST_CASE("String builtins", "[runtime][builtins]") {
  CHECK(Lower("AbC-xYz 09") == "abc-xyz 09");
  CHECK(Upper("AbC-xYz 09") == "ABC-XYZ 09");
  CHECK(Lower("\xC3\x89T\xC3\x89") == "\xC3\x89t\xC3\x89");  // ASCII only: É stays as is
  CHECK(Lower("").empty());
  CHECK(Trim("  \t a b \r\n") == "a b");
  CHECK(Trim("   ").empty());
  CHECK(Trim("").empty());
  CHECK(Trim("x") == "x");
  CHECK(Trim("\xC2\xA0x") == "\xC2\xA0x");  // no-break space is not ASCII whitespace
  CHECK(StartsWith("arn:aws:s3:::b", "arn:aws:"));
  CHECK_FALSE(StartsWith("arn", "arn:"));
  CHECK(StartsWith("x", ""));
  CHECK(EndsWith("bucket.json", ".json"));
  CHECK_FALSE(EndsWith("json", ".json"));
  CHECK(EndsWith("x", ""));
  CHECK(Contains("aws:kms", ":k"));
  CHECK_FALSE(Contains("aws:kms", "KMS"));
  CHECK(Contains("abc", ""));
}

namespace {

Cidr MustParse(std::string_view text) {
  Cidr c;
  std::string error;
  INFO("cidr: " << text);
  bool ok = ParseCidr(text, c, error);
  INFO("error: " << error);
  REQUIRE(ok);
  return c;
}

// Canonical rendering of the parsed bytes: dotted quad, or 8 groups of 4 hex digits.
std::string Bytes(const Cidr& c) {
  std::string out;
  char buf[8];
  if (!c.v6) {
    for (int i = 0; i < 4; ++i) {
      std::snprintf(buf, sizeof buf, i == 0 ? "%u" : ".%u", c.bytes[i]);
      out += buf;
    }
  } else {
    for (int i = 0; i < 16; i += 2) {
      std::snprintf(buf, sizeof buf, i == 0 ? "%02x%02x" : ":%02x%02x", c.bytes[i], c.bytes[i + 1]);
      out += buf;
    }
  }
  return out + "/" + std::to_string(c.prefix);
}

bool NetContains(std::string_view outer, std::string_view inner) {
  return CidrContains(MustParse(outer), MustParse(inner));
}

}  // namespace

TEST_CASE("ParseCidr accepts valid IPv4", "[runtime][builtins][cidr]") {
  CHECK(Bytes(MustParse("0.0.0.0/0")) == "0.0.0.0/0");
  CHECK(Bytes(MustParse("10.0.0.0/8")) == "10.0.0.0/8");
  CHECK(Bytes(MustParse("192.168.1.10")) == "192.168.1.10/32");
  CHECK(Bytes(MustParse("255.255.255.255/32")) == "255.255.255.255/32");
  CHECK(Bytes(MustParse("172.16.0.0/12")) == "172.16.0.0/12");
  CHECK(Bytes(MustParse("1.2.3.4/0")) == "1.2.3.4/0");  // host bits are kept as written
  CHECK(Bytes(MustParse("100.64.0.0/10")) == "100.64.0.0/10");
  CHECK_FALSE(MustParse("10.0.0.0/8").v6);
}

TEST_CASE("ParseCidr accepts valid IPv6", "[runtime][builtins][cidr]") {
  CHECK(Bytes(MustParse("::")) == "0000:0000:0000:0000:0000:0000:0000:0000/128");
  CHECK(Bytes(MustParse("::/0")) == "0000:0000:0000:0000:0000:0000:0000:0000/0");
  CHECK(Bytes(MustParse("::1")) == "0000:0000:0000:0000:0000:0000:0000:0001/128");
  CHECK(Bytes(MustParse("fe80::1/64")) == "fe80:0000:0000:0000:0000:0000:0000:0001/64");
  CHECK(Bytes(MustParse("2001:db8::/32")) == "2001:0db8:0000:0000:0000:0000:0000:0000/32");
  CHECK(Bytes(MustParse("2001:DB8:0:0:8:800:200C:417A")) ==
        "2001:0db8:0000:0000:0008:0800:200c:417a/128");
  CHECK(Bytes(MustParse("1:2:3:4:5:6:7:8/128")) == "0001:0002:0003:0004:0005:0006:0007:0008/128");
  CHECK(Bytes(MustParse("1::8")) == "0001:0000:0000:0000:0000:0000:0000:0008/128");
  CHECK(Bytes(MustParse("1:2:3:4:5:6:7::")) == "0001:0002:0003:0004:0005:0006:0007:0000/128");
  CHECK(Bytes(MustParse("::2:3:4:5:6:7:8")) == "0000:0002:0003:0004:0005:0006:0007:0008/128");
  CHECK(Bytes(MustParse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/127")) ==
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/127");
  CHECK(Bytes(MustParse("::ffff:192.0.2.128")) == "0000:0000:0000:0000:0000:ffff:c000:0280/128");
  CHECK(Bytes(MustParse("64:ff9b::10.0.0.1/96")) == "0064:ff9b:0000:0000:0000:0000:0a00:0001/96");
  CHECK(Bytes(MustParse("1:2:3:4:5:6:1.2.3.4")) == "0001:0002:0003:0004:0005:0006:0102:0304/128");
  CHECK(MustParse("::").v6);
}

TEST_CASE("ParseCidr rejects invalid text with a reason", "[runtime][builtins][cidr]") {
  const char* bad[] = {
      "",
      "/",
      "/8",
      "10.0.0.0/",
      "10.0.0.0/33",
      "10.0.0.0/-1",
      "10.0.0.0/+8",
      "10.0.0.0/08",
      "10.0.0.0/8/8",
      "10.0.0.0/ 8",
      " 10.0.0.0/8",
      "10.0.0.0/8 ",
      "256.0.0.0",
      "1.2.3",
      "1.2.3.4.5",
      "1..2.3",
      ".1.2.3",
      "1.2.3.4.",
      "01.2.3.4",
      "1.2.3.004",
      "1.2.3.-4",
      "1.2.3.a",
      "1.2.3.4/abc",
      "0x1.2.3.4",
      "1.2.3.1000",
      "localhost",
      "10.0.0.0/8\n",
      ":",
      ":::",
      "1:::2",
      "1::2::3",
      ":1::",
      "1::2:",
      "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7:8::",
      "::1:2:3:4:5:6:7:8",
      "12345::",
      "g::",
      "fe80::1%eth0",
      "::/129",
      "::/-0",
      "::/",
      "1.2.3.4::",
      "::1.2.3",
      "::1.2.3.4:5",
      "1:2:3:4:5:6:7:1.2.3.4",
      "::256.1.1.1",
      "[::1]",
      "1:2:3:4:5:6:7:8/",
      "::ffff:1.2.3.04",
  };
  for (const char* text : bad) {
    Cidr c;
    c.prefix = 99;
    std::string error;
    INFO("cidr: '" << text << "'");
    CHECK_FALSE(ParseCidr(text, c, error));
    CHECK_FALSE(error.empty());
    CHECK(c.prefix == 99);  // untouched on failure
    CHECK_FALSE(IsCidr(text));
  }
  Cidr c;
  std::string error;
  CHECK_FALSE(ParseCidr("10.0.0.0/33", c, error));
  CHECK(error == "prefix length '33' is not a number from 0 to 32");
  CHECK_FALSE(ParseCidr("300.1.1.1", c, error));
  CHECK(error == "IPv4 part '300' is larger than 255");
  CHECK_FALSE(ParseCidr("01.1.1.1", c, error));
  CHECK(error == "leading zero in IPv4 part '01'");
  CHECK_FALSE(ParseCidr("1::2::3", c, error));
  CHECK(error == "more than one '::' in IPv6 address");
  CHECK(IsCidr("10.0.0.0/8"));
  CHECK(IsCidr("::/0"));
}

TEST_CASE("CidrContains compares network prefixes", "[runtime][builtins][cidr]") {
  CHECK(NetContains("0.0.0.0/0", "10.1.2.3"));
  CHECK(NetContains("0.0.0.0/0", "0.0.0.0/0"));
  CHECK(NetContains("10.0.0.0/8", "10.255.0.0/16"));
  CHECK(NetContains("10.0.0.0/8", "10.0.0.0/8"));
  CHECK_FALSE(NetContains("10.0.0.0/16", "10.0.0.0/8"));  // inner is bigger
  CHECK_FALSE(NetContains("10.0.0.0/8", "11.0.0.0/16"));
  CHECK(NetContains("192.168.0.0/23", "192.168.1.7"));
  CHECK_FALSE(NetContains("192.168.0.0/24", "192.168.1.7"));
  CHECK(NetContains("172.16.0.0/12", "172.31.255.255"));
  CHECK_FALSE(NetContains("172.16.0.0/12", "172.32.0.0"));
  CHECK(NetContains("10.0.0.1/8", "10.9.9.9"));  // host bits of the outer network are ignored
  CHECK(NetContains("1.2.3.4/32", "1.2.3.4"));
  CHECK_FALSE(NetContains("1.2.3.4/32", "1.2.3.5"));
  CHECK(NetContains("1.2.3.4/31", "1.2.3.5"));
  CHECK(NetContains("::/0", "2001:db8::1"));
  CHECK(NetContains("2001:db8::/32", "2001:db8:ffff::/48"));
  CHECK_FALSE(NetContains("2001:db8::/32", "2001:db9::/48"));
  CHECK(NetContains("fe80::/10", "febf::1"));
  CHECK_FALSE(NetContains("fe80::/10", "fec0::1"));
  CHECK(NetContains("::1", "::1/128"));
  CHECK_FALSE(NetContains("::1", "::/127"));
  // Different families never contain each other, not even the "any" networks.
  CHECK_FALSE(NetContains("0.0.0.0/0", "::/0"));
  CHECK_FALSE(NetContains("::/0", "0.0.0.0/0"));
  CHECK_FALSE(NetContains("::/0", "1.2.3.4"));
}

TEST_CASE("Regex compiles RE2 syntax and searches unanchored", "[runtime][builtins][regex]") {
  std::string error;
  RegexPtr re = CompileRegex("^arn:aws:iam::[0-9]{12}:role/", error);
  REQUIRE(re != nullptr);
  CHECK(error.empty());
  CHECK(RegexSearch(*re, "arn:aws:iam::123456789012:role/admin"));
  CHECK_FALSE(RegexSearch(*re, "xarn:aws:iam::123456789012:role/admin"));
  CHECK_FALSE(RegexSearch(*re, "arn:aws:iam::12345:role/admin"));

  RegexPtr any = CompileRegex("kms", error);
  REQUIRE(any != nullptr);
  CHECK(RegexSearch(*any, "aws:kms"));  // search, not full match
  CHECK_FALSE(RegexSearch(*any, "AES256"));

  RegexPtr utf8 = CompileRegex("^caf.$", error);
  REQUIRE(utf8 != nullptr);
  CHECK(RegexSearch(*utf8, "caf\xC3\xA9"));  // . matches one UTF-8 character

  RegexPtr ci = CompileRegex("(?i)^aes256$", error);
  REQUIRE(ci != nullptr);
  CHECK(RegexSearch(*ci, "AES256"));

  RegexPtr empty = CompileRegex("", error);
  REQUIRE(empty != nullptr);
  CHECK(RegexSearch(*empty, ""));
  CHECK(RegexSearch(*empty, "anything"));

  // Pattern with an embedded NUL is taken whole.
  RegexPtr nul = CompileRegex(std::string_view("a\0b", 3), error);
  REQUIRE(nul != nullptr);
  CHECK(RegexSearch(*nul, std::string_view("xa\0by", 5)));
  CHECK_FALSE(RegexSearch(*nul, "ab"));
}

TEST_CASE("Regex reports compile errors", "[runtime][builtins][regex]") {
  const char* bad[] = {"(", "a)", "[a-", "*a", "a{2,1}", "(?<name>x)\\1", "(?=x)"};
  for (const char* pattern : bad) {
    std::string error;
    INFO("pattern: " << pattern);
    CHECK(CompileRegex(pattern, error) == nullptr);
    CHECK_FALSE(error.empty());
  }
  std::string error;
  CHECK(CompileRegex("(", error) == nullptr);
  CHECK(error.find("missing )") != std::string::npos);
}

TEST_CASE("split, join and replace", "[runtime][builtins]") {
  using V = std::vector<std::string_view>;
  CHECK(Split("a,b,c", ",") == V{"a", "b", "c"});
  CHECK(Split("a,,b,", ",") == V{"a", "", "b", ""});
  CHECK(Split("", ",") == V{""});
  CHECK(Split("abc", ",") == V{"abc"});
  CHECK(Split("a::b:::c", "::") == V{"a", "b", ":c"});  // left to right, non-overlapping
  CHECK(Split("arn:aws:s3:::bucket", ":") == V{"arn", "aws", "s3", "", "", "bucket"});
  CHECK(Split("\xC3\xA9-\xC3\xA9", "-") == V{"\xC3\xA9", "\xC3\xA9"});
  CHECK_THROWS_AS(Split("abc", ""), BuiltinFault);
  // The pieces are views into the input.
  std::string s = "x/y";
  V parts = Split(s, "/");
  CHECK(parts[1].data() == s.data() + 2);

  CHECK(Join({}, ",").empty());
  CHECK(Join({"a"}, ",") == "a");
  CHECK(Join({"a", "", "b"}, ", ") == "a, , b");
  CHECK(Join({"a", "b"}, "") == "ab");
  CHECK(Join(Split("a,b,,c", ","), ",") == "a,b,,c");

  CHECK(Replace("a-b-c", "-", "+") == "a+b+c");
  CHECK(Replace("aaa", "aa", "b") == "ba");  // non-overlapping, left to right
  CHECK(Replace("abc", "x", "y") == "abc");
  CHECK(Replace("abc", "abc", "") == "");
  CHECK(Replace("", "a", "b") == "");
  CHECK(Replace("a.b", ".", "..") == "a..b");  // replacements are not scanned again
  CHECK_THROWS_AS(Replace("abc", "", "x"), BuiltinFault);
}

TEST_CASE("join and replace refuse results longer than kMaxBuiltinString", "[runtime][builtins]") {
  // 4096 occurrences grown by 4096 bytes each: just over 16 MiB, computed before building.
  std::string many(4096, 'a');
  std::string big(4097, 'b');
  try {
    Replace(many, "a", big);
    FAIL("no fault");
  } catch (const BuiltinFault& f) {
    CHECK(f.message == "result longer than 16777216 bytes");
  }
  CHECK(Replace(many, "a", std::string(4095, 'b')).size() == 4096u * 4095u);
  std::string chunk(1 << 20, 'x');
  std::vector<std::string_view> items(16, chunk);
  CHECK(Join(items, "").size() == kMaxBuiltinString);
  CHECK_THROWS_AS(Join(items, ","), BuiltinFault);
}

TEST_CASE("to_string, len and CIDR arguments", "[runtime][builtins]") {
  CHECK(ToString(Scalar(std::in_place_type<int64_t>, -12)) == "-12");
  CHECK(ToString(Scalar(std::in_place_type<int64_t>, INT64_MIN)) == "-9223372036854775808");
  CHECK(ToString(Scalar(std::in_place_type<bool>, true)) == "true");
  CHECK(ToString(Scalar(std::in_place_type<bool>, false)) == "false");
  CHECK(ToString(Scalar(std::in_place_type<std::string_view>, "s")) == "s");
  CHECK(Length(7) == 7);
  CHECK(CidrPrefix(CidrArgument("10.0.0.0/8")) == 8);
  CHECK(CidrPrefix(CidrArgument("::1")) == 128);
  try {
    CidrArgument("10.0.0.256/8");
    FAIL("no fault");
  } catch (const BuiltinFault& f) {
    CHECK(f.message == "'10.0.0.256/8' is not a valid CIDR (IPv4 part '256' is larger than 255)");
  }
}
