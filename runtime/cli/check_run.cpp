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
#include <iterator>
#include <memory>
#include <set>
#include <utility>

#include "runtime/cli/check_rules.h"
#include "runtime/cli/inventory_paths.h"
#include "runtime/cli/parameters.h"
#include "runtime/cli/shard.h"
#include "runtime/inventory/loaders.h"
#include "runtime/report/json_writer.h"
#include "runtime/report/policy_rules.h"
#include "runtime/report/report_stream.h"
#include "runtime/report/writers.h"
#include "runtime/support/huge_pages.h"

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

bool ReportFile::Open(const std::string& path) {
  path_ = path;
  file_ = path.empty() ? stdout : std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) {
    Fail(errno);
    return false;
  }
  out_.emplace(file_);
  return true;
}

bool ReportFile::Close() {
  if (file_ == nullptr) return false;
  out_->Flush();
  bool ok = out_->ok();
  int error = out_->error();
  out_.reset();
  if (file_ != stdout && std::fclose(file_) != 0 && ok) {
    ok = false;
    error = errno;
  }
  file_ = nullptr;
  if (!ok) Fail(error);
  return ok;
}

void ReportFile::Fail(int error) const {
  std::cerr << "error: cannot write the report to '" << (path_.empty() ? "stdout" : path_)
            << "': " << std::strerror(error) << "\n";
}

ReportFile::~ReportFile() {
  out_.reset();
  if (file_ != nullptr && file_ != stdout) std::fclose(file_);
}

bool WriteReportTo(const std::string& path, const std::function<void(ReportOut& out)>& write) {
  ReportFile file;
  if (!file.Open(path)) return false;
  write(file.out());
  return file.Close();
}

