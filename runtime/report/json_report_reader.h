// Reads a JSON report of `srm check` (json_writer.h) back into the report model, so that the
// writers can render it again: `srm merge` joins the JSON reports of shards this way
// (docs/scale-out.md). The report must be of this version of the JSON layout.
#pragma once

#include <string>
#include <string_view>

#include "runtime/report/report.h"

namespace srm::rt {

// Parses `text`, the JSON report in file `path` (for messages), into `out`. False with `error`
// ("PATH: error: ...") when it is not JSON or not a JSON report of this version.
bool ParseJsonReport(std::string_view text, const std::string& path, Report& out,
                     std::string& error);

// Reads and parses the file `path`.
bool ReadJsonReport(const std::string& path, Report& out, std::string& error);

}  // namespace srm::rt
