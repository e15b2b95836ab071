// `srm matrix --format html`: the responsibility matrix as one self-contained page (no network:
// inline CSS and script) for people: a colour per party, sticky headers, filters by category,
// framework and party, and a search box over services, duties and controls.
#pragma once

#include <string>

#include "runtime/report/matrix.h"

namespace srm::rt {

std::string RenderMatrixHtml(const ResponsibilityMatrix& matrix);

}  // namespace srm::rt
