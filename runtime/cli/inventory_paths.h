// The inventory files of `-i` arguments: a directory stands for the inventory files below it,
// and a file named twice (directly, or also through a directory) is read once.
#pragma once

#include <string>
#include <vector>

namespace srm::rt {

// Expands `args` (the -i values, in order) into the files to load: a file as given; a
// directory as every file below it whose name ends in one of InventoryExtensions()
// (recursively, in sorted path order, skipping entries whose name starts with '.'). A file
// that is one already listed (the same file after normalising its path) is left out. False
// with `error` when a directory holds no inventory file or cannot be read.
bool ExpandInventoryPaths(const std::vector<std::string>& args, std::vector<std::string>& files,
                          std::string& error);

}  // namespace srm::rt
