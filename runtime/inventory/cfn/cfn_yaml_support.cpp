// Scalar resolution, CloudFormation short-form tags and messages for the CloudFormation YAML
// loader (see cfn_yaml_support.h).
#include "runtime/inventory/cfn/cfn_yaml_support.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <vector>

#include "runtime/support/number_text.h"
#include "runtime/support/suggest.h"
#include "runtime/value/value_build.h"

namespace srm::rt::detail {
namespace {

constexpr std::string_view kYamlTagPrefix = "tag:yaml.org,2002:";

constexpr std::array<ShortForm, 21> kShortForms = {{
    {"!Ref", "Ref", kTagScalar},
    {"!Condition", "Condition", kTagScalar},
    {"!GetAtt", "Fn::GetAtt", kTagScalar | kTagSequence},
    {"!Sub", "Fn::Sub", kTagScalar | kTagSequence},
    {"!Join", "Fn::Join", kTagSequence},
    {"!If", "Fn::If", kTagSequence},
    {"!Select", "Fn::Select", kTagSequence},
    {"!Split", "Fn::Split", kTagSequence},
    {"!FindInMap", "Fn::FindInMap", kTagSequence},
    {"!GetAZs", "Fn::GetAZs", kTagScalar | kTagMapping},
    {"!ImportValue", "Fn::ImportValue", kTagScalar | kTagMapping},
    {"!Base64", "Fn::Base64", kTagScalar | kTagMapping},
    {"!Cidr", "Fn::Cidr", kTagSequence},
    {"!Equals", "Fn::Equals", kTagSequence},
    {"!And", "Fn::And", kTagSequence},
    {"!Or", "Fn::Or", kTagSequence},
    {"!Not", "Fn::Not", kTagSequence},
    {"!Transform", "Fn::Transform", kTagMapping},
    {"!ToJsonString", "Fn::ToJsonString", kTagSequence | kTagMapping},
    {"!Length", "Fn::Length", kTagSequence | kTagMapping},
    {"!ForEach", "Fn::ForEach", kTagSequence},
}};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllOf(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

bool IsOctal(char c) { return c >= '0' && c <= '7'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

bool IsNullText(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

enum class Number { kNo, kInt, kFloat, kOutOfRange };

// YAML 1.2 core schema numbers: [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+ and
// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?.
Number ParseNumber(std::string_view s, Value& out) {
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
    int base = s[1] == 'o' ? 8 : 16;
    std::string_view digits = s.substr(2);
    if (!AllOf(digits, base == 8 ? IsOctal : IsHex)) return Number::kNo;
    int64_t i = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), i, base);
    if (ec == std::errc() && ptr == digits.data() + digits.size()) {
      out.kind = ValueKind::kInt;
      out.i = i;
      return Number::kInt;
    }
    double d = 0;  // beyond int64: a double, like a large decimal
    for (char c : digits) d = d * base + (IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    if (!std::isfinite(d)) return Number::kOutOfRange;
    out.kind = ValueKind::kDouble;
    out.d = d;
    return Number::kInt;
  }
  std::string_view body = !s.empty() && (s[0] == '-' || s[0] == '+') ? s.substr(1) : s;
  bool integer = AllOf(body, IsDigit) && !body.empty();
  if (!integer) {
    // Float: mantissa then optional exponent.
    size_t i = 0, n = body.size();
    size_t int_digits = 0, frac_digits = 0;
    while (i < n && IsDigit(body[i])) ++i, ++int_digits;
    if (i < n && body[i] == '.') {
      ++i;
      while (i < n && IsDigit(body[i])) ++i, ++frac_digits;
      // "1." is a float, "." is not; ".5" is.
      if (int_digits == 0 && frac_digits == 0) return Number::kNo;
    } else if (int_digits == 0) {
      return Number::kNo;
    }
    if (i < n && (body[i] == 'e' || body[i] == 'E')) {
      ++i;
      if (i < n && (body[i] == '-' || body[i] == '+')) ++i;
      size_t exp_digits = 0;
      while (i < n && IsDigit(body[i])) ++i, ++exp_digits;
      if (exp_digits == 0) return Number::kNo;
    }
    if (i != n) return Number::kNo;
  }
  // The value exactly, as JSON numbers are read: an integer in int64 range is an int however
  // it is written (1.0, 1e3), anything else a double.
  NumberValue exact = ParseNumberText(s);
  switch (exact.kind) {
    case NumberKind::kInt:
      out.kind = ValueKind::kInt;
      out.i = exact.i;
      break;
    case NumberKind::kDouble:
      out.kind = ValueKind::kDouble;
      out.d = exact.d;
      break;
    case NumberKind::kOutOfRange:
    case NumberKind::kInvalid:
      return Number::kOutOfRange;
  }
  return integer ? Number::kInt : Number::kFloat;
}

}  // namespace

const ShortForm* FindShortForm(std::string_view tag) {
  if (tag.size() < 3 || tag[0] != '!') return nullptr;  // "?", "!", "!!x" expanded, URIs
  for (const ShortForm& f : kShortForms) {
    if (f.tag == tag) return &f;
  }
  return nullptr;
}

std::string DescribeTagKinds(uint8_t kinds) {
  std::vector<const char*> words;
  if (kinds & kTagScalar) words.push_back("a scalar");
  if (kinds & kTagSequence) words.push_back("a sequence");
  if (kinds & kTagMapping) words.push_back("a mapping");
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

StdTag ClassifyStdTag(std::string_view tag) {
  if (tag.empty() || tag == "?" || tag == "!") return StdTag::kNonSpecific;
  if (tag.substr(0, kYamlTagPrefix.size()) != kYamlTagPrefix) return StdTag::kUnsupported;
  std::string_view name = tag.substr(kYamlTagPrefix.size());
  if (name == "str") return StdTag::kStr;
  if (name == "int") return StdTag::kInt;
  if (name == "float") return StdTag::kFloat;
  if (name == "bool") return StdTag::kBool;
  if (name == "null") return StdTag::kNull;
  if (name == "map") return StdTag::kMap;
  if (name == "seq") return StdTag::kSeq;
  return StdTag::kUnsupported;
}

std::string DisplayTag(std::string_view tag) {
  if (tag.substr(0, kYamlTagPrefix.size()) == kYamlTagPrefix) {
    return "!!" + std::string(tag.substr(kYamlTagPrefix.size()));
  }
  if (!tag.empty() && tag[0] == '!') return std::string(tag);
  return "!<" + std::string(tag) + ">";
}

std::string UnknownTagMessage(std::string_view tag) {
  std::string shown = DisplayTag(tag);
  if (tag.substr(0, kYamlTagPrefix.size()) == kYamlTagPrefix) {
    return fmt::format(
        "unsupported tag {}; the standard tags read here are !!str, !!int, "
        "!!float, !!bool, !!null, !!map and !!seq",
        shown);
  }
  std::vector<std::string> names;
  std::string known;
  for (const ShortForm& f : kShortForms) {
    names.emplace_back(f.tag);
    if (!known.empty()) known += ", ";
    known += f.tag;
  }
  // Suggest only a close match: "!GetAttr" is a typo of "!GetAtt", "!Foo" is not of "!Not".
  std::string closest = ClosestMatch(shown, names);
  if (!closest.empty() && EditDistance(shown, closest) * 3 > shown.size()) closest.clear();
  std::string hint = closest.empty() ? "" : fmt::format(" (did you mean {}?)", closest);
  return fmt::format("unknown tag {}{}; the CloudFormation short forms are {}", shown, hint, known);
}

bool ResolvePlainScalar(std::string_view text, Value& out, std::string& error) {
  if (IsNullText(text)) {
    out.kind = ValueKind::kNull;
    return true;
  }
  if (EqualsIgnoreCase(text, "true") || EqualsIgnoreCase(text, "false")) {
    out.kind = ValueKind::kBool;
    out.b = text.size() == 4;
    return true;
  }
  switch (ParseNumber(text, out)) {
    case Number::kInt:
    case Number::kFloat:
      return true;
    case Number::kOutOfRange:
      error = fmt::format("number {} is out of range", text);
      return false;
    case Number::kNo:
      break;
  }
  out.kind = ValueKind::kString;
  return true;
}

bool ResolveTaggedScalar(StdTag tag, std::string_view text, Value& out, std::string& error) {
  switch (tag) {
    case StdTag::kInt:
    case StdTag::kFloat: {
      Number n = ParseNumber(text, out);
      if (n == Number::kOutOfRange) {
        error = fmt::format("number {} is out of range", text);
        return false;
      }
      // An integral !!float stays an int: its value is an integer (number_text.h).
      if (n == Number::kInt || (n == Number::kFloat && tag == StdTag::kFloat)) return true;
      error = fmt::format("{} value \"{}\" is not {}", tag == StdTag::kInt ? "!!int" : "!!float",
                          text, tag == StdTag::kInt ? "an integer" : "a finite number");
      return false;
    }
    case StdTag::kBool:
      if (EqualsIgnoreCase(text, "true") || EqualsIgnoreCase(text, "false")) {
        out.kind = ValueKind::kBool;
        out.b = text.size() == 4;
        return true;
      }
      error = fmt::format("!!bool value \"{}\" is not true or false", text);
      return false;
    case StdTag::kNull:
      if (IsNullText(text)) {
        out.kind = ValueKind::kNull;
        return true;
      }
      error = fmt::format("!!null value \"{}\" is not null", text);
      return false;
    default:
      out.kind = ValueKind::kString;
      return true;
  }
}

std::string DescribeYamlError(std::string_view msg) {
  struct Known {
    std::string_view yaml_cpp;
    std::string_view ours;
  };
  static constexpr Known kKnown[] = {
      {"end of map not found",
       "expected a \"key: value\" entry at the indentation of this mapping (is a line "
       "indented wrongly, or a ':' missing?)"},
      {"end of map flow not found", "expected ',' or '}' in this flow mapping"},
      {"end of sequence not found",
       "expected a \"- item\" entry at the indentation of this sequence (is a line indented "
       "wrongly?)"},
      {"end of sequence flow not found", "expected ',' or ']' in this flow sequence"},
      {"illegal map value",
       "a mapping value (': ') is not allowed here; quote a string that contains ': ', or fix "
       "the indentation"},
      {"illegal map key", "a mapping key ('? ') is not allowed here"},
      {"illegal block entry", "a sequence entry ('- ') is not allowed here; fix the indentation"},
      {"illegal flow end", "unexpected ']' or '}' without a matching '[' or '{'"},
      {"unknown token", "unexpected text; expected a YAML node"},
      {"illegal EOF in scalar",
       "unterminated quoted string: expected the closing quote before the end of the file"},
      {"illegal document indicator in scalar",
       "a document marker (--- or ...) inside a quoted string; expected the closing quote "
       "first"},
      {"illegal tab when looking for indentation",
       "a tab character indents this line; YAML indentation must use spaces"},
      {"the referenced anchor is not defined",
       "this alias refers to an anchor that is not defined before it (expected &name earlier "
       "in the document)"},
      {"alias not found after *", "expected an alias name after '*'"},
      {"anchor not found after &", "expected an anchor name after '&'"},
      {"bad character found while scanning hex number",
       "expected a hex digit in this escape sequence of a double-quoted string"},
      {"end of verbatim tag not found", "expected '>' to close the verbatim tag '!<'"},
      {"tag handle with no suffix", "expected a tag name after the tag handle"},
  };
  for (const Known& k : kKnown) {
    if (msg == k.yaml_cpp) return "invalid YAML: " + std::string(k.ours);
  }
  constexpr std::string_view kEscape = "unknown escape character: ";
  if (msg.substr(0, kEscape.size()) == kEscape) {
    return fmt::format("invalid YAML: unknown escape sequence '\\{}' in a double-quoted string",
                       msg.substr(kEscape.size()));
  }
  return "invalid YAML: " + std::string(msg);
}

Value IntrinsicValue(Arena& arena, uint32_t key, uint32_t key_offset, const Value& value,
                     uint32_t offset) {
  Member m{key, key_offset, value};
  return MakeObject(arena, &m, 1, offset);
}

std::string YamlKindName(const Value& v, const Interner& names) {
  switch (v.kind) {
    case ValueKind::kObject:
      if (!IntrinsicName(v, names).empty()) return "the intrinsic " + Describe(v, names);
      return "mapping";
    case ValueKind::kList:
      return "sequence";
    case ValueKind::kString:
      return "string";
    case ValueKind::kInt:
    case ValueKind::kDouble:
      return "number";
    case ValueKind::kBool:
      return "boolean";
    case ValueKind::kNull:
      return "null";
    case ValueKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace srm::rt::detail
