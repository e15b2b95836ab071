// Values from policies as Markdown: inline text that shows as written and cannot break a GFM
// table row, and identifiers as code spans. Shared by the Markdown outputs (`srm list --format
// md`, `srm matrix --format md`).
#pragma once

#include <string>
#include <string_view>

namespace srm::rt {

// Control characters as in the text report (\xNN), then every character that Markdown or a GFM
// table cell gives a meaning escaped with a backslash.
std::string MarkdownText(std::string_view s);

// An identifier-like value (control id, resource type) as a code span when it can be one, else
// as escaped text.
std::string MarkdownCode(std::string_view s);

}  // namespace srm::rt
