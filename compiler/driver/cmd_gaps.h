// `srm gaps -i INVENTORY... [POLICY...] [--format text|json|md] [--fail-on-gaps] [--profile P]
// [--today D]`: for every service present in the inventories, the layers the customer owns or
// shares, the controls that cover each with their verdict counts on the inventories (waivers
// applied as by srm check), and the layers no control covers (runtime/report/gaps.h;
// docs/model.md).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "compiler/driver/driver.h"
#include "compiler/sema/program.h"
#include "runtime/cli/check_run.h"
#include "runtime/inventory/inventory.h"
#include "runtime/report/gaps.h"
#include "runtime/report/report.h"

namespace srm::driver {

struct GapsOptions {
  // -i, --input-format, --param, --params, --max-steps, --profile, --today
  rt::CheckRunOptions run;
  std::string format = "text";
  bool fail_on_gaps = false;  // exit 1 when a customer layer of a present service has no control
};

// The gaps of a checked program on a loaded inventory: `selected` the controls that cover layers
// (all, or a profile's), `report` their findings there with waivers applied.
rt::GapsReport BuildGaps(const sema::Program& program, const rt::ControlTable& selected,
                         const rt::Inventory& inventory, const rt::Report& report);

// Adds the `gaps` subcommand to `app`, its options stored in `common` and `gaps`.
CLI::App* AddGapsCommand(CLI::App& app, CommonOptions& common, GapsOptions& gaps);
int RunGaps(const CommonOptions& common, const GapsOptions& gaps);

}  // namespace srm::driver
