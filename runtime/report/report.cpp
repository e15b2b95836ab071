#include "runtime/report/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <tuple>

#include "runtime/support/json_text.h"

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
  }
  return "?";
}

uint32_t Report::Count(Status s) const {
  return static_cast<uint32_t>(std::count_if(findings.begin(), findings.end(),
                                             [s](const Finding& f) { return f.status == s; }));
}

void Report::Sort() {
  auto less = [](const Finding& a, const Finding& b) {
    return std::tie(a.meta->control, a.resource, a.inventory_location) <
           std::tie(b.meta->control, b.resource, b.inventory_location);
  };
  // Evaluators emit findings in order already; checking is linear, sorting is not.
  if (std::is_sorted(findings.begin(), findings.end(), less)) return;
  std::stable_sort(findings.begin(), findings.end(), less);
}

std::string JsonQuote(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = Utf8SequenceLength(s, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD for each byte that is not well-formed UTF-8
        ++i;
      } else {
        out.append(s.data() + i, n);
        i += n;
      }
      continue;
    }
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  out += '"';
  return out;
}

// --- JSON --------------------------------------------------------------------------------------

namespace {

// `"key": "value"`
std::string Pair(std::string_view key, std::string_view value) {
  return JsonQuote(key) + ": " + JsonQuote(value);
}

void AppendFinding(const Finding& f, std::string& out) {
  constexpr std::string_view kIndent = "      ";
  out += "    {\n";
  out += fmt::format("{}{}, {},\n", kIndent, Pair("control", f.meta->control),
                     Pair("title", f.meta->title));
  out += fmt::format("{}{}, {}, {},\n", kIndent, Pair("status", StatusName(f.status)),
                     Pair("resource", f.resource), Pair("resource_type", f.meta->resource_type));
  out += fmt::format("{}{}, {}, {}, {},\n", kIndent, Pair("service", f.meta->service),
                     Pair("layer", f.meta->layer), Pair("owner", f.meta->owner),
                     Pair("severity", f.meta->severity));
  out += fmt::format("{}{},\n", kIndent, Pair("message", f.message));
  out += fmt::format("{}{}, {},\n", kIndent, Pair("policy_location", f.meta->policy_location),
                     Pair("inventory_location", f.inventory_location));
  out += kIndent;
  out += "\"frameworks\": [";
  for (size_t i = 0; i < f.meta->frameworks.size(); ++i) {
    if (i > 0) out += ", ";
    out += JsonQuote(f.meta->frameworks[i]);
  }
  out += "]\n    }";
}

}  // namespace

std::string RenderJson(const Report& report) {
  std::string out = "{\n  \"findings\": [";
  for (size_t i = 0; i < report.findings.size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    AppendFinding(report.findings[i], out);
  }
  out += report.findings.empty() ? "],\n" : "\n  ],\n";
  out +=
      fmt::format("  \"summary\": {{\"pass\": {}, \"fail\": {}, \"skip\": {}, \"error\": {}}},\n",
                  report.Count(Status::kPass), report.Count(Status::kFail),
                  report.Count(Status::kSkip), report.Count(Status::kError));
  out += "  \"unmodelled\": {";
  bool first = true;
  for (const auto& [type, count] : report.unmodelled) {
    if (!first) out += ", ";
    first = false;
    out += fmt::format("{}: {}", JsonQuote(type), count);
  }
  out += "}\n}\n";
  return out;
}

// --- Text --------------------------------------------------------------------------------------

namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kDot = " \xC2\xB7 ";          // " · "
constexpr std::string_view kStatusIndent = "         ";  // under the resource column

std::string_view StatusColor(Status s) {
  switch (s) {
    case Status::kPass:
      return "\x1b[32m";
    case Status::kFail:
      return "\x1b[31m";
    case Status::kError:
      return "\x1b[35m";
    case Status::kSkip:
      return "\x1b[2m";
  }
  return "";
}

// Makes report text safe for a terminal: control characters (which could be escape sequences
// coming from an inventory) are shown as \xNN. Newlines are kept only when `keep_newlines`.
std::string Clean(std::string_view s, bool keep_newlines = false) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && !(keep_newlines && c == '\n')) || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += ch;
    }
  }
  return out;
}

