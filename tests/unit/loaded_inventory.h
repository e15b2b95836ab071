// What the inventory loader tests share: a loaded inventory with lookups by logical id, and the
// check that a load failed at a given line and column with a given message.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/inventory/inventory.h"
#include "runtime/inventory/loaders.h"

namespace srm::test {

struct LoadedInventory {
  rt::Interner names;
  rt::Inventory inv{names};
  rt::LoadError error;
  bool ok = false;
  std::string path;  // the file that was loaded (errors and findings name it)

  // The resource with logical id `id`, or nullptr.
  const rt::Resource* Find(std::string_view id) const {
    for (const rt::Resource& r : inv.resources()) {
      if (r.id == id) return &r;
    }
    return nullptr;
  }
  // The resource with logical id `id`; fails the test when there is none.
  const rt::Resource& Get(std::string_view id) const {
    const rt::Resource* r = Find(id);
    if (r == nullptr) FAIL("no resource " << id);
    return *r;
  }
  // Member `key` of object `obj` (nullptr when either is absent).
  const rt::Value* Field(const rt::Value* obj, std::string_view key) const {
    uint32_t k = names.Find(key);
    return obj == nullptr || k == rt::Interner::kNone ? nullptr : obj->Get(k);
  }
  // Property `key` of resource `id` (nullptr when absent).
  const rt::Value* Prop(std::string_view id, std::string_view key) const {
    return Field(Get(id).properties, key);
  }
  std::string Show(const rt::Value* v, size_t width = 400) const {
    return v == nullptr ? "<none>" : rt::Describe(*v, names, width);
  }
  std::vector<std::string> Ids() const {
    std::vector<std::string> out;
    for (const rt::Resource& r : inv.resources()) out.emplace_back(r.id);
    return out;
  }
  // Logical ids of the resources related to resource number `index` / to resource `id`.
  std::vector<std::string> RelatedTo(uint32_t index) const {
    std::vector<std::string> out;
    for (uint32_t i : inv.Related(index)) out.emplace_back(inv.resources()[i].id);
    return out;
  }
  std::vector<std::string> Related(std::string_view id) const {
    return RelatedTo(inv.IndexOf(Get(id)));
  }
  rt::LineCol At(uint32_t offset) const { return inv.file(0).Locate(offset); }
};

// Checks that loading `input` failed (as `r`) at line:col with exactly `message`, and kept no
// resource.
inline void CheckLoadError(const LoadedInventory& r, std::string_view input, uint32_t line,
                           uint32_t col, std::string_view message) {
  INFO("input: " << input.substr(0, 300));
  REQUIRE_FALSE(r.ok);
  INFO("error: " << r.error.Render());
  CHECK(r.error.where.line == line);
  CHECK(r.error.where.col == col);
  CHECK(r.error.message == message);
  CHECK(r.inv.resources().empty());
}

}  // namespace srm::test
