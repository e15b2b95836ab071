// Profiles and waivers as the runtime sees them: resolved by the front end into the control table
// (so every backend has them), applied to a report after evaluation (ApplyWaivers), and the date
// waivers are judged by (--today, SOURCE_DATE_EPOCH, else the clock).
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/report/report.h"
#include "runtime/support/dates.h"

namespace srm::rt {

// One control of a profile and its enforcement level.
struct ProfileEntry {
  std::string control;  // id
  Enforcement level = Enforcement::kHard;
};

// `profile NAME { ... }`, resolved: the controls it selects (by id) with their levels, and the
// waivers declared inside it (in force only when the profile is selected).
struct Profile {
  std::string name;
  Location location;
  std::vector<ProfileEntry> controls;  // sorted by id
  std::vector<Waiver> waivers;
};

// The date waivers are judged by: `today` when not empty (it must be YYYY-MM-DD), else
// SOURCE_DATE_EPOCH (seconds since 1970, UTC) when set, else the current UTC date. False with a
// message when `today` or SOURCE_DATE_EPOCH is malformed.
bool ResolveToday(const std::string& today, std::string& out, std::string& error);

// Applies `waivers` to the FAIL and ERROR findings of `report`: a waiver in force (its `until` is
// `today` or later) turns the findings whose control and resource it matches into kWaived; a
// waiver past its date waives nothing and adds a FAIL finding of its own (control
// kWaiverExpiredId at the waiver's location). A waiver that matches no FAIL or ERROR finding adds
// a warning ("waiver ... matches no failing finding").
void ApplyWaivers(Report& report, const std::vector<Waiver>& waivers, const std::string& today,
                  std::vector<std::string>& warnings);

// ApplyWaivers one finding at a time, for findings that are not kept (a streamed report): Apply
// each finding, then the expired waivers' findings and the warnings.
class WaiverApplier {
 public:
  WaiverApplier(const std::vector<Waiver>& waivers, std::string today);
  void Apply(Finding& f);
  // The FAIL findings of the waivers past their date, in report order (empty when none).
  std::vector<Finding> Expired() const;
  // The waivers in force that matched no finding Apply saw.
  void Warnings(std::vector<std::string>& warnings) const;

 private:
  std::string today_;
  std::vector<std::shared_ptr<const Waiver>> waivers_;
  std::vector<bool> expired_, matched_;
};

// Serialisation inside the control table's JSON document (runtime/eval/control_table.cpp).
using JsonOut = rapidjson::Writer<rapidjson::StringBuffer>;
void WritePolicyRules(const std::vector<Profile>& profiles, const std::vector<Waiver>& waivers,
                      JsonOut& w);
// Reads what WritePolicyRules wrote from the members of `doc`; false when it is malformed.
bool ReadPolicyRules(const rapidjson::Value& doc, std::vector<Profile>& profiles,
                     std::vector<Waiver>& waivers);

}  // namespace srm::rt
