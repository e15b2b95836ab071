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

std::unique_ptr<ReportStream> OpenJunitStream(ReportOut& out);
std::string RenderJunit(const Report& report);  // into a string

// `s` as XML 1.0 character data or a double-quoted attribute value: & < > " as entities; tab, LF
// and CR as character references (kept in attributes); other characters XML 1.0 cannot hold (C0
// controls, U+FFFE, U+FFFF) as the text "\xNN" / "\uFFFE"; bytes that are not UTF-8 as U+FFFD.
std::string XmlEscape(std::string_view s);

}  // namespace srm::rt
