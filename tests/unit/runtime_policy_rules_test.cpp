// Unit tests of profiles, waivers and baselines at run time: dates, ApplyWaivers, the exit code
// by enforcement level, the control table's round trip, ApplyProfile.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>

#include "runtime/cli/check_rules.h"
#include "runtime/cli/check_run.h"
#include "runtime/eval/control_table.h"
#include "runtime/report/policy_rules.h"

using namespace srm::rt;

namespace {

std::shared_ptr<ControlMeta> Control(const std::string& id, const std::string& severity) {
  auto c = std::make_shared<ControlMeta>();
  c->id = id;
  c->severity = severity;
  return c;
}

Finding Make(std::shared_ptr<const ControlMeta> c, Status s, const std::string& resource) {
  Finding f;
  f.control = std::move(c);
  f.status = s;
  f.resource = resource;
  f.location.file = "t.json";
  f.location.line = 1;
  f.location.column = 1;
  return f;
}

Waiver Waive(const std::string& control, const std::string& resource, const std::string& until) {
  Waiver w;
  w.control = control;
  w.resource = resource;
  w.until = until;
  w.reason = "why";
  w.owner = "who";
  w.location = {"p.srm", 3, 1, 0, 0};
  return w;
}

}  // namespace

TEST_CASE("IsIsoDate accepts calendar days only", "[runtime][waivers]") {
  CHECK(IsIsoDate("2027-03-31"));
  CHECK(IsIsoDate("2024-02-29"));  // leap year
  CHECK(IsIsoDate("2000-02-29"));
  CHECK_FALSE(IsIsoDate("2100-02-29"));
  CHECK_FALSE(IsIsoDate("2027-02-29"));
  CHECK_FALSE(IsIsoDate("2027-04-31"));
  CHECK_FALSE(IsIsoDate("2027-13-01"));
  CHECK_FALSE(IsIsoDate("2027-00-10"));
  CHECK_FALSE(IsIsoDate("2027-1-10"));
  CHECK_FALSE(IsIsoDate("2027-01-1x"));
  CHECK_FALSE(IsIsoDate(""));
}

TEST_CASE("ResolveToday: --today, SOURCE_DATE_EPOCH, errors", "[runtime][waivers]") {
  std::string today, error;
  CHECK(ResolveToday("2027-01-02", today, error));
  CHECK(today == "2027-01-02");
  CHECK_FALSE(ResolveToday("2027-02-30", today, error));
  ::setenv("SOURCE_DATE_EPOCH", "86400", 1);
  CHECK(ResolveToday("", today, error));
  CHECK(today == "1970-01-02");
  ::setenv("SOURCE_DATE_EPOCH", "1x", 1);
  CHECK_FALSE(ResolveToday("", today, error));
  CHECK(error.find("SOURCE_DATE_EPOCH") != std::string::npos);
  ::unsetenv("SOURCE_DATE_EPOCH");
}

TEST_CASE("ApplyWaivers waives, expires and warns", "[runtime][waivers]") {
  auto a = Control("CT.S3.PR.2", "medium");
  Report r;
  r.findings.push_back(Make(a, Status::kFail, "Logs"));
  r.findings.push_back(Make(a, Status::kError, "Logs2"));
  r.findings.push_back(Make(a, Status::kPass, "Data"));
  std::vector<std::string> warnings;
  ApplyWaivers(r,
               {Waive("CT.S3.*", "Logs*", "2027-03-31"), Waive("CT.S3.PR.2", "Data", "2027-03-31")},
               "2027-03-31", warnings);
  CHECK(r.findings[0].status == Status::kWaived);
  CHECK(r.findings[0].waived == Status::kFail);
  CHECK(r.findings[1].status == Status::kWaived);
  CHECK(r.findings[1].waived == Status::kError);
  CHECK(r.findings[2].status == Status::kPass);  // a PASS is never waived
  REQUIRE(warnings.size() == 1);                 // the waiver of Data matches no failing finding
  CHECK(FindingsExitCode(r, "info", false) == kExitOk);

  Report later;
  later.findings.push_back(Make(a, Status::kFail, "Logs"));
  warnings.clear();
  ApplyWaivers(later, {Waive("CT.S3.PR.2", "Logs", "2027-03-31")}, "2027-04-01", warnings);
  REQUIRE(later.findings.size() == 2);
  CHECK(later.findings[0].status == Status::kFail);  // the covered finding counts again
  CHECK(later.findings[1].control->id == kWaiverExpiredId);
  CHECK(later.findings[1].status == Status::kFail);
  CHECK(warnings.empty());
  // The expired waiver fails the run even where --fail-on would let the finding pass.
  later.findings.erase(later.findings.begin());
  CHECK(FindingsExitCode(later, "critical", true) == kExitFindings);
}

TEST_CASE("FindingsExitCode follows enforcement levels and baselines", "[runtime][waivers]") {
  auto make = [](Enforcement level, Status s) {
    auto c = Control("C", "low");
    c->enforcement = level;
    Report r;
    r.findings.push_back(Make(c, s, "x"));
    return r;
  };
  CHECK(FindingsExitCode(make(Enforcement::kAdvisory, Status::kError), "info", false) == kExitOk);
  CHECK(FindingsExitCode(make(Enforcement::kSoft, Status::kFail), "info", false) == kExitFindings);
  CHECK(FindingsExitCode(make(Enforcement::kSoft, Status::kFail), "info", true) == kExitOk);
  CHECK(FindingsExitCode(make(Enforcement::kSoft, Status::kFail), "high", false) == kExitOk);
  CHECK(FindingsExitCode(make(Enforcement::kHard, Status::kFail), "high", true) == kExitFindings);
  CHECK(FindingsExitCode(make(Enforcement::kNone, Status::kFail), "high", false) == kExitOk);
  Report r = make(Enforcement::kNone, Status::kError);
  std::set<BaselineKey> keys = {KeyOf(r.findings[0])};
  BaselineMarker(keys, {}).Mark(r.findings[0]);
  CHECK(r.findings[0].baseline);
  CHECK(FindingsExitCode(r, "info", false) == kExitOk);
}

TEST_CASE("Profiles and waivers round-trip through the control table", "[runtime][waivers]") {
  ControlTable table;
  auto a = Control("A", "high");
  auto b = Control("B", "low");
  b->order = 1;
  table.controls = {a, b};
  Profile p;
  p.name = "ci";
  p.location = {"p.srm", 1, 9, 0, 0};
  p.controls = {{"B", Enforcement::kSoft}};
  p.waivers = {Waive("B", "x", "2027-01-01")};
  p.waivers[0].profile = "ci";
  table.profiles = {p};
  table.waivers = {Waive("A", "*", "2027-02-01")};
  ControlTable back;
  std::string error;
  REQUIRE(ControlTable::Parse(table.Serialize(), back, error));
  REQUIRE(back.profiles.size() == 1);
  CHECK(back.profiles[0].controls[0].level == Enforcement::kSoft);
  CHECK(back.profiles[0].waivers[0].profile == "ci");
  CHECK(back.waivers[0].until == "2027-02-01");

  std::vector<Waiver> waivers;
  REQUIRE(ApplyProfile("ci", back, waivers, error));
  REQUIRE(back.controls.size() == 1);
  CHECK(back.controls[0]->id == "B");
  CHECK(back.controls[0]->enforcement == Enforcement::kSoft);
  CHECK(waivers.size() == 2);
  CHECK_FALSE(ApplyProfile("cj", back, waivers, error));
  CHECK(error == "unknown profile 'cj'; did you mean 'ci'?");
}
