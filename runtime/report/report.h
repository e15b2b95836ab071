// The report model of a check run: controls (their metadata), findings with structured
// locations, counts. Writers (text_writer.h, json_writer.h, ...) render it; nothing here is text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/support/boxed.h"

namespace srm::rt {

// kWaived: a FAIL or ERROR finding a waiver in force covers (Finding::waiver says which, and
// Finding::waived the status it covered); it stays in every report and does not fail the run.
enum class Status : uint8_t { kPass, kFail, kSkip, kError, kWaived };
inline constexpr size_t kStatusCount = 5;  // the statuses above
const char* StatusName(Status s);          // "PASS", "FAIL", "SKIP", "ERROR", "WAIVED"

// A control's enforcement level in the selected profile (`srm check --profile`, Sentinel's
// levels): advisory never fails the run, soft fails it unless --allow-soft, hard always does.
// kNone: no profile was selected (--fail-on alone decides).
enum class Enforcement : uint8_t { kNone, kAdvisory, kSoft, kHard };
const char* EnforcementName(Enforcement e);  // "", "advisory", "soft", "hard"

// A place in a policy or inventory file. Lines and columns are 1-based (columns in bytes); an
// end of 0 means unknown. An empty `file` means "no location".
struct Location {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t end_line = 0;    // exclusive end, when known
  uint32_t end_column = 0;  // exclusive end, when known
  bool empty() const { return file.empty(); }
};
// "file:line:col", or "" for an empty location.
std::string FormatLocation(const Location& where);
// By file, then line, then column.
bool LocationLess(const Location& a, const Location& b);

// A control's mapping to a compliance framework: "HIPAA" "164.312(a)(2)(iv)".
struct FrameworkRef {
  std::string framework;
  std::string reference;
  std::string Label() const { return framework + " " + reference; }
};

// What every finding of one control shares: one entry of the control table (see
// runtime/eval/control_table.h), built once per program.
struct ControlMeta {
  uint32_t order = 0;       // position in the control table (controls are sorted by id)
  std::string id;           // e.g. "S3_DEFAULT_ENCRYPTION"
  std::string module;       // the module that declares it, e.g. "aws"
  std::string title;        // one line
  std::string description;  // the control's `description`, or empty
  std::string remediation;  // how to fix a failure, or empty
  // The inventory types it checks, one per `for` block, e.g. {"AWS::S3::Bucket"}.
  std::vector<std::string> resource_types;
  std::string service, layer, owner, severity;
  std::vector<FrameworkRef> frameworks;
  Location location;                             // of the control's name in its policy
  Enforcement enforcement = Enforcement::kNone;  // set by the selected profile (ApplyProfile)
};

// A waiver: `waive CONTROL on "RESOURCE" until DATE because "..." by "...";` in a policy (at the
// top level of a module or in a profile). `control` and `resource` may be globs (fnmatch(3)).
struct Waiver {
  std::string control;   // id or glob
  std::string resource;  // logical id or glob
  std::string until;     // YYYY-MM-DD: the last day the waiver is in force
  std::string reason;    // `because`
  std::string owner;     // `by`
  std::string profile;   // the profile that declares it; empty: the module level
  Location location;     // of the `waive` in its policy, or of the entry in its inventory
  // Declared in an inventory (CloudFormation Metadata.srm.waive): `resource` is that resource's
  // id (not a glob) and the waiver covers findings of that file (location.file) only.
  bool in_inventory = false;
};

// The property a FAIL finding points at (docs/reports.md): the last inventory read before its
// assert failed. `path` is dotted from the resource's properties (`A.B[2].C`; "" when the value
// is not in the resource's own properties), `location` where the value is, or for an absent
// property the nearest object that exists (`absent`). Empty when there is none.
struct PropertyRef {
  std::string resource;  // the id of another resource whose property it is ("": the finding's)
  std::string path;
  bool absent = false;
  Location location;
  bool empty() const { return location.empty(); }
};

// "t.json:3:51 (Encryption.Enabled)", "t.json:3:33 (Name: absent)", or the location alone when
// the path is unknown; "" for none.
std::string FormatProperty(const PropertyRef& property);

struct Finding {
  std::shared_ptr<const ControlMeta> control;
  Status status = Status::kSkip;
  std::string resource;  // logical id; empty for a "no resource applies" SKIP
  Location location;     // of the resource in the inventory; empty when none
  // FAIL findings: the property the failed assert read last; empty (and 8 bytes: findings are
  // held by the million) when there is none, never a PropertyRef whose location is empty.
  Boxed<PropertyRef> property;
  uint32_t block =
      0;  // the `for` block that checked it: its type is control->resource_types[block]
  std::string message;
  // kWaived: the waiver and the status it covered. A FAIL finding of an expired waiver
  // (control kWaiverExpiredId) points at that waiver too, with `waived` kSkip.
  std::shared_ptr<const Waiver> waiver;
  Status waived = Status::kSkip;
  // `--baseline`: the finding (FAIL or ERROR) was already in the baseline report, so it does
  // not fail the run.
  bool baseline = false;
};

// The control of the FAIL finding a waiver past its date becomes.
inline constexpr const char* kWaiverExpiredId = "SRM.WAIVER_EXPIRED";

// A report of `srm check --shard K/N` (docs/scale-out.md): which shard it is and what `srm merge`
// needs to join the N shards' reports into the bytes of the unsharded run. The JSON report
// writes it (with each finding's `block` and each waiver's `in_inventory`); merge compares it.
struct ShardInfo {
  uint32_t index = 0, count = 0;  // K of N, 0-based
  std::string by;                 // --shard-by: "file" or "resource"
  std::string version;            // the version line of the srm or checker that wrote it
  std::string fail_on;            // --fail-on and --allow-soft: the merged run's exit code
  bool allow_soft = false;
};

struct Report {
  std::vector<Finding> findings;
  std::map<std::string, uint32_t> unmodelled;  // resource types no schema names -> count
  // The inventory files of the run, as given: where formats that need a file for every finding
  // (SARIF) anchor findings that have no location.
  std::vector<std::string> inventories;
  bool has_baseline = false;       // `--baseline` was given: findings say whether they are new
  std::optional<ShardInfo> shard;  // `--shard`: inventories are every file of the run
  uint32_t Count(Status s) const;
  uint32_t BaselineCount() const;  // findings marked baseline
  void Sort();  // by control id, then resource, then location (LocationLess); stable
};

// The order of Report::Sort.
bool FindingLess(const Finding& a, const Finding& b);
// Sorts `findings` by FindingLess, stably, moving each finding at most once.
void SortFindings(std::vector<Finding>& findings);

}  // namespace srm::rt
