// Tree-walking evaluation of the checked AST. Property names are resolved to interned ids once
// per run; inventory values are read in place and validated against the schema when accessed.
// This half runs a control's statements on one resource; interp_expr.cpp evaluates expressions.
#include "compiler/interp/interp.h"

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ast/overloaded.h"
#include "compiler/interp/interp_internal.h"
#include "compiler/sema/control_table.h"
#include "runtime/eval/evaluate.h"
#include "runtime/eval/fault.h"

namespace srm::interp {
namespace internal {

rt::Outcome Interp::EvalResource(const sema::ControlInfo& c, uint32_t block,
                                 const rt::Resource& r) {
  const ast::ForBlock& fb = c.decl->fors.at(block);
  res_ = &r;
  read_ = {};
  failed_ = false;
  steps_.Reset();
  rt::Outcome out;
  if (std::string late; !steps_.WithinDeadline(late)) return {rt::Status::kError, late, {}, {}};
  // How an evaluation that failed (Fail) ends: with its error, after the failed asserts it went
  // past (`ended` below).
  auto failure = [&]() {
    rt::Outcome ended;
    ended.status = error_.status;
    ended.message = std::move(error_.message);
    ended.read = read_;  // a FAIL here is a strict read of data of another kind: that read
    return ended;
  };
  {
    Val v;
    v.k = Val::K::kResource;
    v.res = &r;
    slots_[fb.var_id] = v;
    if (fb.when) {
      size_t traced = trace_ ? trace_->Open(TraceEvent::Kind::kWhen, fb.when->range, "") : 0;
      bool keep = Truth(*fb.when);
      if (failed_) return failure();
      if (trace_) trace_->Close(traced, keep ? "true" : "false: SKIP");
      if (observer_) observer_->OnWhen(fb.when->id, keep);
      if (!keep) return {rt::Status::kSkip, rt::kFilteredByWhen, {}, {}};
    }
    for (const ast::Stmt& s : fb.body) {
      // A failed guard assert ends the evaluation with its finding; another failed assert is
      // recorded and evaluation goes on (sema::Program::guard_asserts).
      std::optional<rt::Outcome> ended = std::visit(
          Overloaded{
              [&](const ast::LetStmt& let) -> std::optional<rt::Outcome> {
                size_t traced = trace_ ? trace_->Open(TraceEvent::Kind::kLet, s.range, "") : 0;
                Val value = Eval(*let.value);
                if (failed_) return failure();
                slots_[let.var_id] = std::move(value);
                if (trace_) trace_->Close(traced, Show(slots_[let.var_id]));
                if (observer_) observer_->OnLet(s.id);
                return std::nullopt;
              },
              [&](const ast::AssertStmt& a) -> std::optional<rt::Outcome> {
                size_t traced = trace_ ? trace_->Open(TraceEvent::Kind::kAssert, s.range, "") : 0;
                bool held = Truth(*a.cond);
                if (failed_) return failure();
                if (observer_) observer_->OnAssert(s.id, held);
                if (held) {
                  if (trace_) trace_->Close(traced, "true");
                  return std::nullopt;
                }
                rt::Read read = read_;  // what the condition read last, not the message
                Tracer* tracing = std::exchange(trace_, nullptr);  // not the message's reads
                std::string message = a.message ? Render(*a.message)
                                                : rt::FaultOutcome(rt::FaultKind::kAssertionFailed,
                                                                   SourceText(a.cond->range))
                                                      .message;
                if (failed_) return failure();  // the message's fault (not traced further)
                if ((trace_ = tracing)) {
                  trace_->Leaf(TraceEvent::Kind::kMessage, s.range, "", Shorten(message, 200));
                  trace_->Close(traced, IsGuard(s.id) ? "false: FAIL (a guard: the evaluation ends)"
                                                      : "false: FAIL");
                }
                if (!IsGuard(s.id)) {
                  out.failed.push_back({std::move(message), read});
                  return std::nullopt;
                }
                rt::Outcome failed;
                failed.status = rt::Status::kFail;
                failed.message = std::move(message);
                failed.read = read;
                return failed;
              },
          },
          s.node);
      if (ended) {
        ended->failed = std::move(out.failed);
        return *ended;
      }
    }
  }
  return out;
}

rt::Outcome Interp::EvalControl(const sema::ControlInfo& c, uint32_t block, const rt::Resource& r) {
  if (tracer_ == nullptr) return EvalResource(c, block, r);
  trace_ = tracer_->Begin(r, inv_) ? tracer_ : nullptr;
  rt::Outcome outcome = EvalResource(c, block, r);
  if (trace_) tracer_->End(outcome);
  trace_ = nullptr;
  return outcome;
}

}  // namespace internal

rt::Report Evaluate(const sema::Program& program, const rt::ControlTable& controls,
                    const rt::Inventory& inventory, const rt::BudgetOptions& budget, Tracer* tracer,
                    EvalObserver* observer, uint32_t jobs, const rt::ControlSink* sink) {
  if (tracer != nullptr || observer != nullptr) jobs = 1;  // they record one evaluation at a time
  std::vector<const sema::ControlInfo*> infos = sema::EvaluatedControls(program);
  std::set<std::string> modelled;
  for (const auto& [type, _] : program.by_cfn_type) modelled.insert(type);
  rt::StepCounter steps(budget);                           // the run's deadline, for every thread
  std::vector<std::unique_ptr<internal::Interp>> interps;  // one per evaluating thread
  return rt::EvaluateControls(
      controls, inventory, modelled,
      [&]() -> rt::EvalFn {
        interps.push_back(
            std::make_unique<internal::Interp>(program, inventory, steps, tracer, observer));
        internal::Interp* interp = interps.back().get();
        return [interp, &infos](const rt::ControlMeta& c, uint32_t block, const rt::Resource& r) {
          return interp->EvalControl(*infos.at(c.order), block, r);
        };
      },
      jobs, sink);
}

}  // namespace srm::interp
