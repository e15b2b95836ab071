#include "runtime/report/junit_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "runtime/support/json_text.h"

namespace srm::rt {
namespace {

// One <testcase>: the findings of one control on one resource in one inventory file.
struct TestCase {
  std::vector<const Finding*> findings;
  bool Has(Status s) const {
    return std::any_of(findings.begin(), findings.end(),
                       [s](const Finding* f) { return f->status == s; });
  }
  // The case's outcome in the counts: an error outweighs a failure, which outweighs a waived
  // finding (counted as skipped), which outweighs a pass.
  Status Outcome() const {
    if (Has(Status::kError)) return Status::kError;
    if (Has(Status::kFail)) return Status::kFail;
    if (Has(Status::kWaived)) return Status::kWaived;
    if (Has(Status::kPass)) return Status::kPass;
    return Status::kSkip;
  }
};

struct Counts {
  uint32_t tests = 0, failures = 0, errors = 0, skipped = 0;
  void Add(Status s) {
    ++tests;
    switch (s) {
      case Status::kFail:
        ++failures;
        break;
      case Status::kError:
        ++errors;
        break;
      case Status::kSkip:
      case Status::kWaived:
        ++skipped;
        break;
      case Status::kPass:
        break;
    }
  }
  std::string Attributes() const {
    return fmt::format(R"(tests="{}" failures="{}" errors="{}" skipped="{}")", tests, failures,
                       errors, skipped);
  }
};

// "MyBucket (template.json)": stable across runs (no line numbers).
std::string CaseName(const Finding& f) {
  std::string name = f.resource.empty() ? "(no resource)" : f.resource;
  if (!f.location.empty()) name += " (" + f.location.file + ")";
  return name;
}

void WriteCase(const std::string& control, const TestCase& tc, ReportOut& out) {
  const Finding& first = *tc.findings.front();
  out += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", XmlEscape(control),
                     XmlEscape(CaseName(first)));
  bool body = std::any_of(tc.findings.begin(), tc.findings.end(),
                          [](const Finding* f) { return f->status != Status::kPass; });
  if (!body) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  for (const Finding* f : tc.findings) {
    std::string message = XmlEscape(f->message);
    // The property the failed assert read, where there is one.
    std::string where =
        XmlEscape(f->property ? FormatProperty(*f->property) : FormatLocation(f->location));
    switch (f->status) {
      case Status::kPass:
        break;
      case Status::kFail:
        out += fmt::format("      <failure message=\"{}\" type=\"FAIL\">{}</failure>\n", message,
                           where);
        break;
      case Status::kError:
        out +=
            fmt::format("      <error message=\"{}\" type=\"ERROR\">{}</error>\n", message, where);
        break;
      case Status::kSkip:
        out += fmt::format("      <skipped message=\"{}\"/>\n", message);
        break;
      case Status::kWaived: {
        const Waiver* w = f->waiver.get();
        std::string why = w == nullptr ? ""
                                       : fmt::format("waived until {} by {}: {}; ", w->until,
                                                     w->owner, w->reason);
        out += fmt::format("      <skipped message=\"{}\"/>\n", XmlEscape(why) + message);
        break;
      }
    }
  }
  out += "    </testcase>\n";
}

}  // namespace

std::string XmlEscape(std::string_view raw) {
  std::string s = ValidUtf8(raw);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '&':
        out += "&amp;";
        continue;
      case '<':
        out += "&lt;";
        continue;
      case '>':
        out += "&gt;";
        continue;
      case '"':
        out += "&quot;";
        continue;
      case '\t':
        out += "&#9;";
        continue;
      case '\n':
        out += "&#10;";
        continue;
      case '\r':
        out += "&#13;";
        continue;
      default:
        break;
    }
    if (c < 0x20) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
               (static_cast<unsigned char>(s[i + 2]) == 0xBE ||
                static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
      out += static_cast<unsigned char>(s[i + 2]) == 0xBE ? "\\uFFFE" : "\\uFFFF";
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

void WriteJunit(const Report& report, ReportOut& out) {
  std::vector<const Finding*> sorted;
  sorted.reserve(report.findings.size());
  for (const Finding& f : report.findings) sorted.push_back(&f);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Finding* a, const Finding* b) { return FindingLess(*a, *b); });

  // control id -> its test cases, in order; a case per (resource, inventory file).
  struct Suite {
    std::string id;
    std::vector<TestCase> cases;
    Counts counts;
  };
  std::vector<Suite> suites;
  for (const Finding* f : sorted) {
    if (suites.empty() || suites.back().id != f->control->id)
      suites.push_back({f->control->id, {}, {}});
    std::vector<TestCase>& cases = suites.back().cases;
    const Finding* last = cases.empty() ? nullptr : cases.back().findings.front();
    bool same = last != nullptr && last->resource == f->resource &&
                last->location.file == f->location.file && !f->resource.empty();
    if (!same) cases.emplace_back();
    cases.back().findings.push_back(f);
  }
  Counts total;
  for (Suite& s : suites) {
    for (const TestCase& tc : s.cases) {
      s.counts.Add(tc.Outcome());
      total.Add(tc.Outcome());
    }
  }
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"srm\" {}>\n", total.Attributes());
  for (const Suite& s : suites) {
    out += fmt::format("  <testsuite name=\"{}\" {}>\n", XmlEscape(s.id), s.counts.Attributes());
    for (const TestCase& tc : s.cases) WriteCase(s.id, tc, out);
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
}

std::string RenderJunit(const Report& report) {
  std::string text;
  {
    ReportOut out(text);
    WriteJunit(report, out);
  }
  return text;
}

}  // namespace srm::rt
