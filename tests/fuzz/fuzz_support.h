// Shared by the fuzz targets (tests/fuzz, docs/fuzzing.md): the embedded stdlib checked once,
// inventory bytes loaded through a temporary file, a large stack, and oracles that abort.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "compiler/sema/program.h"
#include "runtime/eval/control_table.h"
#include "runtime/inventory/schema_map.h"
#include "runtime/report/report.h"

namespace srm::fuzz {

// Prints "fuzz oracle failed: WHAT" and the details to stderr, then aborts (a libFuzzer crash).
[[noreturn]] void Fail(std::string_view what, std::string_view details = {});

// Runs `body` on a thread with a 256 MiB stack, as srm runs its main (deeply nested input must
// meet the project's nesting limits, not the fuzzer's 8 MiB stack).
void RunOnLargeStack(const std::function<void()>& body);

// The embedded standard library, parsed and checked once (aborts if it does not compile), and
// the schema map the loaders use with it, and its control table.
const sema::Program& StdlibProgram();
const rt::SchemaMap& StdlibSchemas();
const rt::ControlTable& StdlibControls();

// Writes `data` as `name` into this process's temporary directory (under /dev/shm when it exists,
// removed at exit) and returns its path.
std::string WriteTempFile(std::string_view name, std::string_view data);

// Checks that a report renders to text and to JSON that parses; aborts otherwise.
void CheckReport(const rt::Report& report);

// Loads `data`, written as `file_name`, as an inventory with `format` forced. A failed load must
// leave the inventory empty and say why. A successful one resolves its references and is
// evaluated by the stdlib controls with the interpreter (CheckReport). Returns whether it loaded.
bool LoadAndCheck(std::string_view data, std::string_view file_name, rt::InputFormat format);

}  // namespace srm::fuzz
