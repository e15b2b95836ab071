#include "runtime/cli/inventory_paths.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "runtime/inventory/input_format.h"

namespace srm::rt {
namespace {

namespace fs = std::filesystem;

bool Hidden(const fs::path& p) {
  std::string name = p.filename().string();
  return !name.empty() && name[0] == '.' && name != "." && name != "..";
}

bool HasInventoryExtension(const std::string& name, const std::vector<std::string>& extensions) {
  return std::any_of(extensions.begin(), extensions.end(), [&](const std::string& e) {
    return name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0;
  });
}

// The inventory files below `dir`, sorted.
bool ListDirectory(const std::string& dir, const std::vector<std::string>& extensions,
                   std::vector<std::string>& out, std::string& error) {
  std::error_code ec;
  std::vector<std::string> found;
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (Hidden(it->path())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) &&
        HasInventoryExtension(it->path().filename().string(), extensions))
      found.push_back(it->path().string());
  }
  if (ec) {
    error = "cannot read the directory '" + dir + "': " + ec.message();
    return false;
  }
  if (found.empty()) {
    std::string names;
    for (const std::string& e : extensions) names += (names.empty() ? "" : ", ") + e;
    error = "no inventory file (" + names + ") in the directory '" + dir + "'";
    return false;
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
  return true;
}

}  // namespace

bool ExpandInventoryPaths(const std::vector<std::string>& args, std::vector<std::string>& files,
                          std::string& error) {
  const std::vector<std::string> extensions = InventoryExtensions();
  std::set<std::string> seen;
  for (const std::string& arg : args) {
    std::vector<std::string> paths;
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      if (!ListDirectory(arg, extensions, paths, error)) return false;
    } else {
      paths.push_back(arg);
    }
    for (std::string& p : paths) {
      // The same file twice (another spelling, or a file also found through a directory) is
      // read once. A path that cannot be normalised is kept: loading it reports why.
      std::string canonical = fs::weakly_canonical(p, ec).string();
      if (!ec && !seen.insert(canonical).second) continue;
      files.push_back(std::move(p));
    }
  }
  return true;
}

}  // namespace srm::rt
