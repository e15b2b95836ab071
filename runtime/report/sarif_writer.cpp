#include "runtime/report/sarif_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "runtime/report/json_layout.h"
#include "runtime/report/json_writer.h"

#if !defined(SRM_VERSION) || !defined(SRM_HOMEPAGE_URL)
#error "SRM_VERSION and SRM_HOMEPAGE_URL come from CMakeLists.txt"
#endif

namespace srm::rt {
namespace {

constexpr std::string_view kStdlibPrefix = "<stdlib>/";  // policy files embedded in srm
constexpr std::string_view kSrcRoot = "%SRCROOT%";
constexpr std::string_view kStdlibRoot = "SRMSTDLIB";
constexpr std::string_view kFingerprintKey = "srmFinding/v1";
constexpr size_t kMaxTags = 20;  // GitHub keeps at most 20 tags a rule

// How a control's severity reads in SARIF and on GitHub (docs/reports.md).
struct SeverityRow {
  std::string_view severity;
  const char* security_severity;  // GitHub's CVSS-like score; null: none
  const char* level;              // SARIF level of a FAIL
  const char* problem_severity;   // GitHub's problem.severity
};
constexpr SeverityRow kSeverities[] = {
    {"critical", "9.5", "error", "error"},       {"high", "8.0", "error", "error"},
    {"medium", "5.5", "warning", "warning"},     {"low", "3.0", "note", "recommendation"},
    {"info", nullptr, "note", "recommendation"},
};
// A severity outside the table (policies always give one of the table's; hand-built reports
// may not): fail closed, as a warning.
constexpr SeverityRow kUnknownSeverity = {"", nullptr, "warning", "warning"};

const SeverityRow& Severity(std::string_view severity) {
  for (const SeverityRow& row : kSeverities) {
    if (row.severity == severity) return row;
  }
  return kUnknownSeverity;
}

// "Buckets are named" -> "BucketsAreNamed": SARIF's rule name is an identifier-like word.
std::string PascalCase(std::string_view title, std::string_view fallback) {
  std::string name;
  bool start = true;
  for (char ch : title) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) == 0) {
      start = true;
      continue;
    }
    name += start ? static_cast<char>(std::toupper(c)) : ch;
    start = false;
  }
  return name.empty() ? std::string(fallback) : name;
}

// Lines of the files findings point into, read once, to turn byte columns into UTF-16 ones.
class SourceLines {
 public:
  uint32_t Column(const std::string& file, uint32_t line, uint32_t byte_column) {
    if (byte_column == 0) return 0;
    const std::vector<std::string>* lines = Lines(file);
    if (lines == nullptr || line == 0 || line > lines->size()) return byte_column;
    return Utf16Column((*lines)[line - 1], byte_column);
  }

 private:
  const std::vector<std::string>* Lines(const std::string& file) {
    auto [it, fresh] = files_.try_emplace(file);
    if (fresh && file.rfind(kStdlibPrefix, 0) != 0) {
      std::ifstream in(file, std::ios::binary);
      if (in) {
        std::vector<std::string> lines;
        for (std::string l; std::getline(in, l);) lines.push_back(std::move(l));
        it->second = std::move(lines);
      }
    }
    return it->second ? &*it->second : nullptr;
  }
  std::map<std::string, std::optional<std::vector<std::string>>> files_;
};

// A file name as a SARIF artifactLocation: relative names against %SRCROOT%, the embedded
// stdlib against SRMSTDLIB (its sources at the release's tag), absolute names as file: URIs.
struct ArtifactUri {
  std::string uri;
  std::string_view base;  // empty: none
};
ArtifactUri ToUri(const std::string& file) {
  if (file.rfind(kStdlibPrefix, 0) == 0) {
    return {PercentEncodePath(std::string_view(file).substr(kStdlibPrefix.size())), kStdlibRoot};
  }
  if (!file.empty() && file[0] == '/') return {"file://" + PercentEncodePath(file), {}};
  return {PercentEncodePath(file), kSrcRoot};
}

