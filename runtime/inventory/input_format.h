// The inventory format registry: the InputFormat enum and one descriptor per format, both
// derived from input_formats.def. Detection, dispatch, --input-format, the policy's binding
// keywords and the schema map all read this table, so a format is declared once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace srm::rt {

enum class InputFormat : uint8_t {
  kAuto,  // detect per file
#define SRM_INPUT_FORMAT(Id, ...) k##Id,
#include "runtime/inventory/input_formats.def"
};

namespace detail {
struct FileLoad;
struct JsonSections;
// The loader entry points the table names: a JSON file once the JSON pass has read it, and a
// YAML file (begin: the offset after a byte order mark).
using JsonEntry = bool (*)(FileLoad& load, const JsonSections& sections);
using YamlEntry = bool (*)(FileLoad& load, size_t begin);
#define SRM_INPUT_FORMAT(Id, ...)                                    \
  bool Load##Id##Json(FileLoad& load, const JsonSections& sections); \
  bool Load##Id##Yaml(FileLoad& load, size_t begin);
#include "runtime/inventory/input_formats.def"
}  // namespace detail

// The rules of a format's resource binding, which sema checks (one case each in
// Checker::CheckBindings; a format with a binding reuses a rule set or adds one).
enum class BindingRules : uint8_t {
  kNone,       // the format has no binding keyword
  kTerraform,  // `tf "aws_s3_bucket"`: the type is required and looks like a Terraform type
  kAwsConfig,  // `config` (the resource's CloudFormation type) or `config "AWS::S3::Bucket"`
};
struct BindingTypeRule {
  bool required = false;              // the binding must name its type
  bool defaults_to_cfn_type = false;  // without a type it is the resource's CloudFormation type
};
constexpr BindingTypeRule TypeRuleOf(BindingRules rules) {
  switch (rules) {
    case BindingRules::kNone:
      break;
    case BindingRules::kTerraform:
      return {.required = true};
    case BindingRules::kAwsConfig:
      return {.defaults_to_cfn_type = true};
  }
  return {};
}
// The default source path of a field in a bound format: "sse_algorithm" (snake_case), or
// "configuration.sseAlgorithm" for a resource's own fields and "sseAlgorithm" inside records.
enum class DefaultPath : uint8_t { kNone, kSnakeCase, kConfigurationCamel };

inline constexpr size_t kMaxFormatKeys = 8;
using FormatKeys = std::array<std::string_view, kMaxFormatKeys>;  // unused slots are empty

struct InputFormatInfo {
  InputFormat format{};
  std::string_view name{};          // the --input-format value, "tfplan"
  std::string_view title{};         // in "... is a Terraform key"
  std::string_view noun{};          // in lists of what a file may be: "Terraform plan"
  std::string_view object_noun{};   // as a JSON object, in the same lists
  std::string_view expected{};      // what an empty or binary file should have been
  std::string_view json_shape{};    // what the JSON top level should be, when forced
  std::string_view detect_hint{};   // the keys to name when no format is recognised
  FormatKeys detect_keys{};         // top-level JSON keys that announce the format
  bool top_array = false;           // a top-level JSON array is this format (kept as sections[0])
  std::string_view streamed_key{};  // top-level key streamed as CloudFormation resources
  FormatKeys sections{};            // top-level keys kept as values for the loader
  // When set, `sections` are alternatives kept in one slot (sections[0]), and this message
  // (with the key for {}) reports a second one.
  std::string_view alternatives{};
  detail::JsonEntry load_json = nullptr;
  detail::YamlEntry load_yaml = nullptr;  // nullptr: JSON only
  FormatKeys yaml_extensions{};           // file names ending so are YAML
  // Other file name endings of this format (besides ".json" and yaml_extensions), taken when
  // `-i` names a directory; such a file is JSON or YAML by its first character.
  FormatKeys other_extensions{};
  std::string_view binding{};  // the binding keyword in policies ("tf"), or empty
  BindingRules binding_rules = BindingRules::kNone;
  DefaultPath default_path = DefaultPath::kNone;
  // The row of the format table in docs/inventories.md.
  std::string_view doc_format{}, doc_what{}, doc_id{};
};

inline constexpr InputFormatInfo kInputFormats[] = {
#define SRM_INPUT_FORMAT(Id, ...) InputFormatInfo{.format = InputFormat::k##Id, __VA_ARGS__},
#include "runtime/inventory/input_formats.def"
};
inline constexpr size_t kInputFormatCount = std::size(kInputFormats);

