#include "runtime/report/merge.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace srm::rt {
namespace {

bool SameLocation(const Location& a, const Location& b) {
  return std::tie(a.file, a.line, a.column, a.end_line, a.end_column) ==
         std::tie(b.file, b.line, b.column, b.end_line, b.end_column);
}

bool SameFrameworks(const std::vector<FrameworkRef>& a, const std::vector<FrameworkRef>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const FrameworkRef& x, const FrameworkRef& y) {
                      return x.framework == y.framework && x.reference == y.reference;
                    });
}

// Everything a writer renders of a control.
bool SameControl(const ControlMeta& a, const ControlMeta& b) {
  return std::tie(a.id, a.title, a.description, a.remediation, a.resource_types, a.service, a.layer,
                  a.owner, a.severity, a.enforcement) ==
             std::tie(b.id, b.title, b.description, b.remediation, b.resource_types, b.service,
                      b.layer, b.owner, b.severity, b.enforcement) &&
         SameFrameworks(a.frameworks, b.frameworks) && SameLocation(a.location, b.location);
}

// The controls of a report by id, without the expired-waiver control (only shards that saw an
// expired waiver have it).
std::map<std::string, const ControlMeta*> Controls(const Report& report) {
  std::map<std::string, const ControlMeta*> out;
  for (const Finding& f : report.findings)
    if (f.control->id != kWaiverExpiredId) out.emplace(f.control->id, f.control.get());
  return out;
}

bool IsNoResourceSkip(const Finding& f) {
  return f.status == Status::kSkip && f.resource.empty() && f.control->id != kWaiverExpiredId;
}

// What differs between the run of `a` and that of `b` (both sharded), or "".
std::string RunDifference(const Report& a, const Report& b) {
  const ShardInfo &x = *a.shard, &y = *b.shard;
  if (x.count != y.count)
    return "is shard " + std::to_string(y.index) + " of " + std::to_string(y.count) + ", not of " +
           std::to_string(x.count);
  if (x.by != y.by) return "was split by " + y.by + ", not by " + x.by;
  if (x.version != y.version) return "was written by " + y.version + ", not " + x.version;
  if (x.fail_on != y.fail_on || x.allow_soft != y.allow_soft)
    return "was run with other --fail-on or --allow-soft options";
  if (a.has_baseline != b.has_baseline) return "was run with or without --baseline unlike";
  if (a.inventories != b.inventories) return "was run on other inventory files";
  std::map<std::string, const ControlMeta*> ca = Controls(a), cb = Controls(b);
  if (ca.size() != cb.size() ||
      !std::equal(ca.begin(), ca.end(), cb.begin(), [](const auto& p, const auto& q) {
        return p.first == q.first && SameControl(*p.second, *q.second);
      }))
    return "checked other controls (other policies, versions, --control or --profile)";
  return "";
}

}  // namespace

bool MergeShardReports(std::vector<Report>& shards, const std::vector<std::string>& paths,
                       Report& out, std::string& error) {
  if (shards.empty()) {
    error = "no report to merge";
    return false;
  }
  for (size_t i = 0; i < shards.size(); ++i) {
    if (!shards[i].shard) {
      error = paths[i] +
              ": error: not the report of a shard (no \"shard\" member: write it with srm check "
              "--shard K/N --format json)";
      return false;
    }
  }
  const uint32_t n = shards[0].shard->count;
  std::vector<int> seen(n, -1);  // shard index -> position in `shards`
  for (size_t i = 0; i < shards.size(); ++i) {
    if (std::string why = RunDifference(shards[0], shards[i]); !why.empty()) {
      error = paths[i] + ": error: not a shard of the run of " + paths[0] + ": it " + why;
      return false;
    }
    uint32_t k = shards[i].shard->index;
    if (k >= n || seen[k] >= 0) {
      error = paths[i] + ": error: shard " + std::to_string(k) + " of " + std::to_string(n) +
              (k >= n ? " is out of range" : " is also " + paths[seen[k]]);
      return false;
    }
    seen[k] = static_cast<int>(i);
  }
  std::string missing;
  for (uint32_t k = 0; k < n; ++k)
    if (seen[k] < 0) missing += (missing.empty() ? "" : ", ") + std::to_string(k);
  if (!missing.empty()) {
    error = "error: the shards " + missing + " of " + std::to_string(n) + " are missing";
    return false;
  }

  out = Report{};
  out.inventories = shards[0].inventories;
  out.has_baseline = shards[0].has_baseline;
  std::map<std::string, Finding> skips;  // control id -> its "no resources" SKIP
  std::set<std::string> checked;         // controls some shard checked a resource of
  std::set<std::tuple<std::string, std::string, std::string>> expired;
  for (uint32_t k = 0; k < n; ++k) {
    Report& shard = shards[seen[k]];
    for (const auto& [type, count] : shard.unmodelled) out.unmodelled[type] += count;
    for (Finding& f : shard.findings) {
      if (IsNoResourceSkip(f)) {
        skips.emplace(f.control->id, std::move(f));
        continue;
      }
      if (f.control->id == kWaiverExpiredId &&
          !expired.emplace(f.resource, FormatLocation(f.location), f.message).second)
        continue;
      checked.insert(f.control->id);
      out.findings.push_back(std::move(f));
    }
  }
  for (auto& [id, skip] : skips)
    if (checked.count(id) == 0) out.findings.push_back(std::move(skip));
  // Shards check disjoint resources, so the findings that FindingLess ties (one resource's)
  // come from one shard, in its order: the order of one run.
  std::stable_sort(out.findings.begin(), out.findings.end(), FindingLess);
  return true;
}

}  // namespace srm::rt
