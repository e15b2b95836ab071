#include "runtime/inventory/load_support.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <new>

namespace srm::rt::detail {

bool ReadPaddedFile(const std::string& path, uint64_t limit, size_t padding, std::string& out,
                    std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = fmt::format("cannot read file: {}", std::strerror(errno));
    return false;
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    error = fmt::format("cannot read file: {}", std::strerror(errno));
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    error = "cannot read file: it is a directory";
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
        error = fmt::format("cannot read file: {}", std::strerror(errno));
        return false;
      }
      if (n == 0) break;
      const char* chunk = buf.data() + used;
      used += static_cast<size_t>(n);
      // Binary data: the text up to the NUL is enough to report it (and /dev/zero ends here).
      if (std::memchr(chunk, '\0', static_cast<size_t>(n)) != nullptr) break;
      if (used > limit) {
        error = fmt::format("file is more than the limit of {} bytes", limit);
        return false;
      }
    }
  } catch (const std::bad_alloc&) {
    error = "cannot read file: out of memory";
    return false;
  }
  buf.resize(used);  // keeps the capacity: the zeroed padding stays behind the text
  out = std::move(buf);
  return true;
}

uint32_t IdTable::Insert(std::string_view id, uint32_t offset) {
  if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
  size_t hash = std::hash<std::string_view>{}(id);
  size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint32_t slot = slots_[i];
    if (slot == 0) {
      entries_.push_back({hash, id, offset});
      slots_[i] = static_cast<uint32_t>(entries_.size());
      return kNoOffset;
    }
    const Entry& e = entries_[slot - 1];
    if (e.hash == hash && e.id == id) return e.offset;
  }
}

void IdTable::Grow() {
  slots_.assign(std::max<size_t>(64, slots_.size() * 2), 0);
  size_t mask = slots_.size() - 1;
  for (uint32_t k = 0; k < entries_.size(); ++k) {
    size_t i = entries_[k].hash & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = k + 1;
  }
}

}  // namespace srm::rt::detail
