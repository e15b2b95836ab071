// The human-readable report: findings grouped by control, one line per finding, then the
// summary (`--show fail|all`: docs/cli.md). Every value taken from policies or inventories is
// escaped, so data cannot add lines.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "runtime/report/report.h"
#include "runtime/report/report_out.h"
#include "runtime/report/report_stream.h"

namespace srm::rt {

// ANSI colours when `color`. With `show_all` every finding is listed; without, only FAIL and
// ERROR findings (and the controls that have some) are, PASS and SKIP are counted in the summary.
std::unique_ptr<ReportStream> OpenTextStream(bool color, bool show_all, ReportOut& out);
std::string RenderText(const Report& report, bool color, bool show_all = true);  // into a string

// `s` with control characters (C0, DEL and the UTF-8 encoded C1 range, which terminals read as
// escape sequences or line breaks) shown as \xNN: how every value from a policy or inventory is
// written to a terminal.
std::string EscapeText(std::string_view s);

}  // namespace srm::rt
