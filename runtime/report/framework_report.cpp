#include "runtime/report/framework_report.h"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <iterator>
#include <map>

#include "runtime/report/markdown_text.h"
#include "runtime/report/matrix_html.h"
#include "runtime/support/json_text.h"

namespace srm::rt {

namespace {

// Each status's name (in the reports), HTML class and key in the JSON summary, in the order the
// summaries list them.
struct StatusInfo {
  RequirementStatus status;
  const char* name;
  const char* css;
  const char* key;
};
constexpr StatusInfo kStatuses[] = {
    {RequirementStatus::kMet, "met", "met", "met"},
    {RequirementStatus::kMetWithWaivers, "met (with waivers)", "met-with-waivers",
     "met_with_waivers"},
    {RequirementStatus::kNotMet, "not met", "not-met", "not_met"},
    {RequirementStatus::kAttested, "attested", "attested", "attested"},
    {RequirementStatus::kNotAssessed, "not assessed", "not-assessed", "not_assessed"},
};

const StatusInfo& Info(RequirementStatus s) {
  for (const StatusInfo& i : kStatuses) {
    if (i.status == s) return i;
  }
  return kStatuses[std::size(kStatuses) - 1];
}

}  // namespace

const char* RequirementStatusName(RequirementStatus s) { return Info(s).name; }

uint32_t FrameworkReport::Count(RequirementStatus s) const {
  uint32_t n = 0;
  for (const RequirementResult& r : requirements) n += r.status == s ? 1 : 0;
  return n;
}

FrameworkReport BuildFrameworkReport(const Framework& framework, const Report& report,
                                     const std::vector<const ControlMeta*>& controls) {
  FrameworkReport out;
  out.framework = &framework;
  out.inventories = report.inventories;
  for (const Requirement& req : framework.requirements) {
    RequirementResult r;
    r.requirement = &req;
    std::map<std::string, RequirementControl> by_id;
    for (const ControlMeta* c : controls) {
      for (const FrameworkRef& m : c->frameworks) {
        if (m.framework == framework.name && m.reference == req.id)
          by_id.emplace(c->id, RequirementControl{c->id, c->title});
      }
    }
    for (const Finding& f : report.findings) {
      auto it = by_id.find(f.control->id);
      if (it == by_id.end()) continue;
      RequirementControl& c = it->second;
      switch (f.status) {
        case Status::kPass:
          ++c.pass;
          break;
        case Status::kFail:
          ++c.fail;
          r.failures.push_back(&f);
          break;
        case Status::kError:
          ++c.error;
          r.failures.push_back(&f);
          break;
        case Status::kSkip:
          ++c.skip;
          break;
        case Status::kWaived:
          ++c.waived;
          r.waived.push_back(&f);
          break;
      }
    }
    bool passed = false;
    for (auto& [id, c] : by_id) {
      passed = passed || c.pass > 0;
      r.controls.push_back(std::move(c));
    }
    r.status = !r.failures.empty()     ? RequirementStatus::kNotMet
               : !r.waived.empty()     ? RequirementStatus::kMetWithWaivers
               : passed                ? RequirementStatus::kMet
               : !req.attested.empty() ? RequirementStatus::kAttested
                                       : RequirementStatus::kNotAssessed;
    out.requirements.push_back(std::move(r));
  }
  for (const Finding& f : report.findings) {
    if (f.control->id != kWaiverExpiredId || f.waiver == nullptr) continue;
    if (std::any_of(controls.begin(), controls.end(), [&](const ControlMeta* c) {
          return fnmatch(f.waiver->control.c_str(), c->id.c_str(), 0) == 0;
        }))
      out.expired_waivers.push_back(&f);
  }
  return out;
}

std::vector<std::string> FrameworkReportFormats() { return {"md", "html", "json"}; }

namespace {

std::string Counts(const RequirementControl& c) {
  std::string s =
      fmt::format("{} pass, {} fail, {} error, {} skip", c.pass, c.fail, c.error, c.skip);
  if (c.waived > 0) s += fmt::format(", {} waived", c.waived);
  return s;
}

std::string AttestedBy(const Requirement& r) {
  std::string s;
  for (const Attestation& a : r.attested) {
    std::string layers;
    for (const std::string& l : a.layers) layers += (layers.empty() ? "" : ", ") + l;
    s += (s.empty() ? "" : "; ") + a.party + " (" + layers + ")";
  }
  return s;
}

// "1 met, 1 not met, 1 attested by a provider, 2 not assessed", with "N met with waivers"
// after "met" when there are any.
std::string Summary(const FrameworkReport& r) {
  std::string out;
  for (const StatusInfo& i : kStatuses) {
    uint32_t n = r.Count(i.status);
    if (i.status == RequirementStatus::kMetWithWaivers && n == 0) continue;
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n,
                       i.status == RequirementStatus::kMetWithWaivers ? "met with waivers"
                       : i.status == RequirementStatus::kAttested     ? "attested by a provider"
                                                                      : i.name);
  }
  return out;
}

// "waived until 2027-03-31 by sec-team: REASON (policy.srm:12:1)": what a waiver says.
std::string WaiverText(const Waiver& w) {
  std::string where = FormatLocation(w.location);
  return "waived until " + w.until + " by " + w.owner + ": " + w.reason +
         (where.empty() ? "" : " (" + where + ")");
}

// The JSON of a waiver's fields, after an object's first members.
std::string WaiverJson(const Waiver& w) {
  return ", \"until\": " + JsonQuote(w.until) + ", \"because\": " + JsonQuote(w.reason) +
         ", \"by\": " + JsonQuote(w.owner) + ", \"profile\": " + JsonQuote(w.profile) +
         ", \"waiver_location\": " + JsonQuote(FormatLocation(w.location));
}

std::string Markdown(const FrameworkReport& r) {
  const Framework& fw = *r.framework;
  std::string out = "# " + MarkdownText(fw.name) + ": " + MarkdownText(fw.title) + "\n\n";
  std::string inv;
  for (const std::string& i : r.inventories) inv += (inv.empty() ? "" : ", ") + MarkdownCode(i);
  out += "Inventories: " + inv + "\n\nRequirements: " + Summary(r) + ".\n\n";
  out += "| Requirement | Title | Status | Controls |\n| --- | --- | --- | --- |\n";
  for (const RequirementResult& q : r.requirements) {
    std::string controls;
    for (const RequirementControl& c : q.controls)
      controls += (controls.empty() ? "" : "<br>") + MarkdownCode(c.id) + " (" + Counts(c) + ")";
    if (q.status == RequirementStatus::kAttested ||
        (!q.requirement->attested.empty() && controls.empty()))
      controls = "attested by " + MarkdownText(AttestedBy(*q.requirement));
    if (controls.empty()) controls = "no control";
    out += "| " + MarkdownText(q.requirement->id) + " | " + MarkdownText(q.requirement->title) +
           " | " + RequirementStatusName(q.status) + " | " + controls + " |\n";
  }
  bool heading = false;
  for (const RequirementResult& q : r.requirements) {
    if (q.failures.empty()) continue;
    if (!heading) out += "\n## Not met\n";
    heading = true;
    out += "\n### " + MarkdownText(q.requirement->id + " " + q.requirement->title) + "\n\n";
    for (const Finding* f : q.failures) {
      out += std::string("- ") + StatusName(f->status) + " " + MarkdownCode(f->control->id) +
             " on " + MarkdownCode(f->resource) +
             (f->location.empty() ? "" : " (" + MarkdownText(FormatLocation(f->location)) + ")") +
             ": " + MarkdownText(f->message) + "\n";
    }
  }
  heading = false;
  for (const RequirementResult& q : r.requirements) {
    if (q.waived.empty()) continue;
    if (!heading) out += "\n## Waived\n";
    heading = true;
    out += "\n### " + MarkdownText(q.requirement->id + " " + q.requirement->title) + "\n\n";
    for (const Finding* f : q.waived) {
      out += std::string("- WAIVED ") + StatusName(f->waived) + " " + MarkdownCode(f->control->id) +
             " on " + MarkdownCode(f->resource) +
             (f->location.empty() ? "" : " (" + MarkdownText(FormatLocation(f->location)) + ")") +
             ": " + MarkdownText(f->message) + "; " + MarkdownText(WaiverText(*f->waiver)) + "\n";
    }
  }
  if (!r.expired_waivers.empty()) out += "\n## Expired waivers\n\n";
  for (const Finding* f : r.expired_waivers) {
    out +=
        "- " + MarkdownText(FormatLocation(f->location)) + ": " + MarkdownText(f->message) + "\n";
  }
  return out;
}

std::string Json(const FrameworkReport& r) {
  const Framework& fw = *r.framework;
  std::string out = "{\n  \"framework\": " + JsonQuote(fw.name) +
                    ",\n  \"title\": " + JsonQuote(fw.title) + ",\n  \"inventories\": [";
  for (size_t i = 0; i < r.inventories.size(); ++i)
    out += (i ? ", " : "") + JsonQuote(r.inventories[i]);
  out += "],\n  \"summary\": {";
  for (size_t i = 0; i < std::size(kStatuses); ++i) {
    out +=
        fmt::format("{}\"{}\": {}", i ? ", " : "", kStatuses[i].key, r.Count(kStatuses[i].status));
  }
  out += "},\n  \"requirements\": [";
  for (size_t i = 0; i < r.requirements.size(); ++i) {
    const RequirementResult& q = r.requirements[i];
    out += std::string(i ? "," : "") + "\n    {\"id\": " + JsonQuote(q.requirement->id) +
           ", \"title\": " + JsonQuote(q.requirement->title) +
           ", \"status\": " + JsonQuote(RequirementStatusName(q.status)) +
           ",\n     \"controls\": [";
    for (size_t j = 0; j < q.controls.size(); ++j) {
      const RequirementControl& c = q.controls[j];
      out += fmt::format(
          "{}{{\"id\": {}, \"pass\": {}, \"fail\": {}, \"error\": {}, \"skip\": {}, \"waived\": "
          "{}}}",
          j ? ", " : "", JsonQuote(c.id), c.pass, c.fail, c.error, c.skip, c.waived);
    }
    out += "],\n     \"attested_by\": [";
    for (size_t j = 0; j < q.requirement->attested.size(); ++j) {
      const Attestation& a = q.requirement->attested[j];
      out += std::string(j ? ", " : "") + "{\"party\": " + JsonQuote(a.party) + ", \"layers\": [";
      for (size_t k = 0; k < a.layers.size(); ++k) out += (k ? ", " : "") + JsonQuote(a.layers[k]);
      out += "]}";
    }
    out += "],\n     \"failures\": [";
    for (size_t j = 0; j < q.failures.size(); ++j) {
      const Finding& f = *q.failures[j];
      out += std::string(j ? ", " : "") + "{\"status\": " + JsonQuote(StatusName(f.status)) +
             ", \"control\": " + JsonQuote(f.control->id) +
             ", \"resource\": " + JsonQuote(f.resource) +
             ", \"location\": " + JsonQuote(FormatLocation(f.location)) +
             ", \"message\": " + JsonQuote(f.message) + "}";
    }
    out += "],\n     \"waived\": [";
    for (size_t j = 0; j < q.waived.size(); ++j) {
      const Finding& f = *q.waived[j];
      out += std::string(j ? ", " : "") + "{\"status\": " + JsonQuote(StatusName(f.waived)) +
             ", \"control\": " + JsonQuote(f.control->id) +
             ", \"resource\": " + JsonQuote(f.resource) +
             ", \"location\": " + JsonQuote(FormatLocation(f.location)) +
             ", \"message\": " + JsonQuote(f.message) + WaiverJson(*f.waiver) + "}";
    }
    out += "]}";
  }
  out += "\n  ],\n  \"expired_waivers\": [";
  for (size_t j = 0; j < r.expired_waivers.size(); ++j) {
    const Finding& f = *r.expired_waivers[j];
    out += std::string(j ? "," : "") + "\n    {\"control\": " + JsonQuote(f.waiver->control) +
           ", \"resource\": " + JsonQuote(f.waiver->resource) + WaiverJson(*f.waiver) +
           ", \"message\": " + JsonQuote(f.message) + "}";
  }
  return out + (r.expired_waivers.empty() ? "" : "\n  ") + "]\n}\n";
}

std::string Html(const FrameworkReport& r) {
  const Framework& fw = *r.framework;
  std::string title = HtmlText(fw.name + ": " + fw.title);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + title +
      "</title>\n<style>\nbody{font-family:sans-serif;margin:1.5em}\ntable{border-collapse:"
      "collapse}\nth,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:"
      "top}\nth{background:#eee;position:sticky;top:0}\n.met{background:#d7f5d7}\n.not-met{"
      "background:#f8d0d0}\n.met-with-waivers{background:#eef5c4}\n.attested{background:#d6e6fa}\n"
      ".not-assessed{background:#f2f2f2}\n"
      "</style>\n</head>\n<body>\n<h1>" +
      title + "</h1>\n<p>Requirements: " + HtmlText(Summary(r)) +
      ".</p>\n<table>\n<thead><tr>"
      "<th>Requirement</th><th>Title</th><th>Status</th><th>Controls and findings</th></tr>"
      "</thead>\n<tbody>\n";
  for (const RequirementResult& q : r.requirements) {
    std::string cls = Info(q.status).css;
    std::string cell;
    for (const RequirementControl& c : q.controls)
      cell += "<div><code>" + HtmlText(c.id) + "</code> (" + HtmlText(Counts(c)) + ")</div>";
    if (!q.requirement->attested.empty())
      cell += "<div>attested by " + HtmlText(AttestedBy(*q.requirement)) + "</div>";
    if (cell.empty()) cell = "no control";
    for (const Finding* f : q.failures)
      cell += "<div>" + std::string(StatusName(f->status)) + " <code>" + HtmlText(f->control->id) +
              "</code> on <code>" + HtmlText(f->resource) + "</code>: " + HtmlText(f->message) +
              "</div>";
    for (const Finding* f : q.waived) {
      cell += std::string("<div>WAIVED ") + StatusName(f->waived) + " <code>" +
              HtmlText(f->control->id) + "</code> on <code>" + HtmlText(f->resource) +
              "</code>: " + HtmlText(f->message) + "; " + HtmlText(WaiverText(*f->waiver)) +
              "</div>";
    }
    out += "<tr class=\"" + cls + "\"><td>" + HtmlText(q.requirement->id) + "</td><td>" +
           HtmlText(q.requirement->title) + "</td><td>" + RequirementStatusName(q.status) +
           "</td><td>" + cell + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (!r.expired_waivers.empty()) out += "<h2>Expired waivers</h2>\n<ul>\n";
  for (const Finding* f : r.expired_waivers) {
    out += "<li>" + HtmlText(FormatLocation(f->location)) + ": " + HtmlText(f->message) + "</li>\n";
  }
  if (!r.expired_waivers.empty()) out += "</ul>\n";
  return out + "</body>\n</html>\n";
}

}  // namespace

std::string RenderFrameworkReport(const FrameworkReport& r, const std::string& format) {
  if (format == "json") return Json(r);
  if (format == "html") return Html(r);
  return Markdown(r);
}

}  // namespace srm::rt
