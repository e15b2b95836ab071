#include "runtime/cli/check_run.h"

#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <set>
#include <utility>

#include "runtime/cli/check_rules.h"
#include "runtime/cli/inventory_paths.h"
#include "runtime/cli/parameters.h"
#include "runtime/cli/shard.h"
#include "runtime/inventory/loaders.h"
#include "runtime/report/json_writer.h"
#include "runtime/report/policy_rules.h"
#include "runtime/report/writers.h"

namespace srm::rt {

bool UseColor(const std::string& mode, int fd) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return isatty(fd) != 0;
}

namespace {

// ".txt text, .json json, ...": the extensions --output knows, from the writers table.
std::string ExtensionList() {
  std::string list;
  for (const ReportWriter& w : ReportWriters()) {
    for (std::string_view ext : w.extensions) {
      list += (list.empty() ? "" : ", ") + std::string(ext) + " " + w.name;
    }
  }
  return list;
}

}  // namespace

void ApplyRunWaivers(Report& report, const Inventory& inventory, std::vector<Waiver> waivers,
                     const std::string& today, std::vector<std::string>& warnings) {
  AddInventoryWaivers(inventory, waivers);
  ApplyWaivers(report, waivers, today, warnings);
}

// The waivers declared in the inventories (CloudFormation Metadata.srm), as policy waivers are.
void AddInventoryWaivers(const Inventory& inventory, std::vector<Waiver>& out) {
  for (const InventoryWaiver& iw : inventory.waivers()) {
    const Resource& r = inventory.resources()[iw.resource];
    const SourceFile& file = inventory.file(r.file);
    LineCol at = file.Locate(iw.offset);
    Waiver w;
    w.control = std::string(iw.control);
    w.resource = std::string(r.id);
    w.until = std::string(iw.until);
    w.reason = std::string(iw.because);
    w.owner = std::string(iw.by);
    w.location = Location{file.path(), at.line, at.col};
    w.in_inventory = true;
    out.push_back(std::move(w));
  }
}

std::string ReportOutputHelp() {
  return "Write the report to this file instead of stdout; unless --format is given, the "
         "file's extension gives the format (" +
         ExtensionList() + ")";
}

namespace {

const ReportWriter* ChooseWriter(const CheckRunOptions& options) {
  return ChooseReportWriter(options.format, options.output);
}

// False after a message when --output or --update-baseline names one of the inventories (it
// would be overwritten with the report).
bool OutputIsNoInput(const CheckRunOptions& options) {
  for (auto [option, output] : {std::pair{"--output", &options.output},
                                std::pair{"--update-baseline", &options.update_baseline}}) {
    if (output->empty()) continue;
    for (const std::string& path : options.inventories) {
      std::error_code error;
      if (path == *output || std::filesystem::equivalent(path, *output, error)) {
        std::cerr << "error: " << option << " '" << *output << "' is the inventory '" << path
                  << "'; choose another file\n";
        return false;
      }
    }
  }
  return true;
}

// What a shard's JSON report records for srm merge.
ShardInfo ShardRecord(const CheckRunOptions& options) {
  ShardSpec spec;
  std::string error;
  ParseShardOptions(options.shard, options.shard_by, spec,
                    error);  // LoadInventories has checked it
  ShardInfo info;
  info.index = spec.index;
  info.count = spec.count;
  info.by = ShardByName(spec.by);
  info.version = options.version;
  info.fail_on = options.fail_on;
  info.allow_soft = options.allow_soft;
  return info;
}

}  // namespace

const ReportWriter* ChooseReportWriter(const std::string& format, const std::string& output) {
  if (!format.empty()) {
    const ReportWriter* writer = FindReportWriter(format);
    if (writer == nullptr) std::cerr << "error: unknown output format '" << format << "'\n";
    return writer;
  }
  if (output.empty()) return &ReportWriters().front();
  const ReportWriter* writer = FindReportWriterForPath(output);
  if (writer == nullptr) {
    std::cerr << "error: cannot tell the report format from the name '" << output << "' ("
              << ExtensionList() << "); give --format\n";
  }
  return writer;
}

