// `srm list` and a checker's `--list`: the controls of a table with their metadata, as an aligned
// text table or as JSON (RapidJSON). Values from policies are escaped as in the text report.
#pragma once

#include <string>
#include <vector>

#include "runtime/eval/control_table.h"

namespace srm::rt {

// The --format choices of a control list: "text" (the default), "json".
std::vector<std::string> ControlListFormatNames();

// The list of `table`'s controls in `format` (one of ControlListFormatNames()).
std::string RenderControlList(const ControlTable& table, const std::string& format);

}  // namespace srm::rt
