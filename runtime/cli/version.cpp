#include "runtime/cli/version.h"

#include "srm_version.h"  // generated in the build tree: SRM_VERSION_TEXT, SRM_GIT_COMMIT

namespace srm::rt {

const char* Version() { return SRM_VERSION_TEXT; }
const char* Commit() { return SRM_GIT_COMMIT; }
std::string VersionLine(std::string_view name) {
  return std::string(name) + " " + Version() + " (commit " + Commit() + ")";
}

}  // namespace srm::rt
