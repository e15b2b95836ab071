#include "runtime/support/big_buffer.h"

#include <sys/mman.h>

#include <cstdint>
#include <new>
#include <utility>

namespace srm::rt {

BigBuffer::BigBuffer(size_t bytes) {
  if (bytes == 0) return;
  bool huge = bytes >= kHugePage;
  // A huge-page buffer is mapped one huge page larger, then trimmed to an aligned start.
  size_t rounded = huge ? (bytes + kHugePage - 1) / kHugePage * kHugePage : bytes;
  size_t mapped = huge ? rounded + kHugePage : rounded;
  if (mapped < bytes) throw std::bad_alloc();  // overflow
  void* p = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  auto start = reinterpret_cast<uintptr_t>(p);
  if (huge) {
    uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
    size_t head = aligned - start;
    size_t tail = mapped - head - rounded;
    if (head != 0) ::munmap(p, head);
    if (tail != 0) ::munmap(reinterpret_cast<void*>(aligned + rounded), tail);
    p = reinterpret_cast<void*>(aligned);
    mapped = rounded;
    // Advice only: without transparent huge pages the buffer works with 4 KiB pages.
    ::madvise(p, mapped, MADV_HUGEPAGE);
  }
  mapping_ = p;
  mapped_ = mapped;
  data_ = static_cast<char*>(p);
  size_ = bytes;
}

BigBuffer::BigBuffer(BigBuffer&& other) noexcept
    : mapping_(std::exchange(other.mapping_, nullptr)),
      mapped_(std::exchange(other.mapped_, 0)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

BigBuffer& BigBuffer::operator=(BigBuffer&& other) noexcept {
  if (this != &other) {
    Release();
    mapping_ = std::exchange(other.mapping_, nullptr);
    mapped_ = std::exchange(other.mapped_, 0);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

BigBuffer::~BigBuffer() { Release(); }

void BigBuffer::Release() {
  if (mapping_ != nullptr) ::munmap(mapping_, mapped_);
  mapping_ = nullptr;
  mapped_ = 0;
  data_ = nullptr;
  size_ = 0;
}

}  // namespace srm::rt
