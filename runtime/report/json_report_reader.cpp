#include "runtime/report/json_report_reader.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <map>
#include <memory>

#include "runtime/report/json_writer.h"
#include "runtime/support/json_read.h"
#include "runtime/support/source.h"

namespace srm::rt {
namespace {

using Json = rapidjson::Value;

// Reading one report; every Get says false after setting `error_` to what is wrong where.
class Reader {
 public:
  explicit Reader(std::string& error) : error_(error) {}

  bool Read(const Json& root, Report& out) {
    if (!root.IsObject()) return Fail("the report", "is not an object");
    uint32_t version = 0;
    if (!JsonGet(root, "version", version))
      return Fail("the report", root.HasMember("runs") ? "is a SARIF log" : "has no \"version\"");
    if (version != kJsonReportVersion)
      return Fail("the report", "is of version " + std::to_string(version) + ", not " +
                                    std::to_string(kJsonReportVersion) +
                                    " (written by another version of srm)");
    const Json* controls = Member(root, "controls", "the report");
    if (controls == nullptr || !IsObject(*controls, "controls")) return false;
    for (auto it = controls->MemberBegin(); it != controls->MemberEnd(); ++it) {
      auto c = std::make_shared<ControlMeta>();
      c->id.assign(it->name.GetString(), it->name.GetStringLength());
      c->order = static_cast<uint32_t>(controls_.size());
      if (!ReadControl(it->value, "controls." + c->id, *c)) return false;
      controls_[c->id] = std::move(c);
    }
    const Json* findings = Member(root, "findings", "the report");
    if (findings == nullptr) return false;
    if (!findings->IsArray()) return Fail("findings", "is not an array");
    size_t index = 0;
    for (const Json& f : findings->GetArray()) {
      Finding finding;
      if (!ReadFinding(f, "findings[" + std::to_string(index++) + "]", finding)) return false;
      out.findings.push_back(std::move(finding));
    }
    const Json* summary = Member(root, "summary", "the report");
    if (summary == nullptr || !IsObject(*summary, "summary")) return false;
    out.has_baseline = summary->HasMember("baseline");
    const Json* unmodelled = Member(root, "unmodelled", "the report");
    if (unmodelled == nullptr || !IsObject(*unmodelled, "unmodelled")) return false;
    for (auto it = unmodelled->MemberBegin(); it != unmodelled->MemberEnd(); ++it) {
      if (!it->value.IsUint()) return Fail("unmodelled", "holds a count that is not a number");
      out.unmodelled[std::string(it->name.GetString(), it->name.GetStringLength())] =
          it->value.GetUint();
    }
    if (auto shard = root.FindMember("shard"); shard != root.MemberEnd()) {
      ShardInfo info;
      const Json& s = shard->value;
      if (!s.IsObject() || !JsonGet(s, "index", info.index) || !JsonGet(s, "count", info.count) ||
          !JsonGet(s, "by", info.by) || !JsonGet(s, "version", info.version) ||
          !JsonGet(s, "fail_on", info.fail_on) || !GetBool(s, "allow_soft", info.allow_soft) ||
          !GetStrings(s, "inventories", out.inventories))
        return Fail("shard",
                    "is not {index, count, by, version, fail_on, allow_soft, inventories}");
      out.shard = std::move(info);
    }
    return CheckSummary(*summary, out);
  }

