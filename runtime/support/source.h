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

// Reads a whole file; returns false and sets `error` (strerror text) on failure.
bool ReadFile(const std::string& path, std::string& out, std::string& error);

}  // namespace srm::rt