// The descriptor of a format (not kAuto).
constexpr const InputFormatInfo& InfoOf(InputFormat f) {
  return kInputFormats[static_cast<size_t>(f) - 1];
}

// Formats with a binding keyword, numbered 0.. in table order: the slots of source paths and
// bound types in sema and in the schema map.
constexpr size_t CountBindings() {
  size_t n = 0;
  for (const InputFormatInfo& f : kInputFormats) n += f.binding.empty() ? 0 : 1;
  return n;
}
inline constexpr size_t kBindingCount = CountBindings();
// The slot of a bound format; kBindingCount for a format without binding.
constexpr size_t BindingSlot(InputFormat f) {
  size_t slot = 0;
  for (const InputFormatInfo& info : kInputFormats) {
    if (info.format == f) return info.binding.empty() ? kBindingCount : slot;
    if (!info.binding.empty()) ++slot;
  }
  return kBindingCount;
}
// One string per bound format, indexed by BindingSlot(format).
using BindingStrings = std::array<std::string, kBindingCount>;

// The format of binding slot `slot`.
constexpr const InputFormatInfo& BindingFormat(size_t slot) {
  for (const InputFormatInfo& info : kInputFormats) {
    if (!info.binding.empty() && slot-- == 0) return info;
  }
  return kInputFormats[0];  // unreachable for slot < kBindingCount
}
// The format whose binding keyword is `keyword`, or nullptr.
constexpr const InputFormatInfo* FindBinding(std::string_view keyword) {
  for (const InputFormatInfo& info : kInputFormats) {
    if (!info.binding.empty() && info.binding == keyword) return &info;
  }
  return nullptr;
}

namespace input_format_detail {
constexpr bool Consistent() {
  size_t yaml = 0;
  for (size_t i = 0; i < kInputFormatCount; ++i) {
    const InputFormatInfo& f = kInputFormats[i];
    // (The loader pointers are checked by tests/unit/input_format_test.cpp: comparing a function's
    // address with nullptr is not a constant expression under -fsanitize=address.)
    if (static_cast<size_t>(f.format) != i + 1 || f.name.empty()) return false;
    if (f.binding.empty() != (f.binding_rules == BindingRules::kNone)) return false;
    if (f.binding.empty() != (f.default_path == DefaultPath::kNone)) return false;
    yaml += f.yaml_extensions[0].empty() ? 0 : 1;
    for (size_t j = 0; j < i; ++j) {
      if (kInputFormats[j].name == f.name) return false;
      if (!f.binding.empty() && kInputFormats[j].binding == f.binding) return false;
    }
  }
  return yaml == 1 && kInputFormatCount > 0;
}
static_assert(Consistent(),
              "input_formats.def: a row without a name, a duplicate name or binding, "
              "a binding without its type rule and default path, or other than one YAML format "
              "(telling YAML formats apart is not implemented)");
}  // namespace input_format_detail

// The file name endings `-i DIR` takes: ".json", then every format's yaml_extensions and
// other_extensions, without duplicates, in table order.
std::vector<std::string> InventoryExtensions();

// "auto", then the names of the table: the --input-format choices.
std::vector<std::string> InputFormatNames();
// "auto", "cfn", "tfplan", "config", "generic".
const char* InputFormatName(InputFormat f);
bool ParseInputFormat(std::string_view name, InputFormat& out);
// The --input-format help text, listing the choices, and the -i help text.
std::string InputFormatHelp();
std::string InventoryFileHelp();

// What an empty or binary file should have been: the format's `expected`, or for kAuto the
// list of all formats.
std::string ExpectedInventory(InputFormat f);
// What the top level of a JSON file should be: the format's `json_shape`, or for kAuto the
// list of every format's object and the formats that are a top-level array.
std::string ExpectedJsonShape(InputFormat f);
// The message for a JSON object no format recognises.
std::string UnrecognisedJsonMessage();

// The binding keywords in table order, for "did you mean".
std::vector<std::string> BindingKeywords();
// "'tf \"type\"' (Terraform) or 'config' (AWS Config)": how a resource is bound.
std::string BindingForms();
// "'tf \"path\"' or 'config \"path\"'": how a field names its source.
std::string FieldSourceForms();

}  // namespace srm::rt
