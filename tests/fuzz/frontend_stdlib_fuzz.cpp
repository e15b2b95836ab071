// Fuzz target: one policy file through the front end next to the embedded stdlib (module aws),
// so that imports of aws and its schemas, services and functions are exercised.
#include "tests/fuzz/frontend_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  srm::fuzz::FuzzFrontEnd(data, size, /*with_stdlib=*/true, /*lower=*/false);
  return 0;
}
