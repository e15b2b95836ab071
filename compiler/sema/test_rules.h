// Policy unit tests (`test` blocks, run by `srm test`): checks them against the program's
// controls and resolves each into the inventories to load and the findings it expects.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/sema/program.h"
#include "runtime/report/report.h"

namespace srm::sema {

// One inventory of a test: a file (resolved against the .srm file's directory), or inline text.
struct TestInventory {
  std::string path;  // the file to read; for inline text, the name findings are located in
  bool is_inline = false;
  bool yaml = false;  // inline text: YAML (else JSON)
  // Inline text: the whole .srm file with everything outside the triple quotes blanked (newlines
  // kept), so that loaders locate their errors and findings at the .srm file's lines and columns.
  std::string text;
};

// `expect CONTROL [on "RESOURCE"] is STATUS;`
struct TestExpectation {
  std::string control;
  std::optional<std::string> resource;  // absent: every finding of the control
  rt::Status status = rt::Status::kPass;
  rt::Location location;  // of the `expect`
};

struct TestCase {
  std::string name;
  std::string file;  // the .srm file that declares it
  rt::Location location;
  std::vector<TestInventory> inventories;
  std::vector<TestExpectation> expectations;
};

// Checks the `test` blocks of every file of a checked program: each has an inventory and an
// expectation, its inventory files exist, its controls exist (with a "did you mean") and its
// statuses are known; test names are unique in a file. Fills `tests` in file order. Returns
// false when an error was reported.
bool CheckTests(const Program& program, DiagnosticEngine& diags, std::vector<TestCase>& tests);

}  // namespace srm::sema
