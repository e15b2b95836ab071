// A report rendered while its findings arrive: the head (everything but the findings, known
// before evaluation), the findings one control at a time in report order, then the counts. Every
// writer is a ReportStream; a whole Report goes through the same path (StreamReport).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/report/report.h"
#include "runtime/report/report_out.h"

namespace srm::rt {

// The summary of a report: findings per status, and those marked baseline.
struct ReportCounts {
  std::array<uint32_t, kStatusCount> by_status{};
  uint32_t baseline = 0;
  void Add(const Finding& f) {
    ++by_status[static_cast<size_t>(f.status)];
    if (f.baseline) ++baseline;
  }
  uint32_t Of(Status s) const { return by_status[static_cast<size_t>(s)]; }
};

class ReportStream {
 public:
  virtual ~ReportStream() = default;
  // `head`: the report's metadata (inventories, unmodelled, has_baseline, shard; its findings
  // are not read); it lives until End, and its `unmodelled` (known after the evaluation) may be
  // filled in before End, which is when writers read it. `controls`: every control that will
  // have findings, each once, by id.
  virtual void Begin(const Report& head, const std::vector<const ControlMeta*>& controls) = 0;
  // The findings of one control, in report order (FindingLess); a control's findings come in one
  // call, controls in order of id. Valid during the call only.
  virtual void Findings(const std::vector<const Finding*>& findings) = 0;
  virtual void End(const ReportCounts& counts) = 0;
};

// Streams `report` (its findings in report order: Report::Sort's, sorted here when they are not).
void StreamReport(const Report& report, ReportStream& stream);

// `report` as a string, streamed through the stream `open` makes (writers' Render* functions).
using OpenStream = std::function<std::unique_ptr<ReportStream>(ReportOut& out)>;
std::string RenderReport(const Report& report, const OpenStream& open);

}  // namespace srm::rt
