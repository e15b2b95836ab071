// The evaluation budget: every function call and quantifier iteration is a step; a control that
// takes more steps on one resource than the budget, or a run past its time limit, ends that
// finding in ERROR. Shared by the interpreter and generated code (through srm_step).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace srm::rt {

// Steps one control may take on one resource unless `--max-steps` says otherwise.
inline constexpr uint64_t kDefaultMaxSteps = 1'000'000;

struct BudgetOptions {
  uint64_t max_steps = kDefaultMaxSteps;  // per control and resource; 0: no limit
  uint32_t max_seconds = 0;               // for the whole evaluation; 0: no limit
};

// Counts the steps of one evaluation and watches the run's deadline. Not thread-safe: one per
// evaluating thread.
class StepCounter {
 public:
  explicit StepCounter(const BudgetOptions& options = {});
  // Called before each control is evaluated on a resource.
  void Reset() { steps_ = 0; }
  // One step. Returns false (and the message in `error`) when the budget or the deadline is
  // exceeded.
  bool Step(std::string& error) {
    if (++steps_ > limit_ || (steps_ & 1023) == 0) return SlowStep(error);
    return true;
  }
  // False (with the message in `error`) once the deadline has passed; checked before each
  // resource too.
  bool WithinDeadline(std::string& error) const;

 private:
  bool SlowStep(std::string& error);

  uint64_t steps_ = 0;
  uint64_t limit_;
  uint64_t max_steps_;
  uint32_t max_seconds_;
  std::chrono::steady_clock::time_point deadline_;
};

}  // namespace srm::rt