int LoadInventories(const CheckRunOptions& options, const SchemaMap& schemas, Inventory& inventory,
                    std::vector<std::string>& files,
                    const std::set<std::string, std::less<>>* build_types) {
  LoadOptions load;
  load.schemas = &schemas;
  load.build_types = build_types;
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
  std::vector<uint64_t> sizes = FileSizes(files);
  std::vector<ShardFile> plan = PlanShard(files, sizes, shard);
  std::vector<std::string> paths;
  std::vector<uint64_t> plan_sizes;
  for (const ShardFile& file : plan) {
    paths.push_back(file.path);
    plan_sizes.push_back(file.size);
  }
  std::vector<uint32_t> ends;
  if (LoadError error;
      !LoadInventoryFiles(paths, plan_sizes, load, options.jobs, inventory, ends, error)) {
    std::cerr << error.Render() << "\n";
    return kExitUsage;
  }
  std::vector<bool> keep;  // by resource: checked by this shard
  for (size_t k = 0; k < plan.size(); ++k) {
    uint32_t first = k == 0 ? 0 : ends[k - 1], end = ends[k];
    ResourceRange range =
        plan[k].split ? ShardResources(end - first, shard) : ResourceRange{0, end - first};
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

namespace {

// The findings of a run on their way to the writers, one control at a time: waived, marked
// against the baseline, counted, then handed to every stream (the report and
// --update-baseline's JSON report). The expired waivers' findings go in at their control's place.
class FindingPipeline {
 public:
  FindingPipeline(WaiverApplier& waive, BaselineMarker* baseline, std::vector<Finding> expired,
                  int threshold, bool allow_soft, std::vector<ReportStream*> streams)
      : waive_(waive),
        baseline_(baseline),
        expired_(std::move(expired)),
        threshold_(threshold),
        allow_soft_(allow_soft),
        streams_(std::move(streams)) {
    // They are not waived, but they may be in the baseline.
    if (baseline_ != nullptr) {
      for (Finding& f : expired_) baseline_->Mark(f);
    }
  }

  void Control(std::vector<Finding>& findings) {
    for (Finding& f : findings) {
      waive_.Apply(f);
      if (baseline_ != nullptr) baseline_->Mark(f);
    }
    if (!expired_.empty() && findings.front().control->id >= kWaiverExpiredId) {
      if (findings.front().control->id == kWaiverExpiredId) {
        std::move(expired_.begin(), expired_.end(), std::back_inserter(findings));
        SortFindings(findings);
      } else {
        Pass(expired_);
      }
      expired_.clear();
    }
    Pass(findings);
  }

  // After the last control: the expired waivers' findings if no control came after them.
  void Finish() {
    if (!expired_.empty()) Pass(expired_);
    expired_.clear();
  }

  const ReportCounts& counts() const { return counts_; }
  bool fails() const { return fails_; }
  uint32_t controls() const { return controls_; }  // the controls passed on

 private:
  void Pass(const std::vector<Finding>& findings) {
    batch_.clear();
    for (const Finding& f : findings) {
      batch_.push_back(&f);
      counts_.Add(f);
      if (!fails_ && FailsRun(f, threshold_, allow_soft_)) fails_ = true;
    }
    for (ReportStream* stream : streams_) stream->Findings(batch_);
    ++controls_;
  }

  WaiverApplier& waive_;
  BaselineMarker* baseline_;
  std::vector<Finding> expired_;
  int threshold_;
  bool allow_soft_;
  std::vector<ReportStream*> streams_;
  std::vector<const Finding*> batch_;
  ReportCounts counts_;
  bool fails_ = false;
  uint32_t controls_ = 0;
};

}  // namespace

int RunCheck(const CheckRunOptions& options, std::chrono::steady_clock::time_point started,
             const SchemaMap& schemas, const std::vector<Waiver>& waivers,
             const ControlTable& controls, const Evaluator& evaluate) {
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
  // Only the properties the selected controls can read are built (docs/performance.md).
  const std::set<std::string, std::less<>> build_types = BuiltTypes(controls);
  if (int code = LoadInventories(options, schemas, inventory, files, &build_types); code != kExitOk)
    return code;
  auto t2 = Clock::now();

  std::vector<Waiver> all_waivers = waivers;
  AddInventoryWaivers(inventory, all_waivers);
  WaiverApplier waive(all_waivers, today);
  std::vector<Finding> expired = waive.Expired();
  std::optional<BaselineMarker> marker;
  if (!options.baseline.empty()) marker.emplace(baseline, std::move(baseline_failing));
  // The report's head; `unmodelled` is known after the evaluation, before the streams end.
  Report head;
  head.inventories = files;
  head.has_baseline = !options.baseline.empty();
  if (!options.shard.empty()) head.shard = ShardRecord(options);
  // Every selected control has findings (a SKIP when it has no resource), and so do expired
  // waivers.
  std::vector<const ControlMeta*> listed;
  for (const auto& c : controls.controls) listed.push_back(c.get());
  if (!expired.empty()) listed.push_back(expired.front().control.get());
  std::stable_sort(listed.begin(), listed.end(),
                   [](const ControlMeta* a, const ControlMeta* b) { return a->id < b->id; });
  // A policy's own control named like the expired waivers' shares their findings' place.
  listed.erase(
      std::unique(listed.begin(), listed.end(),
                  [](const ControlMeta* a, const ControlMeta* b) { return a->id == b->id; }),
      listed.end());

  std::vector<std::string> warnings, shard_warnings;
  std::vector<Finding> absent;  // filled in before the streams end
  RenderOptions render;
  render.color = options.output.empty() && UseColor(options.color, STDOUT_FILENO);
  render.warnings = &warnings;
  render.show_all = options.show == "all";
  render.absent = &absent;
  ReportFile baseline_file, output_file;
  std::unique_ptr<ReportStream> baseline_stream, output_stream;
  std::vector<ReportStream*> streams;
  if (!output_file.Open(options.output)) return kExitUsage;
  output_stream = writer->open(render, output_file.out());
  streams.push_back(output_stream.get());
  if (!options.update_baseline.empty()) {
    if (!baseline_file.Open(options.update_baseline)) return kExitUsage;
    baseline_stream = OpenJsonStream(baseline_file.out());
    streams.push_back(baseline_stream.get());
  }
  for (ReportStream* stream : streams) stream->Begin(head, listed);

  FindingPipeline pipeline(waive, marker ? &*marker : nullptr, std::move(expired),
                           SeverityRank(options.fail_on), options.allow_soft, streams);
  ControlSink sink = [&pipeline](std::vector<Finding>& findings) { pipeline.Control(findings); };
  Report rest = evaluate(inventory, sink);
  pipeline.Finish();
  auto t3 = Clock::now();
  // The head listed every control: each must have come (a report that lists a control without
  // its findings would pass silently what was never evaluated).
  if (pipeline.controls() != listed.size()) {
    std::cerr << "error: internal: " << pipeline.controls() << " of " << listed.size()
              << " controls gave findings; the report is incomplete\n";
    return kExitUsage;
  }
  head.unmodelled = std::move(rest.unmodelled);
  // A shard sees part of the findings: whether a waiver matches none is for the whole run.
  waive.Warnings(options.shard.empty() ? warnings : shard_warnings);
  if (marker) absent = marker->Absent();
  for (ReportStream* stream : streams) stream->End(pipeline.counts());
  bool written = output_file.Close();
  written = (options.update_baseline.empty() || baseline_file.Close()) && written;
  for (const std::string& w : warnings) std::cerr << "warning: " << w << "\n";
  if (!written) return kExitUsage;
  if (options.timings) {
    auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
    std::fprintf(stderr,
                 "timings: compile %.1f ms, load %.1f ms, evaluate %.1f ms (%zu resources, "
                 "%.1f MiB of values; evaluating includes writing the report)\n",
                 ms(t1 - started), ms(t2 - t1), ms(t3 - t2), inventory.resources().size(),
                 static_cast<double>(inventory.value_bytes()) / (1 << 20));
  }
  return pipeline.fails() ? kExitFindings : kExitOk;
}

bool FailsRun(const Finding& f, int threshold, bool allow_soft) {
  if ((f.status != Status::kFail && f.status != Status::kError) || f.baseline) return false;
  switch (f.control->enforcement) {
    case Enforcement::kAdvisory:
      return false;
    case Enforcement::kHard:
      return true;
    case Enforcement::kSoft:
      if (allow_soft) return false;
      break;
    case Enforcement::kNone:
      break;
  }
  if (f.status == Status::kError) return true;  // fail closed, whatever the severity
  int rank = SeverityRank(f.control->severity);
  return rank < 0 || rank >= threshold;
}

int FindingsExitCode(const Report& report, const std::string& fail_on, bool allow_soft) {
  int threshold = SeverityRank(fail_on);
  for (const Finding& f : report.findings) {
    if (FailsRun(f, threshold, allow_soft)) return kExitFindings;
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
  // Large allocations on huge pages (this call also links the replaced operator new in).
  static_cast<void>(HugePageAllocation());
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
