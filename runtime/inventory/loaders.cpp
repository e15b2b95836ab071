// LoadInventoryFile: reads a file, applies the checks every format shares (size, NUL bytes,
// UTF-8, emptiness), decides between JSON and YAML and hands over to the format loaders named
// by input_formats.def.
#include "runtime/inventory/loaders.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>

#include "runtime/inventory/format_loaders.h"
#include "runtime/inventory/load_support.h"
#include "runtime/support/json_text.h"

namespace srm::rt {
namespace {

constexpr size_t kPadding = simdjson::SIMDJSON_PADDING;
// simdjson and our 32-bit offsets cap a document just below 4 GiB.
constexpr uint64_t kMaxParserBytes = 0xFFFFFFFFull - kPadding;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The format YAML files are read as (input_format.h allows one), and whether `path` names
// one of its YAML files.
const InputFormatInfo& YamlFormat() {
  for (const InputFormatInfo& info : kInputFormats) {
    if (info.load_yaml != nullptr) return info;
  }
  return kInputFormats[0];  // unreachable: checked at compile time
}
bool YamlFileName(std::string_view path) {
  for (std::string_view ext : YamlFormat().yaml_extensions) {
    if (!ext.empty() && EndsWith(path, ext)) return true;
  }
  return false;
}

// Loads the text of a file named `path` (`text` has kPadding zeroed bytes of capacity after
// it). `yaml`: the syntax, when the caller knows it; else the name or the text decides.
bool LoadText(const std::string& path, SourceText text, std::optional<bool> yaml_syntax,
              const LoadOptions& options, Inventory& inventory, LoadError& error) {
  inventory.BeginFile(text.view().size());
  uint32_t index = inventory.AddFile(std::make_unique<SourceFile>(path, std::move(text)));
  const SourceFile& file = inventory.file(index);
  std::string_view view(file.text());
  detail::FileLoad load{file, index, inventory, options, error};
  if (view.empty()) {
    error.message = fmt::format("file is empty; expected {}", ExpectedInventory(options.format));
    return false;
  }
  if (const void* nul = std::memchr(view.data(), '\0', view.size())) {
    return load.Fail(static_cast<uint32_t>(static_cast<const char*>(nul) - view.data()),
                     fmt::format("file contains a NUL byte: this is binary data, not {}",
                                 ExpectedInventory(options.format)));
  }
  if (!simdjson::validate_utf8(view.data(), view.size())) {
    size_t bad = FirstInvalidUtf8(view);
    return load.Fail(static_cast<uint32_t>(bad),
                     fmt::format("invalid UTF-8 (byte 0x{:02x}); inventories must be UTF-8 text",
                                 static_cast<unsigned char>(view[bad])));
  }
  size_t begin = view.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // skip a byte order mark
  size_t first = view.find_first_not_of(" \t\r\n", begin);
  if (first == std::string_view::npos) {
    error.message = fmt::format("file contains only whitespace; expected {}",
                                ExpectedInventory(options.format));
    return false;
  }
  // JSON or YAML: the file name decides when it says, else the first character.
  bool yaml;
  if (yaml_syntax) {
    yaml = *yaml_syntax;
  } else if (YamlFileName(path)) {
    yaml = true;
  } else if (EndsWith(path, ".json")) {
    yaml = false;
  } else {
    yaml = view[first] != '{' && view[first] != '[';
  }
  try {
    if (!yaml) return detail::LoadJson(load, begin);
    const InputFormatInfo& yaml_format = YamlFormat();
    if (options.format != InputFormat::kAuto && options.format != yaml_format.format) {
      return load.Fail(static_cast<uint32_t>(first),
                       fmt::format("expected {}, but this file is not JSON (YAML is read only "
                                   "as a {})",
                                   ExpectedInventory(options.format), yaml_format.noun));
    }
    return yaml_format.load_yaml(load, begin);
  } catch (const std::bad_alloc&) {
    error = LoadError{path, {}, "out of memory while loading the file"};
    return false;
  } catch (const std::length_error&) {
    error = LoadError{
        path,
        {},
        fmt::format("a string, list or object has more than {} bytes or elements", kMaxValueSize)};
    return false;
  }
}

bool LoadFile(const std::string& path, const LoadOptions& options, Inventory& inventory,
              LoadError& error) {
  error = LoadError{};
  error.file = path;
  SourceText text;
  std::string why;
  if (!detail::ReadPaddedFile(path,
                              std::min<uint64_t>(options.limits.max_file_bytes, kMaxParserBytes),
                              kPadding, text, why)) {
    error.message = std::move(why);
    return false;
  }
  return LoadText(path, std::move(text), std::nullopt, options, inventory, error);
}

}  // namespace

bool LoadInventoryText(const std::string& name, std::string_view text, bool yaml,
                       const LoadOptions& options, Inventory& inventory, LoadError& error) {
  error = LoadError{};
  error.file = name;
  if (text.size() > std::min<uint64_t>(options.limits.max_file_bytes, kMaxParserBytes)) {
    error.message = "file is larger than the limit";
    return false;
  }
  std::string padded;
  padded.reserve(text.size() + kPadding);
  padded.append(text);
  padded.append(kPadding, '\0');
  padded.resize(text.size());  // keeps the capacity: the zeroed padding stays behind the text
  Inventory::Mark mark = inventory.Checkpoint();
  if (LoadText(name, std::move(padded), yaml, options, inventory, error)) return true;
  inventory.Rollback(mark);
  return false;
}

bool LoadInventoryFile(const std::string& path, const LoadOptions& options, Inventory& inventory,
                       LoadError& error) {
  Inventory::Mark mark = inventory.Checkpoint();
  if (LoadFile(path, options, inventory, error)) return true;
  inventory.Rollback(mark);
  return false;
}

bool LoadCloudFormationJson(const std::string& path, Inventory& inventory, LoadError& error,
                            const LoadLimits& limits) {
  LoadOptions options;
  options.format = InputFormat::kCfn;
  options.limits = limits;
  return LoadInventoryFile(path, options, inventory, error);
}

}  // namespace srm::rt
