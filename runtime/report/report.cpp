#include "runtime/report/report.h"

#include <algorithm>
#include <tuple>

namespace srm::rt {

const char* StatusName(Status s) {
  switch (s) {
    case Status::kPass:
      return "PASS";
    case Status::kFail:
      return "FAIL";
    case Status::kSkip:
      return "SKIP";
    case Status::kError:
      return "ERROR";
    case Status::kWaived:
      return "WAIVED";
  }
  return "?";
}

const char* EnforcementName(Enforcement e) {
  switch (e) {
    case Enforcement::kNone:
      return "";
    case Enforcement::kAdvisory:
      return "advisory";
    case Enforcement::kSoft:
      return "soft";
    case Enforcement::kHard:
      return "hard";
  }
  return "?";
}

std::string FormatLocation(const Location& where) {
  if (where.empty()) return "";
  return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
}

std::string FormatProperty(const PropertyRef& property) {
  std::string out = FormatLocation(property.location);
  if (out.empty() || property.path.empty()) return out;
  out += " (" + property.path;
  if (!property.resource.empty()) out += " of resource " + property.resource;
  return out + (property.absent ? ": absent)" : ")");
  return out;
}

bool LocationLess(const Location& a, const Location& b) {
  return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
}

bool FindingLess(const Finding& a, const Finding& b) {
  if (a.control->id != b.control->id) return a.control->id < b.control->id;
  if (a.resource != b.resource) return a.resource < b.resource;
  return LocationLess(a.location, b.location);
}

uint32_t Report::Count(Status s) const {
  return static_cast<uint32_t>(std::count_if(findings.begin(), findings.end(),
                                             [s](const Finding& f) { return f.status == s; }));
}

uint32_t Report::BaselineCount() const {
  return static_cast<uint32_t>(
      std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.baseline; }));
}

void Report::Sort() {
  // Evaluators emit findings in order already; checking is linear, sorting is not.
  if (std::is_sorted(findings.begin(), findings.end(), FindingLess)) return;
  std::stable_sort(findings.begin(), findings.end(), FindingLess);
}

}  // namespace srm::rt
