// `srm merge`: joins the reports of the N shards of one `srm check --shard K/N` run into the
// report the unsharded run gives (docs/scale-out.md), which any writer then renders: the same
// bytes, because the writers are the same.
#pragma once

#include <string>
#include <vector>

#include "runtime/report/report.h"

namespace srm::rt {

// Joins `shards` (read by ReadJsonReport from `paths`, parallel) into `out`. They must be the N
// shards of one run, each once, in any order: the same N, --shard-by, version, --fail-on,
// --allow-soft, --baseline or not, inventories and controls. The findings are ordered as one
// run orders them (FindingLess: shards check disjoint resources); a control's "no resources"
// SKIP is kept only when no shard checked a resource of it; the FAIL finding of an expired
// waiver, which every shard that saw the waiver reports, is kept once; unmodelled counts are
// added. False with `error` naming the report that does not fit.
bool MergeShardReports(std::vector<Report>& shards, const std::vector<std::string>& paths,
                       Report& out, std::string& error);

}  // namespace srm::rt
