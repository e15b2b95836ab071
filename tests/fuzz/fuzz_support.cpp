// Shared helpers of the fuzz targets; see fuzz_support.h.
#include "tests/fuzz/fuzz_support.h"

#include <pthread.h>
#include <simdjson.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>

#include "compiler/interp/interp.h"
#include "compiler/sema/control_table.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/schema_export.h"
#include "runtime/inventory/inventory.h"
#include "runtime/inventory/loaders.h"
#include "runtime/report/json_writer.h"
#include "runtime/report/text_writer.h"
#include "stdlib/embedded.h"

namespace srm::fuzz {
namespace {

constexpr size_t kStackBytes = 256u << 20;

// One thread with a large stack, started on first use, that runs the bodies it is given while
// the caller waits (a thread per input would cost ASan a clear of 32 MiB of stack shadow).
class LargeStackWorker {
 public:
  LargeStackWorker() {
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, kStackBytes) != 0 ||
        pthread_create(&thread_, &attr, Loop, this) != 0)
      Fail("cannot start a thread with a large stack");
    pthread_attr_destroy(&attr);
    pthread_detach(thread_);
  }
  void Run(const std::function<void()>& body) {
    std::unique_lock<std::mutex> lock(mutex_);
    body_ = &body;
    changed_.notify_all();
    changed_.wait(lock, [&] { return body_ == nullptr; });
  }

 private:
  static void* Loop(void* self) {
    auto* w = static_cast<LargeStackWorker*>(self);
    std::unique_lock<std::mutex> lock(w->mutex_);
    for (;;) {
      w->changed_.wait(lock, [&] { return w->body_ != nullptr; });
      (*w->body_)();
      w->body_ = nullptr;
      w->changed_.notify_all();
    }
    return nullptr;
  }
  pthread_t thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  const std::function<void()>* body_ = nullptr;
};

// The per-process temporary directory, created on first use and removed at exit.
class TempDir {
 public:
  TempDir() {
    std::error_code ec;
    std::filesystem::path base = std::filesystem::is_directory("/dev/shm", ec)
                                     ? std::filesystem::path("/dev/shm")
                                     : std::filesystem::temp_directory_path(ec);
    std::string tmpl = (base / "srm-fuzz-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) Fail("cannot create a temporary directory", tmpl);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

void Fail(std::string_view what, std::string_view details) {
  std::fprintf(stderr, "fuzz oracle failed: %.*s\n", static_cast<int>(what.size()), what.data());
  if (!details.empty())
    std::fprintf(stderr, "%.*s\n", static_cast<int>(details.size()), details.data());
  std::fflush(stderr);
  std::abort();
}

void RunOnLargeStack(const std::function<void()>& body) {
  static LargeStackWorker* worker = new LargeStackWorker();  // never destroyed: it never ends
  worker->Run(body);
}

const sema::Program& StdlibProgram() {
  static const sema::Program* program = [] {
    auto* p = new sema::Program();
    for (const EmbeddedFile& f : StdlibFiles())
      p->sources.Add(std::string(f.path), std::string(f.text));
    DiagnosticEngine diags(p->sources);
    if (!sema::RunFrontEnd(*p, diags))
      Fail("the embedded stdlib does not compile", diags.Render(false));
    return p;
  }();
  return *program;
}

const rt::SchemaMap& StdlibSchemas() {
  static const rt::SchemaMap schemas = sema::BuildSchemaMap(StdlibProgram());
  return schemas;
}

const rt::ControlTable& StdlibControls() {
  static const rt::ControlTable controls = sema::BuildControlTable(StdlibProgram());
  return controls;
}

std::string WriteTempFile(std::string_view name, std::string_view data) {
  static TempDir dir;
  std::string path = (dir.path() / std::string(name)).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (!out) Fail("cannot write the temporary file", path);
  return path;
}

void CheckReport(const rt::Report& report) {
  std::string text = rt::RenderText(report, false);
  std::string colored = rt::RenderText(report, true);
  std::string json = rt::RenderJson(report);
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS)
    Fail("the JSON report does not parse", json);
  if (text.find("Summary: ") == std::string::npos) Fail("the text report has no summary", text);
}

bool LoadAndCheck(std::string_view data, std::string_view file_name, rt::InputFormat format) {
  const sema::Program& stdlib = StdlibProgram();
  std::string path = WriteTempFile(file_name, data);
  bool loaded = false;
  RunOnLargeStack([&] {
    rt::Interner names;
    rt::Inventory inventory(names);
    rt::LoadOptions options;
    options.format = format;
    options.schemas = &StdlibSchemas();
    rt::LoadError error;
    loaded = rt::LoadInventoryFile(path, options, inventory, error);
    if (!loaded) {
      if (error.message.empty()) Fail("a failed load gives no message");
      if (!inventory.resources().empty() || !inventory.files().empty())
        Fail("a failed load leaves resources or files in the inventory", error.Render());
      return;
    }
    inventory.ResolveReferences();
    CheckReport(interp::Evaluate(stdlib, StdlibControls(), inventory));
  });
  return loaded;
}

}  // namespace srm::fuzz

// Called once before the first input (libFuzzer, and replay_main.cpp): the embedded stdlib is
// compiled here, not within the first input's time limit (-timeout).
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  srm::fuzz::StdlibControls();
  srm::fuzz::StdlibSchemas();
  return 0;
}
