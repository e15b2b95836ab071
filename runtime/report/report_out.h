// Where a report writer's text goes: a std::string, or a file written through a fixed buffer as
// the text is produced, so that writing a report of any size needs no copy of it in memory.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace srm::rt {

class ReportOut {
 public:
  // Appends to `into`.
  explicit ReportOut(std::string& into) : string_(&into), buffer_(new char[kBufferBytes]) {}
  // Writes to `file` (not closed here). Write errors are kept: see ok() and error().
  explicit ReportOut(std::FILE* file) : file_(file), buffer_(new char[kBufferBytes]) {}
  ReportOut(const ReportOut&) = delete;
  ReportOut& operator=(const ReportOut&) = delete;
  ~ReportOut() { Flush(); }

  void Put(char c) {
    if (used_ == kBufferBytes) Spill();
    buffer_[used_++] = c;
  }
  void Append(std::string_view s);
  ReportOut& operator+=(std::string_view s) {
    Append(s);
    return *this;
  }
  ReportOut& operator+=(char c) {
    Put(c);
    return *this;
  }
  // Hands the buffered text to the string or the file (and fflush()es the file).
  void Flush();
  // False once a write to the file failed; error() is its errno.
  bool ok() const { return error_ == 0; }
  int error() const { return error_; }

 private:
  static constexpr size_t kBufferBytes = size_t{64} << 10;
  void Spill();

  std::string* string_ = nullptr;
  std::FILE* file_ = nullptr;
  size_t used_ = 0;
  int error_ = 0;
  std::unique_ptr<char[]> buffer_;
};

// What `write` writes, as a string (writers' Render* functions, tests).
std::string WriteToString(const std::function<void(ReportOut& out)>& write);

}  // namespace srm::rt
