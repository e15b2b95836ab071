#include "runtime/report/report.h"

#include <algorithm>
#include <numeric>
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
  if (a.control != b.control) {  // the same control's findings share its metadata
    if (int c = a.control->id.compare(b.control->id); c != 0) return c < 0;
  }
  if (int c = a.resource.compare(b.resource); c != 0) return c < 0;
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

void Report::Sort() { SortFindings(findings); }

void SortFindings(std::vector<Finding>& findings) {
  // Evaluators emit findings in order already; checking is linear, sorting is not.
  if (std::is_sorted(findings.begin(), findings.end(), FindingLess)) return;
  // Their indices are sorted, then each finding is moved once, along the cycles of the
  // permutation: a stable sort of the findings themselves moved every one about log2(n) times.
  std::vector<uint32_t> order(findings.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&findings](uint32_t a, uint32_t b) {
    return FindingLess(findings[a], findings[b]);
  });
  // Position j receives the finding at order[j]; order[j] = j marks j done.
  for (uint32_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    Finding first = std::move(findings[start]);
    uint32_t j = start;
    while (order[j] != start) {
      uint32_t from = order[j];
      findings[j] = std::move(findings[from]);
      order[j] = j;
      j = from;
    }
    findings[j] = std::move(first);
    order[j] = j;
  }
}

}  // namespace srm::rt
