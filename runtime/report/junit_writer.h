// The JUnit XML report (docs/reports.md): a <testsuite> per control, a <testcase> per resource
// (stable names), <failure>/<error>/<skipped> from the findings. XML escaping lives here.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "runtime/report/report.h"
#include "runtime/report/report_out.h"
#include "runtime/report/report_stream.h"

namespace srm::rt {

// The suites wait for the totals (the root element's attributes) in memory up to `spill_bytes`,
// then in a temporary file.
inline constexpr size_t kJunitSpillBytes = size_t{4} << 20;
std::unique_ptr<ReportStream> OpenJunitStream(ReportOut& out,
                                              size_t spill_bytes = kJunitSpillBytes);
std::string RenderJunit(const Report& report,
                        size_t spill_bytes = kJunitSpillBytes);  // into a string

// `s` as XML 1.0 character data or a double-quoted attribute value: & < > " as entities; tab, LF
// and CR as character references (kept in attributes); other characters XML 1.0 cannot hold (C0
// controls, U+FFFE, U+FFFF) as the text "\xNN" / "\uFFFE"; bytes that are not UTF-8 as U+FFFD.
std::string XmlEscape(std::string_view s);

}  // namespace srm::rt
