#include "runtime/report/writers.h"

#include "runtime/report/json_writer.h"
#include "runtime/report/junit_writer.h"
#include "runtime/report/sarif_writer.h"
#include "runtime/report/text_writer.h"

namespace srm::rt {

const std::vector<ReportWriter>& ReportWriters() {
  static const std::vector<ReportWriter> kWriters = {
      {"text",
       {".txt"},
       [](const RenderOptions& o, ReportOut& out) {
         return OpenTextStream(o.color, o.show_all, out);
       }},
      {"json", {".json"}, [](const RenderOptions&, ReportOut& out) { return OpenJsonStream(out); }},
      {"sarif",
       {".sarif", ".sarif.json"},
       [](const RenderOptions& o, ReportOut& out) {
         SarifOptions sarif;
         sarif.warnings = o.warnings;
         sarif.absent = o.absent;
         return OpenSarifStream(sarif, out);
       }},
      {"junit",
       {".xml"},
       [](const RenderOptions&, ReportOut& out) { return OpenJunitStream(out); }},
  };
  return kWriters;
}

void ReportWriter::Write(const Report& report, const RenderOptions& options, ReportOut& out) const {
  StreamReport(report, *open(options, out));
}

std::string ReportWriter::Render(const Report& report, const RenderOptions& options) const {
  return RenderReport(report, [&](ReportOut& out) { return open(options, out); });
}

const ReportWriter* FindReportWriter(std::string_view name) {
  for (const ReportWriter& w : ReportWriters()) {
    if (name == w.name) return &w;
  }
  return nullptr;
}

std::vector<std::string> ReportFormatNames() {
  std::vector<std::string> names;
  for (const ReportWriter& w : ReportWriters()) names.emplace_back(w.name);
  return names;
}

const ReportWriter* FindReportWriterForPath(std::string_view path) {
  const ReportWriter* best = nullptr;
  size_t best_size = 0;
  for (const ReportWriter& w : ReportWriters()) {
    for (std::string_view ext : w.extensions) {
      bool ends = path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext;
      if (ends && ext.size() > best_size) {
        best = &w;
        best_size = ext.size();
      }
    }
  }
  return best;
}

}  // namespace srm::rt
