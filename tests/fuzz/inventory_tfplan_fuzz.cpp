// Fuzz target: the input as a Terraform plan or state JSON file (plan.json, format forced), loaded
// with its references resolved and, when it loads, checked by the stdlib controls.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  srm::fuzz::LoadAndCheck(std::string_view(reinterpret_cast<const char*>(data), size), "plan.json",
                          srm::rt::InputFormat::kTfPlan);
  return 0;
}
