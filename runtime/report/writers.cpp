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
       [](const Report& r, const RenderOptions& o) { return RenderText(r, o.color, o.show_all); }},
      {"json", {".json"}, [](const Report& r, const RenderOptions&) { return RenderJson(r); }},
      {"sarif",
       {".sarif", ".sarif.json"},
       [](const Report& r, const RenderOptions& o) {
         SarifOptions sarif;
         sarif.warnings = o.warnings;
         sarif.absent = o.absent;
         return RenderSarif(r, sarif);
       }},
      {"junit", {".xml"}, [](const Report& r, const RenderOptions&) { return RenderJunit(r); }},
  };
  return kWriters;
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