std::string StdlibBaseUri() { return fmt::format("{}/blob/v{}/", SRM_HOMEPAGE_URL, SRM_VERSION); }

// A result to write: the finding, the file it is anchored in, its fingerprint.
struct Result {
  Finding finding;  // a copy: results are kept until the end (at most max_results of them)
  uint32_t rule;    // index of its rule, set at the end
  Location where;   // the finding's location, or its anchor (line 1 of an inventory file)
  std::string fingerprint;
  bool absent = false;  // a finding of the baseline this run no longer has (SarifOptions)
};

// The results wait until the end (the artifacts, listed before them, are known then), at most
// max_results of them: memory stays bounded whatever the number of findings.
class SarifOut : public ReportStream {
 public:
  SarifOut(const SarifOptions& options, ReportOut& out)
      : options_(options), out_(out), stream_{out_}, w_(stream_) {}

  void Begin(const Report& head, const std::vector<const ControlMeta*>& controls) override {
    report_ = &head;
    controls_ = controls;
    for (const std::string& file : report_->inventories) artifacts_.emplace(file, 0);
  }

  void Findings(const std::vector<const Finding*>& findings) override {
    for (const Finding* f : findings) AddResult(*f, false);
  }

  // The baseline's absent findings (SarifOptions::absent) are known by now.
  void End(const ReportCounts&) override {
    // The rules of results absent since the baseline: their controls may be gone from the run.
    for (const Finding& f : Absent()) controls_.push_back(f.control.get());
    auto by_id = [](const ControlMeta* a, const ControlMeta* b) { return a->id < b->id; };
    std::stable_sort(controls_.begin(), controls_.end(), by_id);
    auto same_id = [](const ControlMeta* a, const ControlMeta* b) { return a->id == b->id; };
    controls_.erase(std::unique(controls_.begin(), controls_.end(), same_id), controls_.end());
    for (const ControlMeta* c : controls_) {
      rule_index_.emplace(c->id, static_cast<uint32_t>(rule_index_.size()));
      if (!c->location.empty()) artifacts_.emplace(c->location.file, 0);
      if (!c->location.empty()) policies_.insert(c->location.file);
    }
    // Then those of the baseline that are gone (§3.27.24 baselineState "absent"), so that code
    // scanning closes their alerts; their fingerprints are those of the baseline's results.
    for (const Finding& f : Absent()) AddResult(f, true);
    for (Result& r : results_) r.rule = rule_index_.at(r.finding.control->id);
    uint32_t index = 0;
    for (auto& [file, i] : artifacts_) i = index++;
    if (dropped_ > 0) {
      notice_ = fmt::format(
          "{} of {} results left out: GitHub code scanning accepts at most {} results a run; "
          "the first {} in report order (control id, resource, location) are kept",
          dropped_, dropped_ + results_.size(), options_.max_results, results_.size());
      if (options_.warnings != nullptr) options_.warnings->push_back("SARIF: " + notice_);
    }
    w_.StartObject(Layout::kLines);
    w_.Member("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    w_.Member("version", "2.1.0");
    w_.Key("runs");
    w_.StartArray(Layout::kLines);
    w_.StartObject(Layout::kLines);
    WriteTool();
    WriteInvocation();
    w_.Key("originalUriBaseIds");
    w_.StartObject(Layout::kLines);
    w_.Key(kStdlibRoot);
    w_.StartObject(Layout::kInline);
    w_.Member("uri", StdlibBaseUri());
    w_.EndObject();
    w_.EndObject();
    WriteArtifacts();
    w_.Member("columnKind", "utf16CodeUnits");
    w_.Key("results");
    w_.StartArray(Layout::kLines);
    for (const Result& r : results_) WriteResult(r);
    w_.EndArray();
    w_.EndObject();
    w_.EndArray();
    w_.EndObject();
    out_.Put('\n');
  }

 private:
  const std::vector<Finding>& Absent() const {
    static const std::vector<Finding> none;
    return options_.absent != nullptr && report_->has_baseline ? *options_.absent : none;
  }

  void AddResult(const Finding& f, bool absent) {
    // A waived finding is a result with a suppression (SARIF 2.1.0 §3.27.23), so that code
    // scanning shows it as dismissed rather than not at all.
    Status status = f.status == Status::kWaived ? f.waived : f.status;
    if (status != Status::kFail && status != Status::kError) return;
    if (results_.size() == options_.max_results) {
      ++dropped_;
      return;
    }
    // The property the assert read, where there is one: the region code scanning marks.
    Location where = f.property ? f.property->location : f.location;
    if (where.empty() && !report_->inventories.empty()) {
      where.file = report_->inventories.front();
      where.line = 1;
    } else if (where.empty()) {
      where = f.control->location;
    }
    if (!where.empty()) artifacts_.emplace(where.file, 0);
    // An absent result has no suppression: the finding its waiver covered is gone.
    if (!absent && f.waiver != nullptr && !f.waiver->location.empty()) {
      artifacts_.emplace(f.waiver->location.file, 0);
      if (!f.waiver->in_inventory) policies_.insert(f.waiver->location.file);
    }
    // Not the line: a resource that moves within its file keeps its alert.
    // Nor whether it is waived: waiving a finding keeps its alert.
    std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}", f.control->id, where.file, f.resource,
                                  StatusName(status));
    uint32_t occurrence = occurrences_[key]++;
    results_.push_back(
        {f, 0, where, fmt::format("{}:{}", FingerprintHex(key), occurrence), absent});
  }

  void WriteTool() {
    w_.Key("tool");
    w_.StartObject(Layout::kLines);
    w_.Key("driver");
    w_.StartObject(Layout::kLines);
    w_.Member("name", "srm");
    w_.SameLine();
    w_.Member("version", SRM_VERSION);
    w_.SameLine();
    w_.Member("semanticVersion", SRM_VERSION);
    w_.Member("informationUri", SRM_HOMEPAGE_URL);
    w_.Key("rules");
    w_.StartArray(Layout::kLines);
    for (const ControlMeta* c : controls_) WriteRule(*c);
    w_.EndArray();
    w_.EndObject();
    w_.EndObject();
  }

  void Text(std::string_view key, std::string_view text) {
    w_.Key(key);
    w_.StartObject(Layout::kInline);
    w_.Member("text", text);
    w_.EndObject();
  }

  void WriteRule(const ControlMeta& c) {
    const SeverityRow& severity = Severity(c.severity);
    std::string_view title = c.title.empty() ? std::string_view(c.id) : c.title;
    w_.StartObject(Layout::kLines);
    w_.Member("id", c.id);
    w_.SameLine();
    w_.Member("name", PascalCase(c.title, c.id));
    Text("shortDescription", title);
    Text("fullDescription", c.description.empty() ? title : std::string_view(c.description));
    Text("help", c.remediation.empty() ? title : std::string_view(c.remediation));
    if (c.location.file.rfind(kStdlibPrefix, 0) == 0) {
      // The control's source in the release: its title, description and remediation.
      w_.Member("helpUri", fmt::format("{}{}#L{}", StdlibBaseUri(), ToUri(c.location.file).uri,
                                       c.location.line));
    }
    w_.Key("defaultConfiguration");
    w_.StartObject(Layout::kInline);
    w_.Member("level", severity.level);
    w_.EndObject();
    w_.Key("properties");
    w_.StartObject(Layout::kLines);
    if (severity.security_severity != nullptr) {
      w_.Member("security-severity", severity.security_severity);
      w_.SameLine();
    }
    w_.Member("problem.severity", severity.problem_severity);
    w_.Key("tags");
    w_.StartArray(Layout::kInline);
    std::vector<std::string> tags = {"security"};
    auto tag = [&](std::string_view what, const std::string& value) {
      if (!value.empty()) tags.push_back(fmt::format("{}:{}", what, value));
    };
    tag("service", c.service);
    tag("layer", c.layer);
    tag("owner", c.owner);
    tag("severity", c.severity);
    for (const FrameworkRef& ref : c.frameworks) tags.push_back(ref.Label());
    if (tags.size() > kMaxTags) tags.resize(kMaxTags);
    for (const std::string& t : tags) w_.String(t);
    w_.EndArray();
    w_.EndObject();
    w_.EndObject();
  }

  void WriteInvocation() {
    w_.Key("invocations");
    w_.StartArray(Layout::kLines);
    w_.StartObject(Layout::kLines);
    w_.Key("executionSuccessful");
    w_.Bool(true);
    if (!notice_.empty()) {
      w_.Key("toolExecutionNotifications");
      w_.StartArray(Layout::kLines);
      w_.StartObject(Layout::kLines);
      w_.Key("descriptor");
      w_.StartObject(Layout::kInline);
      w_.Member("id", "results-truncated");
      w_.EndObject();
      w_.Member("level", "warning");
      Text("message", notice_);
      w_.EndObject();
      w_.EndArray();
    }
    w_.EndObject();
    w_.EndArray();
  }

  void WriteArtifactLocation(const std::string& file) {
    ArtifactUri uri = ToUri(file);
    w_.Key("artifactLocation");
    w_.StartObject(Layout::kInline);
    w_.Member("uri", uri.uri);
    if (!uri.base.empty()) w_.Member("uriBaseId", uri.base);
    w_.Member("index", artifacts_.at(file));
    w_.EndObject();
  }

  void WriteArtifacts() {
    w_.Key("artifacts");
    w_.StartArray(Layout::kLines);
    for (const auto& [file, index] : artifacts_) {
      ArtifactUri uri = ToUri(file);
      w_.StartObject(Layout::kInline);
      w_.Key("location");
      w_.StartObject(Layout::kInline);
      w_.Member("uri", uri.uri);
      if (!uri.base.empty()) w_.Member("uriBaseId", uri.base);
      w_.EndObject();
      // Inventories are what was analysed; policy files hold the controls (related locations).
      w_.Key("roles");
      w_.StartArray(Layout::kInline);
      w_.String(policies_.count(file) != 0 ? "policy" : "analysisTarget");
      w_.EndArray();
      w_.EndObject();
    }
    w_.EndArray();
  }

  void WritePhysicalLocation(const Location& where) {
    w_.Key("physicalLocation");
    w_.StartObject(Layout::kLines);
    WriteArtifactLocation(where.file);
    w_.Key("region");
    w_.StartObject(Layout::kInline);
    w_.Member("startLine", where.line == 0 ? 1 : where.line);
    uint32_t column = lines_.Column(where.file, where.line, where.column);
    if (column != 0) w_.Member("startColumn", column);
    if (where.end_line != 0) {
      w_.Member("endLine", where.end_line);
      uint32_t end = lines_.Column(where.file, where.end_line, where.end_column);
      if (end != 0) w_.Member("endColumn", end);
    }
    w_.EndObject();
    w_.EndObject();
  }

  void WriteResult(const Result& r) {
    const Finding& f = r.finding;
    const ControlMeta& c = *f.control;
    Status status = f.status == Status::kWaived ? f.waived : f.status;
    const char* level = status == Status::kError ? "error" : Severity(c.severity).level;
    w_.StartObject(Layout::kLines);
    w_.Member("ruleId", c.id);
    w_.SameLine();
    w_.Member("ruleIndex", r.rule);
    w_.SameLine();
    w_.Member("level", level);
    std::string message = f.message;
    if (message.empty()) message = c.title.empty() ? c.id : c.title;
    if (status == Status::kError) message = "ERROR: " + message;
    Text("message", message);
    w_.Key("locations");
    w_.StartArray(Layout::kLines);
    w_.StartObject(Layout::kLines);
    WritePhysicalLocation(r.where);
    if (!f.resource.empty()) {
      w_.Key("logicalLocations");
      w_.StartArray(Layout::kInline);
      w_.StartObject(Layout::kInline);
      w_.Member("name", f.resource);
      w_.Member("kind", "resource");
      w_.EndObject();
      w_.EndArray();
    }
    w_.EndObject();
    w_.EndArray();
    // The control, and the resource when the result points at one of its properties.
    bool resource_related = f.property && !f.location.empty();
    if (!c.location.empty() || resource_related) {
      w_.Key("relatedLocations");
      w_.StartArray(Layout::kLines);
      uint32_t id = 0;
      if (!c.location.empty()) {
        w_.StartObject(Layout::kLines);
        w_.Member("id", ++id);
        WritePhysicalLocation(c.location);
        Text("message", "control " + c.id);
        w_.EndObject();
      }
      if (resource_related) {
        w_.StartObject(Layout::kLines);
        w_.Member("id", ++id);
        WritePhysicalLocation(f.location);
        Text("message", "resource " + f.resource);
        w_.EndObject();
      }
      w_.EndArray();
    }
    w_.Key("partialFingerprints");
    w_.StartObject(Layout::kInline);
    w_.Member(kFingerprintKey, r.fingerprint);
    w_.EndObject();
    if (report_->has_baseline)
      w_.Member("baselineState", r.absent ? "absent" : f.baseline ? "unchanged" : "new");
    if (!r.absent && f.status == Status::kWaived && f.waiver != nullptr) {
      const Waiver& waiver = *f.waiver;
      w_.Key("suppressions");
      w_.StartArray(Layout::kLines);
      w_.StartObject(Layout::kLines);
      w_.Member("kind", "inSource");
      w_.Member("status", "accepted");
      w_.Member("justification", waiver.reason);
      if (!waiver.location.empty()) {
        w_.Key("location");
        w_.StartObject(Layout::kLines);
        WritePhysicalLocation(waiver.location);
        w_.EndObject();
      }
      w_.Key("properties");
      w_.StartObject(Layout::kInline);
      w_.Member("owner", waiver.owner);
      w_.Member("until", waiver.until);
      w_.EndObject();
      w_.EndObject();
      w_.EndArray();
    }
    w_.Key("properties");
    w_.StartObject(Layout::kInline);
    w_.Member("status", StatusName(f.status));
    w_.Member("resource", f.resource);
    if (f.block < c.resource_types.size()) w_.Member("resourceType", c.resource_types[f.block]);
    w_.EndObject();
    w_.EndObject();
  }

  const Report* report_ = nullptr;
  SarifOptions options_;
  ReportOut& out_;
  LayoutStream stream_;
  LayoutWriter w_;
  std::vector<const ControlMeta*> controls_;
  std::map<std::string, uint32_t> artifacts_;  // file -> index, by name
  std::set<std::string> policies_;             // the files that hold controls
  std::map<std::string_view, uint32_t> rule_index_;
  std::map<std::string, uint32_t> occurrences_;  // fingerprint key -> results so far
  std::vector<Result> results_;
  uint32_t dropped_ = 0;
  std::string notice_;
  SourceLines lines_;
};

}  // namespace

std::string PercentEncodePath(std::string_view path) {
  std::string out;
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

uint32_t Utf16Column(std::string_view line, uint32_t byte_column) {
  if (byte_column == 0) return 0;   // unknown
  size_t before = byte_column - 1;  // bytes before the column
  size_t end = std::min(before, line.size());
  uint32_t units = 0;
  for (size_t i = 0; i < end;) {
    size_t n = Utf8SequenceLength(line, i);
    if (n == 0) n = 1;  // a byte that is not UTF-8 counts as one unit (U+FFFD)
    units += n == 4 ? 2 : 1;
    i += n;
  }
  // Past the end of the line (the file changed since it was read): count bytes.
  return units + 1 + static_cast<uint32_t>(before - end);
}

std::string FingerprintHex(std::string_view key) {
  uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a, 64 bits
  for (char c : key) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return fmt::format("{:016x}", hash);
}

std::unique_ptr<ReportStream> OpenSarifStream(const SarifOptions& options, ReportOut& out) {
  return std::make_unique<SarifOut>(options, out);
}

std::string RenderSarif(const Report& report, const SarifOptions& options) {
  return RenderReport(report, [&](ReportOut& out) { return OpenSarifStream(options, out); });
}

}  // namespace srm::rt