std::string MetaLine(const Finding& f) {
  std::vector<std::string> parts;
  if (!f.meta->severity.empty()) parts.push_back(Clean(f.meta->severity));
  if (!f.meta->service.empty() && !f.meta->layer.empty()) {
    parts.push_back(Clean(f.meta->service) + "/" + Clean(f.meta->layer));
  } else if (!f.meta->service.empty() || !f.meta->layer.empty()) {
    parts.push_back(Clean(f.meta->service.empty() ? f.meta->layer : f.meta->service));
  }
  if (!f.meta->owner.empty()) parts.push_back("owner " + Clean(f.meta->owner));
  if (!f.meta->frameworks.empty()) {
    std::string frameworks;
    for (size_t i = 0; i < f.meta->frameworks.size(); ++i) {
      if (i > 0) frameworks += ", ";
      frameworks += Clean(f.meta->frameworks[i]);
    }
    parts.push_back(std::move(frameworks));
  }
  if (!f.meta->policy_location.empty()) parts.push_back(Clean(f.meta->policy_location));
  std::string line;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) line += kDot;
    line += parts[i];
  }
  return line;
}

void AppendStatusLine(const Finding& f, bool color, std::string& out) {
  std::string_view name = StatusName(f.status);
  out += "  ";
  if (color) {
    out += StatusColor(f.status);
    out += name;
    out += kReset;
  } else {
    out += name;
  }
  out.append(7 - name.size(), ' ');
  if (f.resource.empty()) {
    // Nothing to point at ("no resource applies" SKIP, control-level ERROR): the message says why.
    std::string message = Clean(f.message);
    if (message.empty()) message = "no resource";
    if (message.front() == '(' && message.back() == ')') {
      out += message;
    } else {
      out += "(" + message + ")";
    }
    if (!f.inventory_location.empty()) out += "  " + Clean(f.inventory_location);
    out += '\n';
    return;
  }
  out += Clean(f.resource);
  if (!f.inventory_location.empty()) out += "  " + Clean(f.inventory_location);
  out += '\n';
  if (f.message.empty()) return;
  std::string message = Clean(f.message, /*keep_newlines=*/true);
  size_t start = 0;
  while (start <= message.size()) {
    size_t nl = message.find('\n', start);
    std::string_view line = std::string_view(message).substr(
        start, nl == std::string::npos ? std::string::npos : nl - start);
    out += kStatusIndent;
    out += line;
    out += '\n';
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

}  // namespace

std::string RenderText(const Report& report, bool color) {
  // Group by control in sorted order without reordering the caller's report.
  std::vector<const Finding*> sorted;
  sorted.reserve(report.findings.size());
  for (const Finding& f : report.findings) sorted.push_back(&f);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Finding* a, const Finding* b) {
    return std::tie(a->meta->control, a->resource, a->inventory_location) <
           std::tie(b->meta->control, b->resource, b->inventory_location);
  });

  std::string out;
  for (size_t i = 0; i < sorted.size();) {
    const Finding& head = *sorted[i];
    if (color) {
      out += kBold;
      out += Clean(head.meta->control);
      out += kReset;
    } else {
      out += Clean(head.meta->control);
    }
    if (!head.meta->title.empty()) out += "  " + Clean(head.meta->title);
    out += '\n';
    std::string meta = MetaLine(head);
    if (!meta.empty()) out += "  " + meta + "\n";
    for (; i < sorted.size() && sorted[i]->meta->control == head.meta->control; ++i) {
      AppendStatusLine(*sorted[i], color, out);
    }
    out += '\n';
  }
  out += fmt::format("Summary: {} pass, {} fail, {} skip, {} error\n", report.Count(Status::kPass),
                     report.Count(Status::kFail), report.Count(Status::kSkip),
                     report.Count(Status::kError));
  if (!report.unmodelled.empty()) {
    out += "Unmodelled resource types (no schema): ";
    bool first = true;
    for (const auto& [type, count] : report.unmodelled) {
      if (!first) out += ", ";
      first = false;
      out += fmt::format("{} ({})", Clean(type), count);
    }
    out += '\n';
  }
  return out;
}

}  // namespace srm::rt
