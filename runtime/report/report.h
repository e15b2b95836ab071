// The report model of a check run: controls (their metadata), findings with structured
// locations, counts. Writers (text_writer.h, json_writer.h, ...) render it; nothing here is text.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace srm::rt {

enum class Status : uint8_t { kPass, kFail, kSkip, kError };
const char* StatusName(Status s);  // "PASS", "FAIL", "SKIP", "ERROR"

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
  uint32_t order = 0;         // position in the control table (controls are sorted by id)
  std::string id;             // e.g. "S3_DEFAULT_ENCRYPTION"
  std::string title;          // one line
  std::string description;    // the control's `description`, or empty
  std::string remediation;    // how to fix a failure, or empty
  std::string resource_type;  // the inventory type it checks, e.g. "AWS::S3::Bucket"
  std::string service, layer, owner, severity;
  std::vector<FrameworkRef> frameworks;
  Location location;  // of the control's name in its policy
};

struct Finding {
  std::shared_ptr<const ControlMeta> control;
  Status status = Status::kSkip;
  std::string resource;  // logical id; empty for a "no resource applies" SKIP
  Location location;     // of the resource in the inventory; empty when none
  std::string message;
};

struct Report {
  std::vector<Finding> findings;
  std::map<std::string, uint32_t> unmodelled;  // resource types no schema names -> count
  // The inventory files of the run, as given: where formats that need a file for every finding
  // (SARIF) anchor findings that have no location.
  std::vector<std::string> inventories;
  uint32_t Count(Status s) const;
  void Sort();  // by control id, then resource, then location (LocationLess); stable
};

// The order of Report::Sort.
bool FindingLess(const Finding& a, const Finding& b);

}  // namespace srm::rt
