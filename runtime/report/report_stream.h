// A report rendered while its findings arrive: the head (everything but the findings, known
// before evaluation), the findings one control at a time in report order, then the counts. Every
// writer is a ReportStream; a whole Report goes through the same path (StreamReport).
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/report/report.h"

namespace srm::rt {

// The summary of a report: findings per status, and those marked baseline.
struct ReportCounts {
  uint32_t pass = 0, fail = 0, skip = 0, error = 0, waived = 0, baseline = 0;
  void Add(const Finding& f);
  uint32_t Of(Status s) const;
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

}  // namespace srm::rt
