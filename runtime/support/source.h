// Source files held in memory with a line index: maps byte offsets to 1-based line:col.
// Shared by the compiler's diagnostics and by the inventory loaders.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/support/big_buffer.h"

namespace srm::rt {

struct LineCol {
  uint32_t line = 0;  // 1-based; 0 means "no location"
  uint32_t col = 0;   // 1-based, in bytes
};

// The bytes of a source text: a std::string, a BigBuffer for a large inventory file (read
// with one page fault per 2 MiB), or memory the caller owns and keeps (Borrowed: small
// inventory files read into the inventory's arena). Whatever the buffer holds past `size`
// stays in place: the readers leave zeroed padding there for simdjson.
class SourceText {
 public:
  SourceText() = default;
  SourceText(std::string text) : string_(std::move(text)) {}  // NOLINT: implicit on purpose
  SourceText(const char* text) : string_(text) {}             // NOLINT: implicit on purpose
  SourceText(BigBuffer buffer, size_t size)
      : big_(std::move(buffer)), data_(big_.data()), size_(size), padding_(big_.size() - size) {}
  // `data` outlives the SourceText; `padding` bytes after the text are readable and zeroed.
  static SourceText Borrowed(const char* data, size_t size, size_t padding) {
    SourceText text;
    text.data_ = data;
    text.size_ = size;
    text.padding_ = padding;
    return text;
  }

  std::string_view view() const {
    return data_ != nullptr ? std::string_view(data_, size_) : string_;
  }
  // The bytes of the buffer after the text (simdjson may read them; the readers zero them).
  size_t padding() const {
    return data_ != nullptr ? padding_ : string_.capacity() - string_.size();
  }

 private:
  std::string string_;
  BigBuffer big_;
  const char* data_ = nullptr;  // big_'s or borrowed (then string_ is unused)
  size_t size_ = 0;
  size_t padding_ = 0;
};

// Where ReadFileLimited may put a small regular file's text: `bytes` writable bytes that
// outlive the SourceText, or nullptr to let it allocate its own.
using TextPlacer = char* (*)(void* context, size_t bytes);

class SourceFile {
 public:
  SourceFile(std::string path, SourceText text);

  const std::string& path() const { return path_; }
  std::string_view text() const { return text_.view(); }
  // Zeroed bytes readable after text() (see SourceText::padding).
  size_t padding() const { return text_.padding(); }
  LineCol Locate(uint32_t offset) const;
  // The text of 1-based line `line`, without its newline.
  std::string_view Line(uint32_t line) const;
  // "path:line:col" for an offset.
  std::string Where(uint32_t offset) const;

 private:
  std::string path_;
  SourceText text_;
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
// The same, a regular file of BigBuffer::kHugePage bytes or more read into a BigBuffer, a
// smaller one into the memory `place` gives (when given; see TextPlacer).
bool ReadFileLimited(const std::string& path, uint64_t limit, size_t padding, bool stop_at_nul,
                     SourceText& out, std::string& error, TextPlacer place = nullptr,
                     void* place_context = nullptr);

// A policy file: ReadFileLimited with kMaxPolicyFileBytes.
bool ReadFile(const std::string& path, std::string& out, std::string& error);

}  // namespace srm::rt
