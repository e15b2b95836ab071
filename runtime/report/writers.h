// The report formats `--format` offers, one row each: adding a format is one writer file plus
// one row in writers.cpp. Every writer renders the same model (report.h) deterministically.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/report/report.h"
#include "runtime/report/report_out.h"
#include "runtime/report/report_stream.h"

namespace srm::rt {

struct RenderOptions {
  bool color = false;  // ANSI colours (formats meant for a terminal)
  // Where a writer says what the user should know about its output (results it had to leave
  // out, ...): the caller prints each as "warning: ..." on stderr. May be null.
  std::vector<std::string>* warnings = nullptr;
  bool show_all = true;  // list PASS and SKIP findings too (`--show all`; text only)
  // `--baseline`: the failing findings of the baseline that the report no longer has (MarkAbsent,
  // runtime/cli/check_rules.h); SARIF lists them as results with baselineState "absent", the
  // other formats do not. May be null; read when the stream ends (ReportStream::End).
  const std::vector<Finding>* absent = nullptr;
};

struct ReportWriter {
  const char* name;  // as given to --format
  // File name endings that select this format for --output (longest match wins), e.g. ".json".
  std::vector<std::string_view> extensions;
  // A stream that writes the report to `out` as its findings arrive (a report of any size
  // needs no copy in memory). `options` must outlive it.
  std::unique_ptr<ReportStream> (*open)(const RenderOptions& options, ReportOut& out);
  // A whole report (StreamReport through open()).
  void Write(const Report& report, const RenderOptions& options, ReportOut& out) const;
  std::string Render(const Report& report, const RenderOptions& options) const;  // into a string
};

// In the order --help lists them; the first is the default.
const std::vector<ReportWriter>& ReportWriters();
// The writer called `name`, or nullptr.
const ReportWriter* FindReportWriter(std::string_view name);
std::vector<std::string> ReportFormatNames();
// The writer whose extension ends `path` (the longest one that matches), or nullptr.
const ReportWriter* FindReportWriterForPath(std::string_view path);

}  // namespace srm::rt
