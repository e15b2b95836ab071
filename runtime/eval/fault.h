// Evaluation faults, each declared once with the outcome it gives and its message: the
// interpreter calls FaultOutcome, generated code calls srm_fault (abi.h) with the kind's number,
// so no backend words a fault on its own. `{}` in a message is the faulting source text; a
// message without `{}` ignores it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/eval/evaluate.h"

// X(kind, outcome status, message)
#define SRM_FAULT_KINDS(X)                                                                         \
  X(kIntegerOverflow, kError, "integer overflow in '{}'")                                          \
  X(kDivisionByZero, kError, "division by zero in '{}'")                                           \
  X(kAssertionFailed, kFail, "assertion failed: {}")                                               \
  X(kNoValue, kError, "condition '{}' has no value")                                               \
  X(kNotDataType, kError, "a schema field has type {}, which inventory data cannot hold")          \
  X(kAbsentAfterNarrowing, kError, "internal error: a value the checker proved present is absent") \
  X(kInternal, kError, "internal error: {}")

namespace srm::rt {

enum class FaultKind : int32_t {
#define SRM_FAULT_ENUM(kind, status, message) kind,
  SRM_FAULT_KINDS(SRM_FAULT_ENUM)
#undef SRM_FAULT_ENUM
};

// The outcome of fault `kind` at `where`: its status (ERROR, or FAIL for a failed assertion
// without a message of its own) and its message.
Outcome FaultOutcome(FaultKind kind, std::string_view where);
// The fault kind numbered `n` (generated code passes FaultKind as int32_t); false when none is.
bool FaultKindOf(int32_t n, FaultKind& out);

}  // namespace srm::rt
