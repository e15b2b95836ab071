// Pieces of the CloudFormation YAML loader that do not depend on the parser's state: scalar
// resolution (YAML 1.2 core schema and the !! tags), the CloudFormation short-form tags, the
// wording of yaml-cpp's errors and YAML names of value kinds. Internal to runtime/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/value/value.h"

namespace srm::rt::detail {

// Node kinds a short-form tag accepts (a bit set).
constexpr uint8_t kTagScalar = 1;
constexpr uint8_t kTagSequence = 2;
constexpr uint8_t kTagMapping = 4;

// A CloudFormation short-form tag: `!GetAtt` stands for the long form "Fn::GetAtt".
struct ShortForm {
  std::string_view tag;        // "!GetAtt"
  std::string_view long_name;  // "Fn::GetAtt"
  uint8_t kinds;               // what the tagged node may be
};

// The short form for a tag as yaml-cpp reports it ("!Ref"), or nullptr.
const ShortForm* FindShortForm(std::string_view tag);
// "a scalar or a sequence": the kinds a short form accepts, for messages.
std::string DescribeTagKinds(uint8_t kinds);

// How the loader reads a tag that is not a short form: kNonSpecific for "?" (plain scalar),
// "!" (quoted scalar, or `! x`) and "" (untagged); the YAML core schema tags yaml-cpp reports as
// "tag:yaml.org,2002:NAME"; kUnsupported for any other tag (`!Foo`, `!!set`, a URI).
enum class StdTag : uint8_t {
  kNonSpecific,
  kStr,
  kInt,
  kFloat,
  kBool,
  kNull,
  kMap,
  kSeq,
  kUnsupported
};
StdTag ClassifyStdTag(std::string_view tag);

// A tag as written: "tag:yaml.org,2002:set" becomes "!!set", "!Foo" stays.
std::string DisplayTag(std::string_view tag);
// The message for a tag that is neither standard nor a CloudFormation short form.
std::string UnknownTagMessage(std::string_view tag);

// What a plain (untagged, unquoted) scalar is under the YAML 1.2 core schema: null (~, null,
// empty), bool (true/false in any case), int (decimal, 0o octal, 0x hex; out of int64 range: a
// double), float (1.5, 1e3) or else a string. `.inf` and `.nan` stay strings: the value model
// has no infinities. Returns false (with `error`) for a number out of the range of a double.
// For strings, `out.kind` is kString and the caller stores the text.
bool ResolvePlainScalar(std::string_view text, Value& out, std::string& error);

// A scalar with a standard tag (!!str, !!int, !!float, !!bool, !!null). Returns false with
// `error` when the text does not fit the tag. For !!str, `out.kind` is kString.
bool ResolveTaggedScalar(StdTag tag, std::string_view text, Value& out, std::string& error);

// "invalid YAML: ..." for a yaml-cpp parser message, saying what was expected.
std::string DescribeYamlError(std::string_view yaml_cpp_message);

// {key: value} at `offset`: the long form of an intrinsic function, e.g. {"Ref": "Name"}.
Value IntrinsicValue(Arena& arena, uint32_t key, uint32_t key_offset, const Value& value,
                     uint32_t offset);

// The YAML word for what a value is, for messages: "mapping", "sequence", "string", "number",
// "boolean", "null", or "the intrinsic {"Ref": "X"}" for a long-form intrinsic function.
std::string YamlKindName(const Value& v, const Interner& names);

}  // namespace srm::rt::detail
