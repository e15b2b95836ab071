// Large zeroed buffers straight from the kernel: a buffer of 2 MiB or more is 2 MiB-aligned and
// advised for transparent huge pages, so filling it takes one page fault per 2 MiB instead of
// one per 4 KiB. Used for inventory file texts and the value arena's large blocks.
#pragma once

#include <cstddef>

namespace srm::rt {

class BigBuffer {
 public:
  // Buffers below this size gain nothing from huge pages.
  static constexpr size_t kHugePage = size_t{2} << 20;

  BigBuffer() = default;
  // `bytes` zeroed bytes; throws std::bad_alloc when the kernel refuses the mapping.
  explicit BigBuffer(size_t bytes);
  BigBuffer(BigBuffer&& other) noexcept;
  BigBuffer& operator=(BigBuffer&& other) noexcept;
  BigBuffer(const BigBuffer&) = delete;
  BigBuffer& operator=(const BigBuffer&) = delete;
  ~BigBuffer();

  char* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  void Release();

  void* mapping_ = nullptr;  // what munmap gets
  size_t mapped_ = 0;
  char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace srm::rt
