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
#include <system_error>
#include <thread>

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
  inventory.BeginFile();
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
                              kPadding, text, why, inventory)) {
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

namespace {

// Loads paths[begin, end) into `inventory`, appending resource counts to `ends`; stops at the
// first file that fails and returns its position (or `end`).
size_t LoadRun(const std::vector<std::string>& paths, size_t begin, size_t end,
               const LoadOptions& options, Inventory& inventory, std::vector<uint32_t>& ends,
               LoadError& error) {
  for (size_t i = begin; i < end; ++i) {
    try {
      if (!LoadInventoryFile(paths[i], options, inventory, error)) return i;
    } catch (const std::bad_alloc&) {
      error = LoadError{paths[i], {}, "out of memory while loading the file"};
      return i;
    } catch (const std::exception& e) {  // none expected: a loader's bug, not a crash
      error = LoadError{paths[i], {}, std::string("cannot load the file: ") + e.what()};
      return i;
    }
    ends.push_back(static_cast<uint32_t>(inventory.resources().size()));
  }
  return end;
}

// Splits `sizes` into at most `parts` contiguous non-empty runs of about equal sums; returns
// their starts followed by sizes.size().
std::vector<size_t> SplitBySize(const std::vector<uint64_t>& sizes, size_t parts) {
  uint64_t total = 0;
  for (uint64_t size : sizes) total += size + 1;  // +1: empty files cost something too
  std::vector<size_t> starts{0};
  uint64_t sum = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    // A new run starts at i once the runs so far hold their share of the total.
    if (i > starts.back() && starts.size() < parts && sum * parts >= total * starts.size())
      starts.push_back(i);
    sum += sizes[i] + 1;
  }
  starts.push_back(sizes.size());
  return starts;
}

}  // namespace

bool LoadInventoryFiles(const std::vector<std::string>& paths, const std::vector<uint64_t>& sizes,
                        const LoadOptions& options, uint32_t jobs, Inventory& inventory,
                        std::vector<uint32_t>& ends, LoadError& error) {
  ends.clear();
  size_t parts = std::min<size_t>(std::max<uint32_t>(jobs, 1), paths.size());
  if (parts <= 1 || sizes.size() != paths.size())
    return LoadRun(paths, 0, paths.size(), options, inventory, ends, error) == paths.size();
  std::vector<size_t> starts = SplitBySize(sizes, parts);
  parts = starts.size() - 1;
  // Run 0 loads into `inventory` on this thread; the others into their own inventories, with
  // their own copy of the parameter values (whose `used` set each one fills).
  struct Part {
    std::unique_ptr<Inventory> inventory;
    ParameterValues parameters;
    LoadOptions options;
    std::vector<uint32_t> ends;
    LoadError error;
    size_t failed = 0;
  };
  std::vector<Part> runs(parts);
  for (size_t k = 0; k < parts; ++k) {
    Part& part = runs[k];
    part.options = options;
    if (options.parameters != nullptr) {
      part.parameters = *options.parameters;
      part.options.parameters = &part.parameters;
    }
    if (k > 0) part.inventory = std::make_unique<Inventory>(inventory.names());
  }
  auto load = [&](size_t k) {
    Part& part = runs[k];
    Inventory& into = k == 0 ? inventory : *part.inventory;
    part.failed =
        LoadRun(paths, starts[k], starts[k + 1], part.options, into, part.ends, part.error);
  };
  inventory.names().SetConcurrent(true);
  std::vector<std::thread> threads;
  try {
    for (size_t k = 1; k < parts; ++k) threads.emplace_back(load, k);
  } catch (const std::system_error&) {
    // No thread to be had: the remaining runs load here, in turn.
  }
  load(0);
  for (size_t k = threads.size() + 1; k < parts; ++k) load(k);
  for (std::thread& thread : threads) thread.join();
  inventory.names().SetConcurrent(false);
  for (size_t k = 0; k < parts; ++k) {
    Part& part = runs[k];
    if (options.parameters != nullptr)
      options.parameters->used.insert(part.parameters.used.begin(), part.parameters.used.end());
    if (k > 0) {
      for (uint32_t end : part.ends) ends.push_back(end + inventory.resources().size());
      inventory.Append(std::move(*part.inventory));
    } else {
      ends = part.ends;
    }
    if (part.failed != starts[k + 1]) {
      error = part.error;
      return false;
    }
  }
  return true;
}

bool LoadCloudFormationJson(const std::string& path, Inventory& inventory, LoadError& error,
                            const LoadLimits& limits) {
  LoadOptions options;
  options.format = InputFormat::kCfn;
  options.limits = limits;
  return LoadInventoryFile(path, options, inventory, error);
}

}  // namespace srm::rt
