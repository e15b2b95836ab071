// The JSON report, version 3 (docs/reports.md), written with RapidJSON: {"version": 3,
// "controls": {id: metadata}, "findings": [...], "summary": {...}, "unmodelled": {...}} in a fixed
// layout (one finding per block, a few members per line), followed by a newline.
#pragma once

#include <memory>
#include <string>

#include "runtime/report/json_layout.h"
#include "runtime/report/report.h"
#include "runtime/report/report_stream.h"

namespace srm::rt {

constexpr uint32_t kJsonReportVersion = 4;

// The JSON report written to `out` as its findings arrive.
std::unique_ptr<ReportStream> OpenJsonStream(ReportOut& out);
std::string RenderJson(const Report& report);  // into a string

// {"file": ..., "line": ..., "column": ...} (plus "end_line"/"end_column" when known), or null
// for an empty location.
void WriteJsonLocation(const Location& where, LayoutWriter& w);

// The controls that have findings in `report`, each once, by id.
std::vector<const ControlMeta*> ReportControls(const Report& report);

}  // namespace srm::rt
