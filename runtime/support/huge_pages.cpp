#include "runtime/support/huge_pages.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <new>

#include "runtime/support/big_buffer.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SRM_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define SRM_SANITIZED 1
#endif
#endif

namespace srm::rt {

void* AdviseHugePages(void* p, size_t bytes) {
  if (p == nullptr || bytes < kAdviseBytes) return p;
  constexpr uintptr_t kMask = BigBuffer::kHugePage - 1;
  uintptr_t begin = (reinterpret_cast<uintptr_t>(p) + kMask) & ~kMask;
  uintptr_t end = (reinterpret_cast<uintptr_t>(p) + bytes) & ~kMask;
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  return p;
}

#ifdef SRM_SANITIZED
bool HugePageAllocation() { return false; }
#else
bool HugePageAllocation() { return true; }
#endif

}  // namespace srm::rt

#ifndef SRM_SANITIZED
// The replaceable allocation functions ([new.delete]): malloc and free, as libstdc++'s own, plus
// the advice. simdjson's parser buffers (new[]) and SRM's large vectors come through here. The
// aligned forms are not replaced (libstdc++'s pair them with its own delete).
namespace {

void* Allocate(size_t bytes) {
  if (bytes == 0) bytes = 1;
  for (;;) {
    if (void* p = std::malloc(bytes)) return srm::rt::AdviseHugePages(p, bytes);
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void* AllocateNoThrow(size_t bytes) noexcept {
  try {
    return Allocate(bytes);
  } catch (...) {
    return nullptr;
  }
}

}  // namespace

void* operator new(size_t bytes) { return Allocate(bytes); }
void* operator new[](size_t bytes) { return Allocate(bytes); }
void* operator new(size_t bytes, const std::nothrow_t&) noexcept { return AllocateNoThrow(bytes); }
void* operator new[](size_t bytes, const std::nothrow_t&) noexcept {
  return AllocateNoThrow(bytes);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
#endif
