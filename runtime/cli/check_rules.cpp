#include "runtime/cli/check_rules.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <map>
#include <memory>

#include "runtime/support/source.h"
#include "runtime/support/suggest.h"

namespace srm::rt {

bool ApplyProfile(const std::string& name, ControlTable& selected, std::vector<Waiver>& waivers,
                  std::string& error) {
  waivers = selected.waivers;
  if (name.empty()) return true;
  const Profile* profile = nullptr;
  std::vector<std::string> names;
  for (const Profile& p : selected.profiles) {
    names.push_back(p.name);
    if (p.name == name) profile = &p;
  }
  if (profile == nullptr) {
    error = "unknown profile '" + name + "'";
    std::string best = ClosestMatch(name, names);
    if (!best.empty()) {
      error += "; did you mean '" + best + "'?";
    } else if (names.empty()) {
      error += " (the policies declare no profile)";
    } else {
      std::string list;
      for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
      error += " (profiles: " + list + ")";
    }
    return false;
  }
  std::map<std::string, Enforcement> levels;
  for (const ProfileEntry& e : profile->controls) levels[e.control] = e.level;
  std::vector<std::shared_ptr<const ControlMeta>> kept;
  for (const std::shared_ptr<const ControlMeta>& c : selected.controls) {
    auto it = levels.find(c->id);
    if (it == levels.end()) continue;
    auto graded = std::make_shared<ControlMeta>(*c);
    graded->enforcement = it->second;
    kept.push_back(std::move(graded));
  }
  selected.controls = std::move(kept);
  waivers.insert(waivers.end(), profile->waivers.begin(), profile->waivers.end());
  return true;
}

BaselineKey KeyOf(const Finding& f) { return {f.control->id, f.location.file, f.resource}; }

namespace {

// "findings[3]: ...": a finding of the baseline that is not what a report holds.
bool Member(const rapidjson::Value& v, const char* key, std::string& out) {
  auto it = v.FindMember(key);
  if (it == v.MemberEnd() || !it->value.IsString()) return false;
  out.assign(it->value.GetString(), it->value.GetStringLength());
  return true;
}

// What a baseline says of a location ({"file", "line", "column"[, "end_line", "end_column"]});
// the members it lacks stay empty.
Location LocationOf(const rapidjson::Value& v) {
  Location out;
  auto it = v.FindMember("location");
  if (it == v.MemberEnd() || !it->value.IsObject()) return out;
  const rapidjson::Value& l = it->value;
  Member(l, "file", out.file);
  for (auto [key, field] : {std::pair{"line", &out.line},
                            {"column", &out.column},
                            {"end_line", &out.end_line},
                            {"end_column", &out.end_column}}) {
    auto n = l.FindMember(key);
    if (n != l.MemberEnd() && n->value.IsUint()) *field = n->value.GetUint();
  }
  return out;
}

// A control of a baseline (ReadBaseline's `failing`): its id, and what the report's "controls"
// say of it.
std::shared_ptr<const ControlMeta> BaselineControl(
    const rapidjson::Value& root, const std::string& id,
    std::map<std::string, std::shared_ptr<const ControlMeta>>& seen) {
  auto [it, fresh] = seen.try_emplace(id);
  if (!fresh) return it->second;
  auto c = std::make_shared<ControlMeta>();
  c->id = id;
  auto controls = root.FindMember("controls");
  if (controls != root.MemberEnd() && controls->value.IsObject()) {
    auto entry = controls->value.FindMember(id.c_str());
    if (entry != controls->value.MemberEnd() && entry->value.IsObject()) {
      const rapidjson::Value& v = entry->value;
      Member(v, "title", c->title);
      Member(v, "description", c->description);
      Member(v, "remediation", c->remediation);
      Member(v, "severity", c->severity);
      c->location = LocationOf(v);
    }
  }
  it->second = std::move(c);
  return it->second;
}

// The status a baseline finding failed with: FAIL or ERROR, or the one a WAIVED finding
// covered (FAIL when the report does not say).
Status FailedStatus(const rapidjson::Value& f, const std::string& status) {
  if (status == "ERROR") return Status::kError;
  std::string covered;
  auto waiver = f.FindMember("waiver");
  if (status == "WAIVED" && waiver != f.MemberEnd() && waiver->value.IsObject() &&
      Member(waiver->value, "status", covered) && covered == "ERROR")
    return Status::kError;
  return Status::kFail;
}

}  // namespace

bool ReadBaseline(const std::string& path, std::set<BaselineKey>& keys, std::string& error,
                  std::vector<Finding>* failing) {
  std::string text, why;
  if (!ReadFile(path, text, why)) {
    error = "cannot read the baseline '" + path + "': " + why;
    return false;
  }
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    SourceFile file(path, text);
    error =
        file.Where(static_cast<uint32_t>(doc.GetErrorOffset())) +
        ": error: the baseline is not JSON: " + rapidjson::GetParseError_En(doc.GetParseError());
    return false;
  }
  auto fail = [&](const std::string& what) {
    error = path + ": error: the baseline is not a JSON report of srm check: " + what;
    return false;
  };
  if (!doc.IsObject()) return fail("not an object");
  const rapidjson::Value& root = doc;  // const iterators: clang's C++20 == is then unambiguous
  auto version = root.FindMember("version");
  if (version == root.MemberEnd() || !version->value.IsUint() || version->value.GetUint() < 2)
    return fail("no \"version\" of 2 or later (write one with --update-baseline)");
  auto findings = root.FindMember("findings");
  if (findings == root.MemberEnd() || !findings->value.IsArray())
    return fail("no \"findings\" array");
  size_t index = 0;
  std::map<std::string, std::shared_ptr<const ControlMeta>> controls;  // of `failing`
  for (const rapidjson::Value& f : findings->value.GetArray()) {
    std::string where = "findings[" + std::to_string(index++) + "]";
    std::string control, status, resource, file;
    if (!f.IsObject() || !Member(f, "control", control) || !Member(f, "status", status) ||
        !Member(f, "resource", resource))
      return fail(where + " has no \"control\", \"status\" and \"resource\" strings");
    auto location = f.FindMember("location");
    if (location == f.MemberEnd() ||
        !(location->value.IsNull() ||
          (location->value.IsObject() && Member(location->value, "file", file))))
      return fail(where + " has no \"location\" (null or an object with a \"file\")");
    if (status != "FAIL" && status != "ERROR" && status != "WAIVED") continue;
    keys.emplace(control, file, resource);
    if (failing == nullptr) continue;
    Finding out;
    out.control = BaselineControl(root, control, controls);
    out.status = FailedStatus(f, status);
    out.resource = resource;
    Member(f, "message", out.message);
    out.location = LocationOf(f);
    // The property it pointed at: where SARIF located it.
    if (auto p = f.FindMember("property"); p != f.MemberEnd() && p->value.IsObject()) {
      PropertyRef property;
      Member(p->value, "resource", property.resource);
      Member(p->value, "path", property.path);
      property.location = LocationOf(p->value);
      if (!property.empty()) out.property = std::move(property);
    }
    failing->push_back(std::move(out));
  }
  return true;
}

BaselineMarker::BaselineMarker(const std::set<BaselineKey>& keys, std::vector<Finding> failing)
    : keys_(keys), failing_(std::move(failing)) {
  for (const Finding& f : failing_) failing_keys_.insert(KeyOf(f));
}

void BaselineMarker::Mark(Finding& f) {
  bool failing = f.status == Status::kFail || f.status == Status::kError;
  if (!failing && f.status != Status::kWaived) return;
  BaselineKey key = KeyOf(f);
  if (failing) f.baseline = keys_.count(key) != 0;
  if (failing_keys_.count(key) != 0) seen_.insert(std::move(key));
}

std::vector<Finding> BaselineMarker::Absent() {
  std::vector<Finding> absent;
  for (Finding& f : failing_) {
    if (seen_.count(KeyOf(f)) == 0) absent.push_back(std::move(f));
  }
  failing_.clear();
  return absent;
}

}  // namespace srm::rt