 private:
  bool Fail(const std::string& where, const std::string& what) {
    error_ = where + " " + what;
    return false;
  }
  const Json* Member(const Json& object, const char* key, const std::string& where) {
    auto it = object.FindMember(key);
    if (it != object.MemberEnd()) return &it->value;
    Fail(where, std::string("has no \"") + key + "\"");
    return nullptr;
  }
  bool IsObject(const Json& v, const std::string& where) {
    return v.IsObject() || Fail(where, "is not an object");
  }
  static bool GetBool(const Json& object, const char* key, bool& out) {
    auto it = object.FindMember(key);
    if (it == object.MemberEnd() || !it->value.IsBool()) return false;
    out = it->value.GetBool();
    return true;
  }
  static bool GetStrings(const Json& object, const char* key, std::vector<std::string>& out) {
    auto it = object.FindMember(key);
    if (it == object.MemberEnd() || !it->value.IsArray()) return false;
    for (const Json& v : it->value.GetArray()) {
      if (!v.IsString()) return false;
      out.emplace_back(v.GetString(), v.GetStringLength());
    }
    return true;
  }

  // null, or {"file", "line", "column"[, "end_line", "end_column"]}.
  bool ReadLocation(const Json& object, const std::string& where, Location& out) {
    auto it = object.FindMember("location");
    if (it == object.MemberEnd()) return Fail(where, "has no \"location\"");
    const Json& l = it->value;
    if (l.IsNull()) return true;
    if (!l.IsObject() || !JsonGet(l, "file", out.file) || !JsonGet(l, "line", out.line) ||
        !JsonGet(l, "column", out.column))
      return Fail(where + ".location", "is not null or {file, line, column}");
    if (l.HasMember("end_line") &&
        (!JsonGet(l, "end_line", out.end_line) || !JsonGet(l, "end_column", out.end_column)))
      return Fail(where + ".location", "has a malformed end");
    return true;
  }

  bool ReadControl(const Json& c, const std::string& where, ControlMeta& out) {
    if (!IsObject(c, where)) return false;
    if (!JsonGet(c, "title", out.title) || !JsonGet(c, "description", out.description) ||
        !JsonGet(c, "remediation", out.remediation) ||
        !GetStrings(c, "resource_types", out.resource_types) ||
        !JsonGet(c, "service", out.service) || !JsonGet(c, "layer", out.layer) ||
        !JsonGet(c, "owner", out.owner) || !JsonGet(c, "severity", out.severity))
      return Fail(where, "lacks a member of a control (title, ..., severity)");
    if (std::string level; JsonGet(c, "enforcement", level)) {
      bool known = false;
      for (Enforcement e : {Enforcement::kAdvisory, Enforcement::kSoft, Enforcement::kHard}) {
        if (level == EnforcementName(e)) {
          out.enforcement = e;
          known = true;
        }
      }
      if (!known) return Fail(where, "has an unknown enforcement '" + level + "'");
    }
    auto frameworks = c.FindMember("frameworks");
    if (frameworks == c.MemberEnd() || !frameworks->value.IsArray())
      return Fail(where, "has no \"frameworks\" array");
    for (const Json& f : frameworks->value.GetArray()) {
      FrameworkRef ref;
      if (!f.IsObject() || !JsonGet(f, "framework", ref.framework) ||
          !JsonGet(f, "reference", ref.reference))
        return Fail(where + ".frameworks", "holds an entry that is not {framework, reference}");
      out.frameworks.push_back(std::move(ref));
    }
    return ReadLocation(c, where, out.location);
  }

  bool ReadStatus(const Json& object, const std::string& where, Status& out) {
    std::string name;
    if (!JsonGet(object, "status", name)) return Fail(where, "has no \"status\"");
    for (Status s :
         {Status::kPass, Status::kFail, Status::kSkip, Status::kError, Status::kWaived}) {
      if (name == StatusName(s)) {
        out = s;
        return true;
      }
    }
    return Fail(where, "has an unknown status '" + name + "'");
  }

