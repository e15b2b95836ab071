// Fuzz target: one policy file through the front end without the stdlib (parse, type check),
// and a checked program through code generation and the IR verifier.
#include "tests/fuzz/frontend_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  srm::fuzz::FuzzFrontEnd(data, size, /*with_stdlib=*/false, /*lower=*/true);
  return 0;
}
