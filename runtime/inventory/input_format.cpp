// Names, help text and messages composed from the inventory format table (input_formats.def).
#include "runtime/inventory/input_format.h"

#include <fmt/format.h>

#include <algorithm>

#include "runtime/support/suggest.h"

namespace srm::rt {
namespace {

template <typename F>
std::vector<std::string> Collect(F&& f) {
  std::vector<std::string> out;
  for (const InputFormatInfo& info : kInputFormats) {
    std::string s = f(info);
    if (!s.empty()) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::vector<std::string> InputFormatNames() {
  std::vector<std::string> names{InputFormatName(InputFormat::kAuto)};
  for (const InputFormatInfo& info : kInputFormats) names.emplace_back(info.name);
  return names;
}

const char* InputFormatName(InputFormat f) {
  return f == InputFormat::kAuto ? "auto" : InfoOf(f).name.data();
}

bool ParseInputFormat(std::string_view name, InputFormat& out) {
  if (name == InputFormatName(InputFormat::kAuto)) {
    out = InputFormat::kAuto;
    return true;
  }
  for (const InputFormatInfo& info : kInputFormats) {
    if (name == info.name) {
      out = info.format;
      return true;
    }
  }
  return false;
}

std::string InputFormatHelp() {
  std::vector<std::string> names =
      Collect([](const InputFormatInfo& i) { return fmt::format("{} ({})", i.name, i.noun); });
  return fmt::format("Format of the inventories: auto (the default: detect it per file), {}",
                     JoinOr(names));
}

std::vector<std::string> InventoryExtensions() {
  std::vector<std::string> out = {".json"};
  auto add = [&](const FormatKeys& keys) {
    for (std::string_view k : keys) {
      if (!k.empty() && std::find(out.begin(), out.end(), k) == out.end()) out.emplace_back(k);
    }
  };
  for (const InputFormatInfo& f : kInputFormats) {
    add(f.yaml_extensions);
    add(f.other_extensions);
  }
  return out;
}

std::string InventoryFileHelp() {
  std::vector<std::string> extensions = InventoryExtensions();
  std::string names;
  for (const std::string& e : extensions) names += (names.empty() ? "" : " ") + e;
  return fmt::format(
      "Inventory file or directory (repeatable; a directory: its {} files, recursively): {}", names,
      JoinOr(Collect([](const InputFormatInfo& i) { return std::string(i.expected); })));
}

std::string ExpectedInventory(InputFormat f) {
  if (f != InputFormat::kAuto) return std::string(InfoOf(f).expected);
  return fmt::format("an inventory (a {})",
                     JoinOr(Collect([](const InputFormatInfo& i) { return std::string(i.noun); })));
}

std::string ExpectedJsonShape(InputFormat f) {
  if (f != InputFormat::kAuto) return std::string(InfoOf(f).json_shape);
  std::string objects =
      JoinOr(Collect([](const InputFormatInfo& i) { return std::string(i.object_noun); }));
  std::vector<std::string> arrays = Collect(
      [](const InputFormatInfo& i) { return i.top_array ? std::string(i.noun) : std::string(); });
  std::string out = fmt::format("an inventory: a JSON object ({})", objects);
  if (!arrays.empty()) out += fmt::format(" or an array of {}", JoinOr(arrays));
  return out;
}

std::string UnrecognisedJsonMessage() {
  return fmt::format(
      "cannot tell which inventory format this JSON object is: expected {}; --input-format "
      "chooses one",
      JoinOr(Collect([](const InputFormatInfo& i) { return std::string(i.detect_hint); })));
}

std::vector<std::string> BindingKeywords() {
  return Collect([](const InputFormatInfo& i) { return std::string(i.binding); });
}

std::string BindingForms() {
  return JoinOr(Collect([](const InputFormatInfo& i) -> std::string {
    if (i.binding.empty()) return "";
    return fmt::format("'{}{}' ({})", i.binding,
                       TypeRuleOf(i.binding_rules).required ? " \"type\"" : "", i.title);
  }));
}

std::string FieldSourceForms() {
  return JoinOr(Collect([](const InputFormatInfo& i) -> std::string {
    return i.binding.empty() ? "" : fmt::format("'{} \"path\"'", i.binding);
  }));
}

}  // namespace srm::rt