  bool ReadFinding(const Json& f, const std::string& where, Finding& out) {
    if (!IsObject(f, where)) return false;
    std::string control;
    if (!JsonGet(f, "control", control)) return Fail(where, "has no \"control\"");
    auto it = controls_.find(control);
    if (it == controls_.end()) return Fail(where, "names the control '" + control + "' of none");
    out.control = it->second;
    if (!ReadStatus(f, where, out.status)) return false;
    if (!JsonGet(f, "resource", out.resource) || !JsonGet(f, "message", out.message))
      return Fail(where, "has no \"resource\" and \"message\"");
    if (!ReadLocation(f, where, out.location)) return false;
    auto property = f.FindMember("property");
    if (property == f.MemberEnd()) return Fail(where, "has no \"property\"");
    if (!property->value.IsNull()) {
      const Json& p = property->value;
      PropertyRef read;
      if (!p.IsObject() || !JsonGet(p, "resource", read.resource) ||
          !JsonGet(p, "path", read.path) || !GetBool(p, "absent", read.absent) ||
          !ReadLocation(p, where + ".property", read.location) || read.empty())
        return Fail(where + ".property", "is not null or {resource, path, absent, location}");
      out.property = std::move(read);
    }
    if (f.HasMember("baseline") && !GetBool(f, "baseline", out.baseline))
      return Fail(where + ".baseline", "is not true or false");
    if (auto w = f.FindMember("waiver"); w != f.MemberEnd()) {
      auto waiver = std::make_shared<Waiver>();
      const Json& v = w->value;
      std::string at = where + ".waiver";
      if (!v.IsObject() || !JsonGet(v, "control", waiver->control) ||
          !JsonGet(v, "resource", waiver->resource) || !JsonGet(v, "until", waiver->until) ||
          !JsonGet(v, "because", waiver->reason) || !JsonGet(v, "by", waiver->owner) ||
          !JsonGet(v, "profile", waiver->profile) || !ReadLocation(v, at, waiver->location))
        return Fail(at, "is not {control, resource, until, because, by, profile, location}");
      if (v.HasMember("in_inventory") && !GetBool(v, "in_inventory", waiver->in_inventory))
        return Fail(at + ".in_inventory", "is not true or false");
      if (out.status == Status::kWaived && !ReadStatus(v, at, out.waived)) return false;
      out.waiver = std::move(waiver);
    }
    if (f.HasMember("block") && !JsonGet(f, "block", out.block))
      return Fail(where + ".block", "is not a number");
    return true;
  }

  // The summary must count what the findings hold: a report edited by hand is refused.
  bool CheckSummary(const Json& summary, const Report& report) {
    for (Status s :
         {Status::kPass, Status::kFail, Status::kSkip, Status::kError, Status::kWaived}) {
      std::string name = StatusName(s);
      for (char& c : name) c = static_cast<char>(c - 'A' + 'a');
      uint32_t count = 0;
      if (!JsonGet(summary, name.c_str(), count) || count != report.Count(s))
        return Fail("summary." + name, "does not count the findings");
    }
    uint32_t baseline = 0;
    if (report.has_baseline &&
        (!JsonGet(summary, "baseline", baseline) || baseline != report.BaselineCount()))
      return Fail("summary.baseline", "does not count the findings");
    return true;
  }

  std::string& error_;
  std::map<std::string, std::shared_ptr<ControlMeta>> controls_;
};

}  // namespace

bool ParseJsonReport(std::string_view text, const std::string& path, Report& out,
                     std::string& error) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    SourceFile file(path, std::string(text));
    error = file.Where(static_cast<uint32_t>(doc.GetErrorOffset())) +
            ": error: not a JSON report of srm check (not JSON: " +
            rapidjson::GetParseError_En(doc.GetParseError()) + ")";
    return false;
  }
  std::string what;
  if (!Reader(what).Read(doc, out)) {
    error = path + ": error: not a JSON report of srm check: " + what;
    return false;
  }
  return true;
}

bool ReadJsonReport(const std::string& path, Report& out, std::string& error) {
  std::string text, why;
  if (!ReadFileLimited(path, 4ull << 30, 0, false, text, why)) {
    error = "error: cannot read the report '" + path + "': " + why;
    return false;
  }
  return ParseJsonReport(text, path, out, error);
}

}  // namespace srm::rt