bool WriteReportTo(const std::string& path, const std::function<void(ReportOut& out)>& write) {
  std::FILE* f = path.empty() ? stdout : std::fopen(path.c_str(), "wb");
  int error = errno;
  bool ok = f != nullptr;
  if (ok) {
    ReportOut out(f);
    write(out);
    out.Flush();
    ok = out.ok();
    error = out.error();
  }
  if (f != nullptr && f != stdout && std::fclose(f) != 0 && ok) {
    ok = false;
    error = errno;
  }
  if (!ok) {
    std::cerr << "error: cannot write the report to '" << (path.empty() ? "stdout" : path)
              << "': " << std::strerror(error) << "\n";
  }
  return ok;
}

int LoadInventories(const CheckRunOptions& options, const SchemaMap& schemas, Inventory& inventory,
                    std::vector<std::string>& files) {
  LoadOptions load;
  load.schemas = &schemas;
  if (options.max_file_size != 0) load.limits.max_file_bytes = options.max_file_size;
  if (!ParseInputFormat(options.input_format, load.format)) {
    std::cerr << "error: unknown input format '" << options.input_format << "'\n";
    return kExitUsage;
  }
  ParameterValues parameters;
  if (std::string error;
      !ReadParameterValues(options.params_files, options.params, parameters, error)) {
    std::cerr << error << "\n";
    return kExitUsage;
  }
  load.parameters = &parameters;
  if (std::string error; !ExpandInventoryPaths(options.inventories, files, error)) {
    std::cerr << "error: " << error << "\n";
    return kExitUsage;
  }
  ShardSpec shard;
  if (std::string error; !ParseShardOptions(options.shard, options.shard_by, shard, error)) {
    std::cerr << "error: " << error << "\n";
    return kExitUsage;
  }
  std::vector<bool> keep;  // by resource: checked by this shard
  for (const ShardFile& file : PlanShard(files, FileSizes(files), shard)) {
    LoadError error;
    uint32_t first = static_cast<uint32_t>(inventory.resources().size());
    if (!LoadInventoryFile(file.path, load, inventory, error)) {
      std::cerr << error.Render() << "\n";
      return kExitUsage;
    }
    uint32_t end = static_cast<uint32_t>(inventory.resources().size());
    ResourceRange range = file.split ? ShardResources(end - first, shard) : ResourceRange{0, end};
    for (uint32_t i = first; i < end; ++i)
      keep.push_back(i - first >= range.first && i - first < range.end);
  }
  if (shard.enabled()) {
    if (std::string error; !CheckShardable(inventory, shard, error)) {
      std::cerr << "error: " << error << "\n";
      return kExitUsage;
    }
    inventory.ResolveReferences();
    inventory.KeepOfType(keep);
    // A shard sees part of the run: whether a parameter is used, or any resource is there at
    // all, is a question for the whole run (docs/scale-out.md).
    return kExitOk;
  }
  for (const auto& [name, value] : parameters.values) {
    if (parameters.used.count(name) == 0) {
      std::cerr << "warning: parameter '" << name << "' (" << parameters.origin[name]
                << ") is declared by no CloudFormation template checked\n";
    }
  }
  if (inventory.resources().empty()) {
    // Nothing to check is not a pass: say so, naming the files.
    std::string given;
    for (const std::string& path : options.inventories) given += (given.empty() ? "" : ", ") + path;
    if (options.strict) {
      std::cerr << "error: no resources in " << given << " (--strict)\n";
      return kExitUsage;
    }
    std::cerr << "warning: no resources in " << given << "\n";
  }
  inventory.ResolveReferences();
  return kExitOk;
}

