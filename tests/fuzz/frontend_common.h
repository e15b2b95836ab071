// The body of the two front-end fuzz targets (frontend, frontend_stdlib): the input is one policy
// file, parsed and type-checked with or without the embedded stdlib.
#pragma once

#include <cstddef>
#include <cstdint>

namespace srm::fuzz {

// Runs the front end on `data` as "fuzz.srm" (after the stdlib files when `with_stdlib`). It must
// fail exactly when it reports an error, and diagnostics must render. When it succeeds and
// `lower` is set, the program must lower to LLVM IR that verifies.
void FuzzFrontEnd(const uint8_t* data, size_t size, bool with_stdlib, bool lower);

}  // namespace srm::fuzz
