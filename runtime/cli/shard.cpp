#include "runtime/cli/shard.h"

#include <charconv>
#include <filesystem>
#include <functional>
#include <queue>
#include <utility>

namespace srm::rt {

std::vector<std::string> ShardByNames() { return {"file", "resource"}; }

const char* ShardByName(ShardBy by) { return by == ShardBy::kResource ? "resource" : "file"; }

namespace {

constexpr uint32_t kMaxShards = 100000;

// A decimal number that is all of `text`.
bool ParseNumber(std::string_view text, uint32_t& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

bool ParseShard(std::string_view text, ShardSpec& out, std::string& error) {
  size_t slash = text.find('/');
  uint32_t k = 0, n = 0;
  if (slash == std::string_view::npos || !ParseNumber(text.substr(0, slash), k) ||
      !ParseNumber(text.substr(slash + 1), n)) {
    error =
        "'" + std::string(text) + "' is not K/N (the 0-based shard index K of N shards, e.g. 0/4)";
    return false;
  }
  if (n == 0 || n > kMaxShards) {
    error = "'" + std::string(text) + "': N must be 1 to " + std::to_string(kMaxShards);
    return false;
  }
  if (k >= n) {
    error = "'" + std::string(text) + "': K is 0-based and must be less than N (0 to " +
            std::to_string(n - 1) + ")";
    return false;
  }
  out.index = k;
  out.count = n;
  return true;
}

std::vector<ShardFile> PlanShard(const std::vector<std::string>& files,
                                 const std::vector<uint64_t>& sizes, const ShardSpec& spec) {
  std::vector<ShardFile> plan;
  if (!spec.enabled()) {
    for (size_t i = 0; i < files.size(); ++i) plan.push_back({files[i], false, sizes[i]});
    return plan;
  }
  uint64_t total = 0;  // files are at most 4 GiB (LoadLimits): no overflow
  for (uint64_t size : sizes) total += size;
  // (bytes given so far, shard) of every shard, the lightest (then the lowest index) on top.
  using Load = std::pair<uint64_t, uint32_t>;
  std::priority_queue<Load, std::vector<Load>, std::greater<>> shards;
  for (uint32_t s = 0; s < spec.count; ++s) shards.emplace(0, s);
  for (size_t i = 0; i < files.size(); ++i) {
    if (spec.by == ShardBy::kResource || sizes[i] * spec.count > total) {
      // A split file gives every shard the same share: it does not change which shard is
      // the lightest, so it is left out of the loads.
      plan.push_back({files[i], true, sizes[i]});
      continue;
    }
    auto [given, lightest] = shards.top();
    shards.pop();
    shards.emplace(given + sizes[i], lightest);
    if (lightest == spec.index) plan.push_back({files[i], false, sizes[i]});
  }
  return plan;
}

ResourceRange ShardResources(uint32_t count, const ShardSpec& spec) {
  if (!spec.enabled()) return {0, count};
  auto at = [&](uint64_t k) { return static_cast<uint32_t>(uint64_t{count} * k / spec.count); };
  return {at(spec.index), at(spec.index + 1)};
}

std::vector<uint64_t> FileSizes(const std::vector<std::string>& files) {
  std::vector<uint64_t> sizes;
  for (const std::string& path : files) {
    std::error_code error;
    uintmax_t size = std::filesystem::file_size(path, error);
    sizes.push_back(error ? 0 : static_cast<uint64_t>(size));
  }
  return sizes;
}

bool ParseShardOptions(const std::string& text, const std::string& by, ShardSpec& shard,
                       std::string& error) {
  if (text.empty()) return true;
  if (!ParseShard(text, shard, error)) {
    error = "--shard " + error;
    return false;
  }
  shard.by = by == ShardByName(ShardBy::kResource) ? ShardBy::kResource : ShardBy::kFile;
  return true;
}

bool CheckShardable(const Inventory& inventory, const ShardSpec& shard, std::string& error) {
  if (shard.by != ShardBy::kFile || shard.count == 1) return true;
  for (const Resource& r : inventory.resources()) {
    if (r.ref_key.empty()) continue;
    error = "--shard-by file: '" + inventory.file(r.file).path() +
            "' relates its resources to those of other files (AWS Config); shard it with "
            "--shard-by resource";
    return false;
  }
  return true;
}

}  // namespace srm::rt
