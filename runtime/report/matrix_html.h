// `srm matrix --format html`: the responsibility matrix as one self-contained page (no network:
// inline CSS and script) for people: a colour per party, sticky headers, filters by category,
// framework and party, and a search box over services, duties and controls.
#pragma once

#include <string>

#include "runtime/report/matrix.h"

namespace srm::rt {

std::string RenderMatrixHtml(const ResponsibilityMatrix& matrix);

// A value from a policy as HTML text or attribute value: control characters as in the text
// report (\xNN), bytes that are not UTF-8 as U+FFFD, and the markup characters as references.
std::string HtmlText(std::string_view s);

}  // namespace srm::rt
