#include "runtime/report/frameworks.h"

namespace srm::rt {

const Framework* FindFramework(const std::vector<Framework>& frameworks, const std::string& name) {
  for (const Framework& f : frameworks) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace srm::rt
