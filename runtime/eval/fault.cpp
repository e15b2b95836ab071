#include "runtime/eval/fault.h"

#include <fmt/format.h>

namespace srm::rt {

Outcome FaultOutcome(FaultKind kind, std::string_view where) {
  switch (kind) {
#define SRM_FAULT_CASE(kind, status, message) \
  case FaultKind::kind:                       \
    return Outcome{Status::status, fmt::format(message, where), {}, {}};
    SRM_FAULT_KINDS(SRM_FAULT_CASE)
#undef SRM_FAULT_CASE
  }
  return Outcome{Status::kError, "internal error: unknown fault", {}, {}};
}

bool FaultKindOf(int32_t n, FaultKind& out) {
  switch (static_cast<FaultKind>(n)) {
#define SRM_FAULT_CASE(kind, status, message) \
  case FaultKind::kind:                       \
    out = FaultKind::kind;                    \
    return true;
    SRM_FAULT_KINDS(SRM_FAULT_CASE)
#undef SRM_FAULT_CASE
  }
  return false;
}

}  // namespace srm::rt
