// `srm explain --control ID -i T --resource R`: the interpreter's step-by-step evaluation of one
// control on one resource, with the values it read and the verdict `srm check` gives (docs/cli.md).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "compiler/driver/driver.h"
#include "runtime/cli/check_run.h"

namespace srm::driver {

struct ExplainOptions {
  rt::CheckRunOptions run;  // the inventories, --input-format, --param(s), --max-steps, --today
  std::string control;
  std::string resource;
  std::string format = "text";
};

// Adds the `explain` subcommand to `app`, its options stored in `common` and `explain`.
CLI::App* AddExplain(CLI::App& app, CommonOptions& common, ExplainOptions& explain);
int RunExplain(const CommonOptions& common, const ExplainOptions& explain);

}  // namespace srm::driver
