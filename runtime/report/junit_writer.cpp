#include "runtime/report/junit_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
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

namespace {

// The <testsuites> element carries the totals, which are known at the end only: the suites wait
// in memory, and past `spill_bytes` of them in a temporary file, so that memory stays bounded.
class JunitStream : public ReportStream {
 public:
  JunitStream(ReportOut& out, size_t spill_bytes) : out_(out), spill_bytes_(spill_bytes) {}
  ~JunitStream() override {
    if (spill_ != nullptr) std::fclose(spill_);
  }

  void Begin(const Report&, const std::vector<const ControlMeta*>&) override {}

  void Findings(const std::vector<const Finding*>& findings) override {
    // A case per (resource, inventory file).
    std::vector<TestCase> cases;
    for (const Finding* f : findings) {
      const Finding* last = cases.empty() ? nullptr : cases.back().findings.front();
      bool same = last != nullptr && last->resource == f->resource &&
                  last->location.file == f->location.file && !f->resource.empty();
      if (!same) cases.emplace_back();
      cases.back().findings.push_back(f);
    }
    Counts counts;
    for (const TestCase& tc : cases) {
      counts.Add(tc.Outcome());
      total_.Add(tc.Outcome());
    }
    const std::string& id = findings.front()->control->id;
    ReportOut suite(pending_);
    suite += fmt::format("  <testsuite name=\"{}\" {}>\n", XmlEscape(id), counts.Attributes());
    for (const TestCase& tc : cases) WriteCase(id, tc, suite);
    suite += "  </testsuite>\n";
    suite.Flush();
    if (pending_.size() >= spill_bytes_) Spill();
  }

  void End(const ReportCounts&) override {
    out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out_ += fmt::format("<testsuites name=\"srm\" {}>\n", total_.Attributes());
    if (spill_ != nullptr) {
      std::rewind(spill_);
      std::string chunk(size_t{1} << 16, '\0');
      for (size_t n; (n = std::fread(chunk.data(), 1, chunk.size(), spill_)) > 0;)
        out_ += std::string_view(chunk.data(), n);
    }
    out_ += pending_;
    out_ += "</testsuites>\n";
  }

 private:
  // Moves the pending suites to the temporary file; they stay in memory when it cannot be
  // written.
  void Spill() {
    if (spill_ == nullptr) spill_ = std::tmpfile();
    if (spill_ == nullptr) return;
    if (std::fwrite(pending_.data(), 1, pending_.size(), spill_) == pending_.size()) {
      pending_.clear();
    } else {
      std::fclose(spill_);  // what it holds is lost: keep everything in memory from here
      spill_ = nullptr;
    }
  }

  ReportOut& out_;
  size_t spill_bytes_;
  Counts total_;
  std::string pending_;
  std::FILE* spill_ = nullptr;
};

}  // namespace

std::unique_ptr<ReportStream> OpenJunitStream(ReportOut& out, size_t spill_bytes) {
  return std::make_unique<JunitStream>(out, spill_bytes);
}

std::string RenderJunit(const Report& report, size_t spill_bytes) {
  return RenderReport(report,
                      [spill_bytes](ReportOut& out) { return OpenJunitStream(out, spill_bytes); });
}

}  // namespace srm::rt
