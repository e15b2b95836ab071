// The JSON report, written with RapidJSON: {"findings":[...],"summary":{...},"unmodelled":{...}}
// in a fixed layout (one finding per block, a few members per line), followed by a newline.
#pragma once

#include <string>

#include "runtime/report/report.h"

namespace srm::rt {

std::string RenderJson(const Report& report);

}  // namespace srm::rt