int RunCheck(const CheckRunOptions& options, std::chrono::steady_clock::time_point started,
             const SchemaMap& schemas, const std::vector<Waiver>& waivers,
             const Evaluator& evaluate) {
  using Clock = std::chrono::steady_clock;
  auto t1 = Clock::now();
  const ReportWriter* writer = ChooseWriter(options);
  if (writer == nullptr || !OutputIsNoInput(options)) return kExitUsage;
  std::string today;
  if (std::string error; !ResolveToday(options.today, today, error)) {
    std::cerr << "error: " << error << "\n";
    return kExitUsage;
  }
  std::set<BaselineKey> baseline;
  // SARIF also lists the baseline's failing findings that are gone (baselineState "absent").
  std::vector<Finding> baseline_failing;
  bool sarif = std::string_view(writer->name) == "sarif";
  if (!options.baseline.empty()) {
    if (std::string error;
        !ReadBaseline(options.baseline, baseline, error, sarif ? &baseline_failing : nullptr)) {
      std::cerr << error << "\n";
      return kExitUsage;
    }
  }
  Interner names;
  Inventory inventory(names);
  std::vector<std::string> files;
  if (int code = LoadInventories(options, schemas, inventory, files); code != kExitOk) return code;
  auto t2 = Clock::now();
  Report report = evaluate(inventory);
  auto t3 = Clock::now();
  report.inventories = files;
  std::vector<std::string> warnings, shard_warnings;
  // A shard sees part of the findings: whether a waiver matches none is for the whole run.
  ApplyRunWaivers(report, inventory, waivers, today,
                  options.shard.empty() ? warnings : shard_warnings);
  if (!options.shard.empty()) report.shard = ShardRecord(options);
  std::vector<Finding> absent;
  if (!options.baseline.empty()) {
    MarkBaseline(report, baseline);
    absent = AbsentFindings(report, std::move(baseline_failing));
  }
  if (!options.update_baseline.empty() &&
      !WriteReportTo(options.update_baseline, [&](ReportOut& out) { WriteJson(report, out); }))
    return kExitUsage;
  RenderOptions render;
  render.color = options.output.empty() && UseColor(options.color, STDOUT_FILENO);
  render.warnings = &warnings;
  render.show_all = options.show == "all";
  render.absent = &absent;
  bool written =
      WriteReportTo(options.output, [&](ReportOut& out) { writer->Write(report, render, out); });
  for (const std::string& w : warnings) std::cerr << "warning: " << w << "\n";
  if (!written) return kExitUsage;
  if (options.timings) {
    auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
    std::fprintf(stderr,
                 "timings: compile %.1f ms, load %.1f ms, evaluate %.1f ms (%zu resources, "
                 "%.1f MiB of values)\n",
                 ms(t1 - started), ms(t2 - t1), ms(t3 - t2), inventory.resources().size(),
                 static_cast<double>(inventory.arena().bytes_allocated()) / (1 << 20));
  }
  return FindingsExitCode(report, options.fail_on, options.allow_soft);
}

int FindingsExitCode(const Report& report, const std::string& fail_on, bool allow_soft) {
  int threshold = SeverityRank(fail_on);
  for (const Finding& f : report.findings) {
    if ((f.status != Status::kFail && f.status != Status::kError) || f.baseline) continue;
    switch (f.control->enforcement) {
      case Enforcement::kAdvisory:
        continue;
      case Enforcement::kHard:
        return kExitFindings;
      case Enforcement::kSoft:
        if (allow_soft) continue;
        break;
      case Enforcement::kNone:
        break;
    }
    if (f.status == Status::kError) return kExitFindings;  // fail closed, whatever the severity
    int rank = SeverityRank(f.control->severity);
    if (rank < 0 || rank >= threshold) return kExitFindings;
  }
  return kExitOk;
}

namespace {
struct MainArgs {
  int (*main_fn)(int, char**);
  int argc;
  char** argv;
  int result;
};
void* MainThread(void* p) {
  auto* args = static_cast<MainArgs*>(p);
  args->result = args->main_fn(args->argc, args->argv);
  return nullptr;
}
}  // namespace

int RunWithLargeStack(int (*main_fn)(int, char**), int argc, char** argv) {
  MainArgs args{main_fn, argc, argv, 0};
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return main_fn(argc, argv);
  pthread_t thread;
  bool started = pthread_attr_setstacksize(&attr, kLargeStackBytes) == 0 &&
                 pthread_create(&thread, &attr, MainThread, &args) == 0;
  pthread_attr_destroy(&attr);
  if (!started) return main_fn(argc, argv);
  pthread_join(thread, nullptr);
  return args.result;
}

}  // namespace srm::rt
