// Helpers for unit tests: compile SRM source text, load inventory text, evaluate.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "compiler/interp/interp.h"
#include "compiler/sema/frontend.h"
#include "runtime/inventory/inventory.h"
#include "runtime/inventory/loaders.h"

namespace srm::test {

// The responsibility model most tests share (module aws, S3 and EC2).
inline const char* kPrelude = R"(module aws;
party AWS "provider";
party Customer "customer";
layer facilities, virtualization, network_config, data, encryption;
resource Bucket = "AWS::S3::Bucket" {
  BucketName: string?;
  Versioning: { Status: string }?;
  Tags: list<{ Key: string, Value: string }>?;
  Size: int?;
  Flag: bool?;
}
service S3 {
  model managed;
  resources Bucket;
  AWS owns facilities, virtualization;
  Customer owns network_config, data;
  shared encryption { AWS: "offers"; Customer: "enables"; }
}
)";

struct Compiled {
  std::unique_ptr<sema::Program> program = std::make_unique<sema::Program>();
  std::unique_ptr<DiagnosticEngine> diags;
  bool ok = false;
  std::string Errors() const { return diags->Render(false); }
};

inline Compiled Compile(const std::string& text) {
  Compiled c;
  c.program->sources.Add("test.srm", text);
  c.diags = std::make_unique<DiagnosticEngine>(c.program->sources);
  c.ok = sema::RunFrontEnd(*c.program, *c.diags);
  return c;
}

// Writes `json` to a temporary file and loads it.
inline bool LoadJson(const std::string& json, rt::Inventory& inv, rt::LoadError& err) {
  char path[] = "/tmp/srm_unit_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return false;
  ssize_t n = write(fd, json.data(), json.size());
  close(fd);
  bool ok = n == static_cast<ssize_t>(json.size()) && rt::LoadCloudFormationJson(path, inv, err);
  unlink(path);
  return ok;
}

// Writes `text` as `name` in a fresh temporary directory, loads it with LoadInventoryFile
// (resolving references on success) and removes it again. `path` (when given) receives the
// file's path, which findings and errors name.
inline bool LoadInventoryText(std::string_view text, const std::string& name,
                              const rt::LoadOptions& options, rt::Inventory& inv,
                              rt::LoadError& error, std::string* path = nullptr) {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("srm_unit_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  std::string file = (dir / name).string();
  {
    std::ofstream f(file, std::ios::binary);
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  bool ok = rt::LoadInventoryFile(file, options, inv, error);
  if (ok) inv.ResolveReferences();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (path != nullptr) *path = file;
  return ok;
}

}  // namespace srm::test
