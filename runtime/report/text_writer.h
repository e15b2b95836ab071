// The human-readable report: findings grouped by control, one line per finding, then the
// summary. Every value taken from policies or inventories is escaped, so data cannot add lines.
#pragma once

#include <string>

#include "runtime/report/report.h"

namespace srm::rt {

// ANSI colours when `color`.
std::string RenderText(const Report& report, bool color);

}  // namespace srm::rt
