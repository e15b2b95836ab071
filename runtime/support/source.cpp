#include "runtime/support/source.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

namespace srm::rt {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  const char* p = begin;
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p))))) {
    ++p;
    line_starts_.push_back(static_cast<uint32_t>(p - begin));
  }
}

LineCol SourceFile::Locate(uint32_t offset) const {
  if (offset > text_.size()) offset = static_cast<uint32_t>(text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  return {line, offset - line_starts_[line - 1] + 1};
}

std::string_view SourceFile::Line(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t begin = line_starts_[line - 1];
  uint32_t end =
      line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<uint32_t>(text_.size());
  std::string_view view(text_);
  view = view.substr(begin, end - begin);
  if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
  return view;
}

std::string SourceFile::Where(uint32_t offset) const {
  LineCol lc = Locate(offset);
  return path_ + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col);
}

bool ReadFileLimited(const std::string& path, uint64_t limit, size_t padding, bool stop_at_nul,
                     std::string& out, std::string& error) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer for ever.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    error = std::strerror(errno);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    error = "it is a directory";
    return false;
  }
  // Blocking reads from here on: a pipe with a writer is read to its end; a FIFO without one
  // reads as end of file.
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
    error = std::strerror(errno);
    return false;
  }
  size_t hint = 64 * 1024;
  if (S_ISREG(st.st_mode)) {
    auto size = static_cast<uint64_t>(st.st_size);
    if (size > limit) {
      error = fmt::format("file is {} bytes, more than the limit of {} bytes", size, limit);
      return false;
    }
    hint = static_cast<size_t>(size) + 1;  // +1: the final read() sees end of file without growing
  }
  std::string buf;
  size_t used = 0;
  try {
    buf.resize(hint + padding);
    for (;;) {
      if (buf.size() - used < padding + 1)
        buf.resize(std::max(buf.size() * 2, used + hint + padding));
      ssize_t n = ::read(fd, buf.data() + used, buf.size() - padding - used);
      if (n < 0) {
        if (errno == EINTR) continue;
        error = std::strerror(errno);
        return false;
      }
      if (n == 0) break;
      const char* chunk = buf.data() + used;
      used += static_cast<size_t>(n);
      if (stop_at_nul && std::memchr(chunk, '\0', static_cast<size_t>(n)) != nullptr) break;
      if (used > limit) {
        error = fmt::format("file is more than the limit of {} bytes", limit);
        return false;
      }
    }
  } catch (const std::bad_alloc&) {
    error = "out of memory";
    return false;
  }
  buf.resize(used);  // keeps the capacity: the zeroed padding stays behind the text
  out = std::move(buf);
  return true;
}

bool ReadFile(const std::string& path, std::string& out, std::string& error) {
  return ReadFileLimited(path, kMaxPolicyFileBytes, 0, false, out, error);
}

}  // namespace srm::rt
