#include "runtime/report/report_stream.h"

#include <algorithm>

#include "runtime/report/json_writer.h"

namespace srm::rt {

void StreamReport(const Report& report, ReportStream& stream) {
  std::vector<const Finding*> order;
  order.reserve(report.findings.size());
  ReportCounts counts;
  for (const Finding& f : report.findings) {
    order.push_back(&f);
    counts.Add(f);
  }
  auto less = [](const Finding* a, const Finding* b) { return FindingLess(*a, *b); };
  if (!std::is_sorted(order.begin(), order.end(), less))
    std::stable_sort(order.begin(), order.end(), less);
  stream.Begin(report, ReportControls(report));
  std::vector<const Finding*> batch;
  for (size_t i = 0; i < order.size();) {
    batch.clear();
    const std::string& id = order[i]->control->id;
    for (; i < order.size() && order[i]->control->id == id; ++i) batch.push_back(order[i]);
    stream.Findings(batch);
  }
  stream.End(counts);
}

std::string RenderReport(const Report& report, const OpenStream& open) {
  return WriteToString([&](ReportOut& out) { StreamReport(report, *open(out)); });
}

}  // namespace srm::rt
