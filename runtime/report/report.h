// Findings of a check run and the report writers (text and JSON). Deterministic: findings are
// sorted by control then resource, and rendering depends on nothing but the report.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace srm::rt {

enum class Status : uint8_t { kPass, kFail, kSkip, kError };
const char* StatusName(Status s);  // "PASS", "FAIL", "SKIP", "ERROR"

// What every finding of one control shares; one per control, not one per finding.
struct ControlMeta {
  std::string control;        // control id, e.g. "S3_DEFAULT_ENCRYPTION"
  std::string title;          // control title
  std::string resource_type;  // e.g. "AWS::S3::Bucket"
  std::string service, layer, owner, severity;
  std::string policy_location;          // "file:line:col" of the control
  std::vector<std::string> frameworks;  // e.g. "HIPAA 164.312(a)(2)(iv)"
};

struct Finding {
  std::shared_ptr<const ControlMeta> meta;
  Status status = Status::kSkip;
  std::string resource;            // logical id; empty for a "no resource applies" SKIP
  std::string inventory_location;  // "file:line:col" of the resource; empty when none
  std::string message;
};

struct Report {
  std::vector<Finding> findings;
  std::map<std::string, uint32_t> unmodelled;  // resource types no schema names -> count
  uint32_t Count(Status s) const;
  void Sort();  // by control, then resource, then inventory_location
};

// One JSON document: {"findings":[...],"summary":{"pass","fail","skip","error"},
// "unmodelled":{...}}, followed by a newline.
std::string RenderJson(const Report& report);
// Human text grouped by control; ANSI colours when `color`.
std::string RenderText(const Report& report, bool color);
// JSON string literal with escapes (quotes included).
std::string JsonQuote(std::string_view s);

}  // namespace srm::rt
