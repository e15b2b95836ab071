// `srm fmt`: rewrites policy files in the canonical layout (docs/cli.md, srm fmt).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace srm::driver {

struct FmtOptions {
  std::vector<std::string> files;  // files or directories (.srm files in them)
  bool check = false;              // --check: list the files that would change, exit 1
  bool write = false;              // -w: rewrite the files in place
  std::string color = "auto";
};

CLI::App* AddFmtCommand(CLI::App& app, FmtOptions& opts);
// Exit codes: 0 done (or, with --check, every file is formatted), 1 with --check when a file
// would change, 2 unreadable file, syntax error or internal formatter error.
int RunFmt(const FmtOptions& opts);

}  // namespace srm::driver
