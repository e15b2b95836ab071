// Unit tests of loading several inventory files on several threads (LoadInventoryFiles): the
// same inventory as one thread, the first failing file reported, the interner shared safely.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "runtime/inventory/inventory.h"
#include "runtime/inventory/loaders.h"

using namespace srm::rt;

namespace {

// A fresh temporary directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("srm_parallel_load_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Write(const std::string& name, const std::string& content) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

 private:
  std::filesystem::path dir_;
};

// A template of `n` resources whose keys are partly its own (so that threads intern new
// names at once), with references within the file, a waiver and a parameter.
std::string Template(int file, int n) {
  std::string out =
      R"({"Parameters": {"Env": {"Type": "String", "Default": "dev"}}, "Resources": {)";
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += ",";
    std::string id = "R" + std::to_string(i);
    out += "\"" + id + "\": {\"Type\": \"AWS::S3::Bucket\", ";
    if (i == 1) {
      out += R"("Metadata": {"srm": {"waive": [{"control": "X_*", "until": "2099-01-01", )"
             R"("because": "test", "by": "me"}]}}, )";
    }
    out += "\"Properties\": {\"BucketName\": {\"Ref\": \"Env\"}, \"Key" + std::to_string(file) +
           "_" + std::to_string(i % 7) + "\": " + std::to_string(i);
    if (i > 0) out += ", \"Logging\": {\"Ref\": \"R" + std::to_string(i - 1) + "\"}";
    out += "}}";
  }
  return out + "}}";
}

struct Loaded {
  Interner names;
  Inventory inventory{names};
  std::vector<uint32_t> ends;
  LoadError error;
  bool ok = false;
};

void LoadAll(const std::vector<std::string>& paths, uint32_t jobs, ParameterValues& parameters,
             Loaded& out) {
  std::vector<uint64_t> sizes;
  for (const std::string& path : paths) sizes.push_back(std::filesystem::file_size(path));
  LoadOptions options;
  options.parameters = &parameters;
  out.ok = LoadInventoryFiles(paths, sizes, options, jobs, out.inventory, out.ends, out.error);
  if (out.ok) out.inventory.ResolveReferences();
}

}  // namespace

TEST_CASE("Files loaded on several threads give the inventory of one thread", "[runtime][loader]") {
  TempDir dir;
  std::vector<std::string> paths;
  for (int f = 0; f < 9; ++f) {
    std::string name = "t" + std::to_string(f) + (f == 4 ? ".yaml" : ".json");
    std::string text = f == 4 ? "Resources:\n  Y:\n    Type: AWS::EC2::Volume\n"
                                "    Properties:\n      Encrypted: true\n"
                              : Template(f, f == 0 ? 1 : 5 + f * 3);
    paths.push_back(dir.Write(name, text));
  }
  ParameterValues serial_parameters;
  serial_parameters.values["Env"] = "prod";
  serial_parameters.origin["Env"] = "--param";
  Loaded serial;
  LoadAll(paths, 1, serial_parameters, serial);
  REQUIRE(serial.ok);
  REQUIRE(serial.inventory.files().size() == paths.size());
  CHECK(serial_parameters.used.count("Env") == 1);
  for (uint32_t jobs : {2u, 3u, 8u, 20u}) {
    INFO("jobs " << jobs);
    ParameterValues parameters;
    parameters.values["Env"] = "prod";
    parameters.origin["Env"] = "--param";
    Loaded parallel;
    LoadAll(paths, jobs, parameters, parallel);
    REQUIRE(parallel.ok);
    CHECK(parameters.used == serial_parameters.used);
    CHECK(parallel.ends == serial.ends);
    const Inventory& a = serial.inventory;
    const Inventory& b = parallel.inventory;
    REQUIRE(b.files().size() == a.files().size());
    for (size_t f = 0; f < a.files().size(); ++f) CHECK(b.file(f).path() == a.file(f).path());
    REQUIRE(b.resources().size() == a.resources().size());
    for (size_t i = 0; i < a.resources().size(); ++i) {
      const Resource& x = a.resources()[i];
      const Resource& y = b.resources()[i];
      CHECK(y.id == x.id);
      CHECK(y.type == x.type);
      CHECK(y.file == x.file);
      CHECK(y.offset == x.offset);
      CHECK(y.index == x.index);
      CHECK(b.Where(y) == a.Where(x));
      // Values belong to their own file, in whichever arena they were built.
      CHECK(b.FileOf(y.properties, 999) == y.file);
      CHECK(Describe(*y.properties, parallel.names, 400) ==
            Describe(*x.properties, serial.names, 400));
      std::span<const uint32_t> rx = a.Related(x.index), ry = b.Related(y.index);
      CHECK(std::vector<uint32_t>(ry.begin(), ry.end()) ==
            std::vector<uint32_t>(rx.begin(), rx.end()));
    }
    CHECK(b.TypeCounts() == a.TypeCounts());
    CHECK(b.OfType("AWS::S3::Bucket") == a.OfType("AWS::S3::Bucket"));
    REQUIRE(b.waivers().size() == a.waivers().size());
    for (size_t w = 0; w < a.waivers().size(); ++w) {
      CHECK(b.waivers()[w].resource == a.waivers()[w].resource);
      CHECK(b.waivers()[w].control == a.waivers()[w].control);
    }
  }
}

TEST_CASE("Parallel loading reports the first failing file in order", "[runtime][loader]") {
  TempDir dir;
  std::vector<std::string> paths;
  for (int f = 0; f < 8; ++f) {
    std::string text = Template(f, 20);
    if (f == 3) text = R"({"Resources": {"A": {"Type": "X", "Properties": 5}}})";
    if (f == 6) text = "{";
    paths.push_back(dir.Write("t" + std::to_string(f) + ".json", text));
  }
  ParameterValues parameters;
  Loaded serial;
  LoadAll(paths, 1, parameters, serial);
  REQUIRE_FALSE(serial.ok);
  CHECK(serial.error.file == paths[3]);
  for (uint32_t jobs : {2u, 4u, 8u}) {
    Loaded parallel;
    LoadAll(paths, jobs, parameters, parallel);
    REQUIRE_FALSE(parallel.ok);
    CHECK(parallel.error.Render() == serial.error.Render());
  }
}

TEST_CASE("Interner interns from several threads while concurrent", "[runtime][value]") {
  Interner names;
  uint32_t common = names.Intern("Common");
  names.SetConcurrent(true);
  std::vector<std::vector<uint32_t>> ids(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&names, &ids, t] {
      for (int i = 0; i < 5000; ++i) {
        uint32_t id = names.Intern("k" + std::to_string(i % 3000));
        ids[t].push_back(id);
        if (names.Name(id) != "k" + std::to_string(i % 3000)) ids[t].push_back(Interner::kNone);
        names.Intern("t" + std::to_string(t) + "_" + std::to_string(i));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  names.SetConcurrent(false);
  CHECK(names.Find("Common") == common);
  for (int t = 1; t < 4; ++t) CHECK(ids[t] == ids[0]);  // one id per name, whoever came first
  for (int i = 0; i < 3000; ++i)
    CHECK(names.Name(names.Find("k" + std::to_string(i))) == "k" + std::to_string(i));
  CHECK(names.Find("t3_4999") != Interner::kNone);
}
