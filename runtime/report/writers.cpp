#include "runtime/report/writers.h"

#include "runtime/report/json_writer.h"
#include "runtime/report/text_writer.h"

namespace srm::rt {

const std::vector<ReportWriter>& ReportWriters() {
  static const std::vector<ReportWriter> kWriters = {
      {"text",
       [](const Report& r, const RenderOptions& o) { return RenderText(r, o.color, o.show_all); }},
      {"json", [](const Report& r, const RenderOptions&) { return RenderJson(r); }},
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

}  // namespace srm::rt
