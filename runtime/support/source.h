// Source files held in memory with a line index: maps byte offsets to 1-based line:col.
// Shared by the compiler's diagnostics and by the inventory loaders.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace srm::rt {

struct LineCol {
  uint32_t line = 0;  // 1-based; 0 means "no location"
  uint32_t col = 0;   // 1-based, in bytes
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  LineCol Locate(uint32_t offset) const;
  // The text of 1-based line `line`, without its newline.
  std::string_view Line(uint32_t line) const;
  // "path:line:col" for an offset.
  std::string Where(uint32_t offset) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

// Policy files larger than this are refused, on reading and by the parser (docs/limits.md).
inline constexpr uint64_t kMaxPolicyFileBytes = 16ull << 20;

// Reads a whole file of at most `limit` bytes, the limit checked while reading (devices and
// pipes report no size). A FIFO is opened without waiting for a writer: with none, it reads as
// empty. Leaves at least `padding` zeroed bytes of capacity after the text; with `stop_at_nul`,
// stops after a chunk holding a NUL byte (binary data: /dev/zero ends there). On failure sets
// `error` to "No such file or directory" (strerror text), "it is a directory", or "file is
// [N bytes,] more than the limit of L bytes".
bool ReadFileLimited(const std::string& path, uint64_t limit, size_t padding, bool stop_at_nul,
                     std::string& out, std::string& error);

// A policy file: ReadFileLimited with kMaxPolicyFileBytes.
bool ReadFile(const std::string& path, std::string& out, std::string& error);

}  // namespace srm::rt
