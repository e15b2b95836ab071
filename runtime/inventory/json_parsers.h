// simdjson parsers reused across the inventory files one thread loads: allocating a parser's
// buffers for each of 10,000 small templates was a tenth of loading them. One per role; a role
// already in use on the thread (a load inside a load) gets a parser of its own.
#pragma once

#include <simdjson.h>

#include <algorithm>
#include <cstddef>

namespace srm::rt::detail {

class ReusedParser {
 public:
  enum Role { kWholeFile, kProperties, kRoles };
  // Buffers for documents up to this size are kept after use; larger ones are freed (peak
  // memory: a large file's whole-file index is freed before its values are built).
  static constexpr size_t kKeepBytes = size_t{1} << 20;

  explicit ReusedParser(Role role) : role_(role), shared_(!InUse()[role]) {
    if (shared_) InUse()[role] = true;
  }
  ReusedParser(const ReusedParser&) = delete;
  ReusedParser& operator=(const ReusedParser&) = delete;
  ~ReusedParser() {
    Release();
    if (shared_) InUse()[role_] = false;
  }

  simdjson::ondemand::parser& get() { return shared_ ? Shared()[role_] : own_; }
  // Room for `bytes` of JSON nested up to `depth` (simdjson reallocates on any change of
  // capacity: grown only, geometrically).
  simdjson::error_code Reserve(size_t bytes, size_t depth) {
    simdjson::ondemand::parser& p = get();
    if (p.capacity() >= bytes && p.max_depth() == depth) return simdjson::SUCCESS;
    size_t capacity = p.capacity() < bytes ? std::max(bytes, 2 * p.capacity()) : p.capacity();
    return p.allocate(capacity, depth);
  }
  // Frees the buffers unless they are small enough to keep for the next file.
  void Release() {
    if (get().capacity() > kKeepBytes) get() = simdjson::ondemand::parser{};
  }

 private:
  static bool* InUse() {
    static thread_local bool in_use[kRoles] = {};
    return in_use;
  }
  static simdjson::ondemand::parser* Shared() {
    static thread_local simdjson::ondemand::parser parsers[kRoles];
    return parsers;
  }

  Role role_;
  bool shared_;
  simdjson::ondemand::parser own_;
};

}  // namespace srm::rt::detail
