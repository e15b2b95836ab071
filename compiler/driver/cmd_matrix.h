// `srm matrix [POLICY...] [--service S]... [--format md|csv|json|html]`: the responsibility
// matrix of the services the policies (and the stdlib) declare, with the controls on each layer
// (runtime/report/matrix.h; docs/model.md).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "compiler/driver/driver.h"
#include "compiler/sema/program.h"
#include "runtime/report/matrix.h"

namespace srm::driver {

struct MatrixOptions {
  std::vector<std::string> services;  // --service: only these; empty: all
  std::string format = "md";
};

// The matrix of a checked program: every service with every layer of the program, and the
// controls on each (service, layer).
rt::ResponsibilityMatrix BuildMatrix(const sema::Program& program);

// Adds the `matrix` subcommand to `app`, its options stored in `common` and `matrix`.
CLI::App* AddMatrixCommand(CLI::App& app, CommonOptions& common, MatrixOptions& matrix);
int RunMatrix(const CommonOptions& common, const MatrixOptions& matrix);

}  // namespace srm::driver
