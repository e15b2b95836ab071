// `srm check --shard K/N`: which part of the inventory files one of N shards checks
// (docs/scale-out.md). Every shard computes the same plan from the same file list and sizes, so
// the N shards together check every resource exactly once; `srm merge` joins their reports.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/inventory/inventory.h"

namespace srm::rt {

// How files are shared out (--shard-by): kFile gives each file to one shard, except that a file
// larger than a shard's fair share of the bytes is split by resource among all shards;
// kResource splits every file by resource (every shard loads every file: exact also when
// resources relate across files, as AWS Config snapshots' do).
enum class ShardBy : uint8_t { kFile, kResource };

struct ShardSpec {
  uint32_t index = 0;  // K: 0-based, 0 <= K < N
  uint32_t count = 0;  // N; 0: not sharded
  ShardBy by = ShardBy::kFile;
  bool enabled() const { return count != 0; }
};

// The names --shard-by takes, in the order of ShardBy.
std::vector<std::string> ShardByNames();
const char* ShardByName(ShardBy by);

// Parses "K/N" (decimal, 0 <= K < N, 1 <= N <= 100000) into `out`; false with a message.
bool ParseShard(std::string_view text, ShardSpec& out, std::string& error);

// --shard TEXT and --shard-by BY (ShardByNames) into `out`; an unsharded spec when TEXT is empty.
// False with a message ("--shard '...': ...").
bool ParseShardOptions(const std::string& text, const std::string& by, ShardSpec& out,
                       std::string& error);

// One inventory file in a shard's plan.
struct ShardFile {
  std::string path;
  bool split = false;  // split by resource: this shard checks ResourceRange of its resources
  uint64_t size = 0;   // in bytes (as given to PlanShard)
};

// The files shard `spec.index` loads, in the order of `files` (the expanded, deduplicated
// inventory files; `sizes` their sizes in bytes, parallel to `files`). With kFile, a file whose
// size times N exceeds the total size is split (every shard loads it); every other file goes
// whole, in order, to the shard with the fewest bytes given so far (ties: the lowest index).
std::vector<ShardFile> PlanShard(const std::vector<std::string>& files,
                                 const std::vector<uint64_t>& sizes, const ShardSpec& spec);

// The sizes of `files` in bytes, for PlanShard (0 for a file that cannot be read: the shard that
// loads it says why).
std::vector<uint64_t> FileSizes(const std::vector<std::string>& files);

// The resources a shard checks of a split file with `count` resources, as positions in the
// file's load order: [first, end), the shard's contiguous 1/N (count*K/N to count*(K+1)/N).
struct ResourceRange {
  uint32_t first = 0, end = 0;
};
ResourceRange ShardResources(uint32_t count, const ShardSpec& spec);

// False with a message when shards by file would miss references between files: AWS Config
// snapshots relate resources across files (Resource::ref_key), so `--shard-by file` refuses
// them. True for `--shard-by resource` and a single shard.
bool CheckShardable(const Inventory& inventory, const ShardSpec& shard, std::string& error);

}  // namespace srm::rt
