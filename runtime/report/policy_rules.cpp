#include "runtime/report/policy_rules.h"

#include <fmt/format.h>
#include <fnmatch.h>

#include <charconv>
#include <cstdlib>
#include <ctime>

#include "runtime/support/json_read.h"

namespace srm::rt {

bool ResolveToday(const std::string& today, std::string& out, std::string& error) {
  if (!today.empty()) {
    if (!IsIsoDate(today)) {
      error = "--today '" + today + "' is not a date (YYYY-MM-DD)";
      return false;
    }
    out = today;
    return true;
  }
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    std::string_view text(epoch);
    long long seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc{} || end != text.data() + text.size() || seconds < 0) {
      error = "SOURCE_DATE_EPOCH '" + std::string(text) + "' is not a number of seconds";
      return false;
    }
    now = static_cast<std::time_t>(seconds);
  }
  std::tm utc{};
  gmtime_r(&now, &utc);
  out = fmt::format("{:04}-{:02}-{:02}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
  return true;
}

namespace {

bool Matches(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

std::string Describe(const Waiver& w) {
  std::string where = FormatLocation(w.location);
  return fmt::format("waiver of {} on \"{}\"{}", w.control, w.resource,
                     where.empty() ? "" : " (" + where + ")");
}

}  // namespace

WaiverApplier::WaiverApplier(const std::vector<Waiver>& waivers, std::string today)
    : today_(std::move(today)), matched_(waivers.size()) {
  for (const Waiver& waiver : waivers) {
    waivers_.push_back(std::make_shared<const Waiver>(waiver));
    expired_.push_back(waiver.until < today_);  // ISO dates compare as strings
  }
}

void WaiverApplier::Apply(Finding& f) {
  if (f.resource.empty()) return;
  for (size_t i = 0; i < waivers_.size(); ++i) {
    const Waiver& waiver = *waivers_[i];
    bool expired = expired_[i];
    bool failing = f.status == Status::kFail || f.status == Status::kError ||
                   (f.status == Status::kWaived && !expired);
    if (!failing) continue;  // most findings: no fnmatch for them
    bool resource_matches = waiver.in_inventory ? f.resource == waiver.resource &&
                                                      f.location.file == waiver.location.file
                                                : Matches(waiver.resource, f.resource);
    if (!resource_matches || !Matches(waiver.control, f.control->id)) continue;
    matched_[i] = true;
    if (expired || f.status == Status::kWaived) continue;  // the first waiver in force wins
    f.waived = f.status;
    f.status = Status::kWaived;
    f.waiver = waivers_[i];
  }
}

std::vector<Finding> WaiverApplier::Expired() const {
  std::vector<Finding> added;
  std::shared_ptr<ControlMeta> control;
  for (size_t i = 0; i < waivers_.size(); ++i) {
    if (!expired_[i]) continue;
    const Waiver& waiver = *waivers_[i];
    if (control == nullptr) {
      control = std::make_shared<ControlMeta>();
      control->id = kWaiverExpiredId;
      control->title = "Waivers are renewed or removed when they expire";
      control->remediation =
          "fix what the waiver covered, or renew it with a new 'until' date and a reason";
      // No severity: FindingsExitCode fails the run on it whatever --fail-on says.
    }
    Finding f;
    f.control = control;
    f.status = Status::kFail;
    f.resource = waiver.resource;
    f.location = waiver.location;
    f.message = fmt::format("the waiver of {} on \"{}\" by {} expired on {} (today is {}): {}",
                            waiver.control, waiver.resource, waiver.owner, waiver.until, today_,
                            waiver.reason);
    f.waiver = waivers_[i];
    added.push_back(std::move(f));
  }
  SortFindings(added);
  return added;
}

void WaiverApplier::Warnings(std::vector<std::string>& warnings) const {
  for (size_t i = 0; i < waivers_.size(); ++i) {
    if (!expired_[i] && !matched_[i])
      warnings.push_back(Describe(*waivers_[i]) + " matches no FAIL or ERROR finding");
  }
}

void ApplyWaivers(Report& report, const std::vector<Waiver>& waivers, const std::string& today,
                  std::vector<std::string>& warnings) {
  WaiverApplier applier(waivers, today);
  for (Finding& f : report.findings) applier.Apply(f);
  applier.Warnings(warnings);
  std::vector<Finding> added = applier.Expired();
  if (added.empty()) return;
  for (Finding& f : added) report.findings.push_back(std::move(f));
  report.Sort();
}

// --- serialisation --------------------------------------------------------------------------

namespace {

void Put(JsonOut& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void PutLocation(JsonOut& w, const Location& l) {
  w.Key("location");
  w.StartObject();
  Put(w, "file", l.file);
  w.Key("line");
  w.Uint(l.line);
  w.Key("column");
  w.Uint(l.column);
  w.EndObject();
}

void PutWaivers(JsonOut& w, const std::vector<Waiver>& waivers) {
  w.StartArray();
  for (const Waiver& v : waivers) {
    w.StartObject();
    Put(w, "control", v.control);
    Put(w, "resource", v.resource);
    Put(w, "until", v.until);
    Put(w, "because", v.reason);
    Put(w, "by", v.owner);
    Put(w, "profile", v.profile);
    PutLocation(w, v.location);
    w.EndObject();
  }
  w.EndArray();
}

bool GetLocation(const rapidjson::Value& object, Location& out) {
  auto it = object.FindMember("location");
  if (it == object.MemberEnd() || !it->value.IsObject()) return false;
  return JsonGet(it->value, "file", out.file) && JsonGet(it->value, "line", out.line) &&
         JsonGet(it->value, "column", out.column);
}

bool GetWaivers(const rapidjson::Value& array, std::vector<Waiver>& out) {
  if (!array.IsArray()) return false;
  for (const rapidjson::Value& v : array.GetArray()) {
    Waiver waiver;
    if (!v.IsObject() || !JsonGet(v, "control", waiver.control) ||
        !JsonGet(v, "resource", waiver.resource) || !JsonGet(v, "until", waiver.until) ||
        !JsonGet(v, "because", waiver.reason) || !JsonGet(v, "by", waiver.owner) ||
        !JsonGet(v, "profile", waiver.profile) || !GetLocation(v, waiver.location) ||
        !IsIsoDate(waiver.until))
      return false;
    out.push_back(std::move(waiver));
  }
  return true;
}

bool ParseLevel(std::string_view name, Enforcement& out) {
  for (Enforcement e : {Enforcement::kAdvisory, Enforcement::kSoft, Enforcement::kHard}) {
    if (name == EnforcementName(e)) {
      out = e;
      return true;
    }
  }
  return false;
}

}  // namespace

void WritePolicyRules(const std::vector<Profile>& profiles, const std::vector<Waiver>& waivers,
                      JsonOut& w) {
  w.Key("profiles");
  w.StartArray();
  for (const Profile& p : profiles) {
    w.StartObject();
    Put(w, "name", p.name);
    PutLocation(w, p.location);
    w.Key("controls");
    w.StartArray();
    for (const ProfileEntry& e : p.controls) {
      w.StartObject();
      Put(w, "id", e.control);
      Put(w, "level", EnforcementName(e.level));
      w.EndObject();
    }
    w.EndArray();
    w.Key("waivers");
    PutWaivers(w, p.waivers);
    w.EndObject();
  }
  w.EndArray();
  w.Key("waivers");
  PutWaivers(w, waivers);
}

bool ReadPolicyRules(const rapidjson::Value& doc, std::vector<Profile>& profiles,
                     std::vector<Waiver>& waivers) {
  auto ps = doc.FindMember("profiles");
  auto ws = doc.FindMember("waivers");
  if (ps == doc.MemberEnd() || !ps->value.IsArray() || ws == doc.MemberEnd()) return false;
  for (const rapidjson::Value& v : ps->value.GetArray()) {
    Profile p;
    if (!v.IsObject() || !JsonGet(v, "name", p.name) || !GetLocation(v, p.location)) return false;
    auto cs = v.FindMember("controls");
    auto pw = v.FindMember("waivers");
    if (cs == v.MemberEnd() || !cs->value.IsArray() || pw == v.MemberEnd() ||
        !GetWaivers(pw->value, p.waivers))
      return false;
    for (const rapidjson::Value& c : cs->value.GetArray()) {
      ProfileEntry e;
      std::string level;
      if (!c.IsObject() || !JsonGet(c, "id", e.control) || !JsonGet(c, "level", level) ||
          !ParseLevel(level, e.level))
        return false;
      p.controls.push_back(std::move(e));
    }
    profiles.push_back(std::move(p));
  }
  return GetWaivers(ws->value, waivers);
}

}  // namespace srm::rt
