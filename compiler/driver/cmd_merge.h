// `srm merge REPORT... [--format F] [--output FILE] [--show fail|all]`: joins the JSON reports
// of the N shards of one `srm check --shard K/N` run (runtime/report/merge.h) and renders the
// result with the writers `srm check` uses: the bytes and the exit code of the unsharded run
// (docs/scale-out.md).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace srm::driver {

struct MergeOptions {
  std::vector<std::string> reports;  // the shards' JSON reports
  std::string format;                // empty: from --output's extension, else text
  std::string output;                // empty: stdout
  std::string show = "fail";
  std::string color = "auto";
};

// Adds the `merge` subcommand to `app`, its options stored in `merge`.
CLI::App* AddMergeCommand(CLI::App& app, MergeOptions& merge);
int RunMerge(const MergeOptions& merge);

}  // namespace srm::driver
