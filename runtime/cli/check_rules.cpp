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

}  // namespace

bool ReadBaseline(const std::string& path, std::set<BaselineKey>& keys, std::string& error) {
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
    if (status == "FAIL" || status == "ERROR" || status == "WAIVED")
      keys.emplace(control, file, resource);
  }
  return true;
}

void MarkBaseline(Report& report, const std::set<BaselineKey>& keys) {
  report.has_baseline = true;
  for (Finding& f : report.findings) {
    if (f.status != Status::kFail && f.status != Status::kError) continue;
    f.baseline = keys.count(KeyOf(f)) != 0;
  }
}

}  // namespace srm::rt
