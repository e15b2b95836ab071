#include "runtime/eval/budget.h"

namespace srm::rt {

StepCounter::StepCounter(const BudgetOptions& options)
    : limit_(options.max_steps == 0 ? UINT64_MAX : options.max_steps),
      max_steps_(options.max_steps),
      max_seconds_(options.max_seconds),
      deadline_(std::chrono::steady_clock::now() + std::chrono::seconds(options.max_seconds)) {}

bool StepCounter::WithinDeadline(std::string& error) const {
  if (max_seconds_ == 0 || std::chrono::steady_clock::now() < deadline_) return true;
  error = "evaluation time limit of " + std::to_string(max_seconds_) +
          " s exceeded (--max-seconds); this finding was not evaluated to the end";
  return false;
}

bool StepCounter::SlowStep(std::string& error) {
  if (steps_ > limit_) {
    error = "evaluation budget of " + std::to_string(max_steps_) +
            " steps (function calls and quantifier iterations) exceeded on this resource "
            "(--max-steps)";
    return false;
  }
  return WithinDeadline(error);
}

}  // namespace srm::rt
