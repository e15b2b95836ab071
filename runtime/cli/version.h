// The SRM version and the git commit `srm` and the runtime libraries were built from, for
// `srm --version` and a checker's `--version` (generated at build time: cmake/version.cmake).
#pragma once

#include <string>
#include <string_view>

namespace srm::rt {

const char* Version();  // "0.1.0"
const char* Commit();   // 12 hex digits, or "unknown" when not built from a git checkout
// "NAME 0.1.0 (commit 0123456789ab)"
std::string VersionLine(std::string_view name);

}  // namespace srm::rt
