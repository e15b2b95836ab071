// `srm list` and a checker's `--list`: the controls of a table with their metadata, as an aligned
// text table, as JSON (RapidJSON) or as a Markdown catalogue (docs/controls.md). Values from
// policies are escaped as in the text report (and for Markdown).
#pragma once

#include <string>
#include <vector>

#include "runtime/eval/control_table.h"

namespace srm::rt {

// The --format choices of a control list: "text" (the default), "json", "md".
std::vector<std::string> ControlListFormatNames();

// The list of `table`'s controls in `format` (one of ControlListFormatNames()).
std::string RenderControlList(const ControlTable& table, const std::string& format);

}  // namespace srm::rt
