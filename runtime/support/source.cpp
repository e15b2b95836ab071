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

SourceFile::SourceFile(std::string path, SourceText text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  std::string_view view = text_.view();
  const char* begin = view.data();
  const char* end = begin + view.size();
  const char* p = begin;
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p))))) {
    ++p;
    line_starts_.push_back(static_cast<uint32_t>(p - begin));
  }
}

LineCol SourceFile::Locate(uint32_t offset) const {
  std::string_view text = text_.view();
  if (offset > text.size()) offset = static_cast<uint32_t>(text.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  return {line, offset - line_starts_[line - 1] + 1};
}

std::string_view SourceFile::Line(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t begin = line_starts_[line - 1];
  std::string_view text = text_.view();
  uint32_t end =
      line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<uint32_t>(text.size());
  std::string_view view = text.substr(begin, end - begin);
  if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
  return view;
}

std::string SourceFile::Where(uint32_t offset) const {
  LineCol lc = Locate(offset);
  return path_ + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col);
}

namespace {

// Opens `path` for reading (a FIFO without waiting for a writer) and stats it; -1 after setting
// `error` (a directory is refused).
int OpenForReading(const std::string& path, struct stat& st, std::string& error) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer for ever.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = std::strerror(errno);
    return -1;
  }
  const char* why = nullptr;
  if (::fstat(fd, &st) != 0) {
    why = std::strerror(errno);
  } else if (S_ISDIR(st.st_mode)) {
    why = "it is a directory";
  } else {
    // Blocking reads from here on: a pipe with a writer is read to its end; a FIFO without one
    // reads as end of file.
    int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) why = std::strerror(errno);
  }
  if (why != nullptr) {
    error = why;
    ::close(fd);
    return -1;
  }
  return fd;
}

struct FdCloser {
  int fd;
  ~FdCloser() { ::close(fd); }
};

// Reads the rest of `fd` into `buf` after its first `used` bytes (see ReadFileLimited), growing
// it by `hint` at least.
bool ReadRest(int fd, uint64_t limit, size_t padding, bool stop_at_nul, size_t hint,
              std::string& buf, size_t used, std::string& error) {
  try {
    if (buf.size() < used + hint + padding) buf.resize(used + hint + padding);
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
  return true;
}

// The size of a regular file (-1 for anything else), after checking it against `limit`.
bool RegularSize(const struct stat& st, uint64_t limit, int64_t& size, std::string& error) {
  size = -1;
  if (!S_ISREG(st.st_mode)) return true;
  auto bytes = static_cast<uint64_t>(st.st_size);
  if (bytes > limit) {
    error = fmt::format("file is {} bytes, more than the limit of {} bytes", bytes, limit);
    return false;
  }
  size = static_cast<int64_t>(bytes);
  return true;
}

// OpenForReading, then RegularSize; -1 after setting `error`.
int OpenLimited(const std::string& path, uint64_t limit, int64_t& size, std::string& error) {
  struct stat st {};
  int fd = OpenForReading(path, st, error);
  if (fd >= 0 && !RegularSize(st, limit, size, error)) {
    ::close(fd);
    fd = -1;
  }
  return fd;
}

// Reads up to `capacity` bytes of `fd` into `data`; the count read, or -1 after setting
// `error`.
int64_t ReadInto(int fd, char* data, size_t capacity, std::string& error) {
  size_t used = 0;
  while (used < capacity) {
    ssize_t n = ::read(fd, data + used, capacity - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      return -1;
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  return static_cast<int64_t>(used);
}

}  // namespace

bool ReadFileLimited(const std::string& path, uint64_t limit, size_t padding, bool stop_at_nul,
                     std::string& out, std::string& error) {
  int64_t size = -1;
  int fd = OpenLimited(path, limit, size, error);
  if (fd < 0) return false;
  FdCloser closer{fd};
  // +1: the final read() sees end of file without growing.
  size_t hint = size >= 0 ? static_cast<size_t>(size) + 1 : 64 * 1024;
  std::string buf;
  if (!ReadRest(fd, limit, padding, stop_at_nul, hint, buf, 0, error)) return false;
  out = std::move(buf);
  return true;
}

bool ReadFileLimited(const std::string& path, uint64_t limit, size_t padding, bool stop_at_nul,
                     SourceText& out, std::string& error, TextPlacer place, void* place_context) {
  int64_t size = -1;
  int fd = OpenLimited(path, limit, size, error);
  if (fd < 0) return false;
  FdCloser closer{fd};
  std::string buf;
  size_t used = 0;
  // A regular file is read at once, asking one byte more than its size: end of file, or
  // the file grew (then the rest is read as from a pipe).
  if (size >= 0) {
    auto expected = static_cast<size_t>(size);
    bool big = size >= static_cast<int64_t>(BigBuffer::kHugePage);
    char* data = nullptr;
    BigBuffer buffer;
    try {
      if (big) {
        buffer = BigBuffer(expected + 1 + padding);  // zeroed: the padding is in place
        data = buffer.data();
      } else if (place != nullptr) {
        data = place(place_context, expected + 1 + padding);
      }
    } catch (const std::bad_alloc&) {
      error = "out of memory";
      return false;
    }
    if (data != nullptr) {
      int64_t n = ReadInto(fd, data, expected + 1, error);
      if (n < 0) return false;
      used = static_cast<size_t>(n);
      if (used <= expected) {
        if (big) {
          out = SourceText(std::move(buffer), used);
        } else {
          std::memset(data + used, 0, expected + 1 + padding - used);
          out = SourceText::Borrowed(data, used, expected + 1 + padding - used);
        }
        return true;
      }
      buf.assign(data, used);
    }
  }
  size_t hint = size >= 0 ? static_cast<size_t>(size) + 1 : 64 * 1024;
  if (!ReadRest(fd, limit, padding, stop_at_nul, hint, buf, used, error)) return false;
  out = SourceText(std::move(buf));
  return true;
}

bool ReadFile(const std::string& path, std::string& out, std::string& error) {
  return ReadFileLimited(path, kMaxPolicyFileBytes, 0, false, out, error);
}

}  // namespace srm::rt
