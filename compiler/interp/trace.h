// `srm explain`: the record of how the interpreter evaluated one control on one resource (each
// `when`, `let`, `assert`, property read, quantifier iteration and call), built through trace
// hooks in interp.cpp that cost one null test each when no tracer is given, and its rendering.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast/ast.h"
#include "runtime/eval/evaluate.h"
#include "runtime/inventory/inventory.h"
#include "runtime/report/report.h"

namespace srm::sema {
struct Program;
}

namespace srm::interp {

// One step of an evaluation. Scoped steps (when, let, assert, quantifier, iteration, call) hold
// the steps they took (the events after them with a greater depth) and end with `result`.
struct TraceEvent {
  enum class Kind : uint8_t { kWhen, kLet, kAssert, kQuant, kIteration, kCall, kRead, kMessage };
  Kind kind = Kind::kRead;
  uint32_t depth = 0;
  ast::SourceRange range;  // in the policy
  std::string label;       // the source text, or "x = <element>" for an iteration
  std::string value;       // kRead: the value read; kMessage: the message
  std::string where;       // the value's inventory location ("file:line:col"), or ""
  std::string result;      // scoped steps: how it ended; empty when a fault ended it
  bool closed = false;     // a scoped step that ended normally
  uint32_t hidden = 0;     // kQuant: iterations not recorded (Tracer::kMaxIterations)
};

// The evaluation of the control on one resource, or on one variant of it (an assignment of
// conditions known only at deployment, Resource::variants).
struct ResourceTrace {
  std::string resource;    // logical id
  std::string type;        // inventory type
  std::string location;    // of the resource, "file:line:col"
  std::string assumption;  // the variant's, e.g. "IsProd=true"; empty when not a variant
  std::vector<TraceEvent> events;
  rt::Outcome outcome;
};

// Records the evaluations of resources whose logical id is `resource`. The interpreter calls
// Begin for every evaluation and, when it returns true, the other hooks until End.
class Tracer {
 public:
  // Iterations of one quantifier recorded; later ones are counted in TraceEvent::hidden.
  static constexpr uint32_t kMaxIterations = 20;
  static constexpr size_t kNone = static_cast<size_t>(-1);

  explicit Tracer(std::string resource) : resource_(std::move(resource)) {}

  bool Begin(const rt::Resource& r, const rt::Inventory& inventory);
  void End(const rt::Outcome& outcome);
  // A scoped step; returns its handle for Close (kNone when it is not recorded).
  size_t Open(TraceEvent::Kind kind, const ast::SourceRange& range, std::string label,
              std::string where = "", uint32_t iteration = 0);
  void Close(size_t handle, std::string result);
  void Leaf(TraceEvent::Kind kind, const ast::SourceRange& range, std::string label,
            std::string value, std::string where = "");

  const std::vector<ResourceTrace>& traces() const { return traces_; }

 private:
  std::string resource_;
  std::vector<ResourceTrace> traces_;
  uint32_t depth_ = 0;
  uint32_t muted_ = 0;  // > 0 inside an iteration that is not recorded
};

// "value" cut to at most `max` bytes (UTF-8 safe, with "..."), control characters as \xNN.
std::string Shorten(std::string_view text, size_t max = 80);

// The text report of `srm explain`: every trace, then the verdict (`findings`, the findings
// `srm check` gives the control on those resources).
std::string RenderTraceText(const sema::Program& program, const rt::ControlMeta& control,
                            const std::vector<ResourceTrace>& traces,
                            const std::vector<rt::Finding>& findings);
// The same as a JSON document (RapidJSON).
std::string RenderTraceJson(const sema::Program& program, const rt::ControlMeta& control,
                            const std::vector<ResourceTrace>& traces,
                            const std::vector<rt::Finding>& findings);

}  // namespace srm::interp
