// `srm report --framework F`: the findings of a check run grouped by the framework's
// requirements, with a status per requirement (met, met with waivers, not met, attested, not
// assessed), as Markdown, self-contained HTML or JSON (docs/reports.md, srm report).
#pragma once

#include <string>
#include <vector>

#include "runtime/report/frameworks.h"
#include "runtime/report/report.h"

namespace srm::rt {

enum class RequirementStatus : uint8_t {
  kNotMet,
  kMet,
  kMetWithWaivers,  // its only FAIL and ERROR findings are waived
  kAttested,
  kNotAssessed
};
const char* RequirementStatusName(RequirementStatus s);  // "not met", "met (with waivers)", ...

// One control that maps a requirement, with its verdict counts on the inventories.
struct RequirementControl {
  std::string id, title;
  uint32_t pass = 0, fail = 0, error = 0, skip = 0, waived = 0;
};

struct RequirementResult {
  const Requirement* requirement = nullptr;
  RequirementStatus status = RequirementStatus::kNotAssessed;
  std::vector<RequirementControl> controls;  // by id
  std::vector<const Finding*> failures;      // its FAIL and ERROR findings, in report order
  std::vector<const Finding*> waived;        // its WAIVED findings, in report order
};

struct FrameworkReport {
  const Framework* framework = nullptr;
  std::vector<std::string> inventories;
  std::vector<RequirementResult> requirements;  // in declaration order
  // The FAIL findings of waivers past their date (control kWaiverExpiredId) whose control
  // pattern matches a control of the framework, in report order.
  std::vector<const Finding*> expired_waivers;
  uint32_t Count(RequirementStatus s) const;
};

// Groups `report` (a check run of the controls that map the framework, sorted, waivers applied)
// by requirement. A requirement is not met when a control that maps it has a FAIL or ERROR
// finding, met with waivers when it has none but WAIVED ones, met when they have a PASS and
// none of those, else attested when a party's attestation covers it, else not assessed.
// `report` must outlive the result.
FrameworkReport BuildFrameworkReport(const Framework& framework, const Report& report,
                                     const std::vector<const ControlMeta*>& controls);

std::vector<std::string> FrameworkReportFormats();  // md, html, json
std::string RenderFrameworkReport(const FrameworkReport& r, const std::string& format);

}  // namespace srm::rt
