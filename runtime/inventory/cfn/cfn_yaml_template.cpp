// BuildCfnTemplate: a whole CloudFormation template given as a value (the YAML path) is checked
// like the streaming JSON pass checks its text, with the same messages in YAML words, and its
// resources are added to the inventory.
#include <fmt/format.h>

#include <string>

#include "runtime/inventory/cfn/cfn_yaml_support.h"
#include "runtime/inventory/format_loaders.h"
#include "runtime/inventory/load_support.h"

namespace srm::rt::detail {
namespace {

std::string LineOf(const FileLoad& load, uint32_t offset) {
  LineCol lc = load.file.Locate(offset);
  return fmt::format("line {}:{}", lc.line, lc.col);
}

// One entry of "Resources": checks it and fills `out` (everything but the file index).
bool OneResource(FileLoad& load, const Member& m, Resource& out) {
  const Interner& names = load.inv.names();
  Arena& arena = load.inv.arena();
  std::string_view id = names.Name(m.key);
  auto fail = [&](uint32_t offset, const std::string& message) {
    return load.Fail(offset, fmt::format("resource '{}': {}", id, message));
  };
  const Value& v = m.value;
  if (v.kind != ValueKind::kObject || !IntrinsicName(v, names).empty()) {
    return fail(v.offset, fmt::format("expected a mapping with \"Type\" and \"Properties\", "
                                      "found {}",
                                      YamlKindName(v, names)));
  }
  out.id = arena.CopyString(id);
  out.offset = m.key_offset;
  bool have_type = false;
  DupChecker<uint32_t> dups;
  for (uint32_t i = 0; i < v.size; ++i) {
    const Member& field = v.members[i];
    std::string_view key = names.Name(field.key);
    uint32_t first = dups.Insert(field.key, field.key_offset);
    if (first != kNoOffset) {
      return fail(field.key_offset,
                  fmt::format("duplicate key \"{}\" (first at {})", key, LineOf(load, first)));
    }
    const Value& value = field.value;
    if (key == "Type") {
      if (value.kind != ValueKind::kString) {
        return fail(value.offset, fmt::format("\"Type\" must be a string such as "
                                              "\"AWS::S3::Bucket\", found {}",
                                              YamlKindName(value, names)));
      }
      if (value.size == 0) return fail(value.offset, "\"Type\" must not be empty");
      out.type = arena.CopyString(value.AsString());
      have_type = true;
    } else if (key == "Properties") {
      // A short form such as `Properties: !If [...]` is an object too; resolution may pick a
      // branch.
      if (value.kind != ValueKind::kObject) {
        return fail(value.offset, fmt::format("\"Properties\" must be a mapping, found {}",
                                              YamlKindName(value, names)));
      }
      out.properties = &value;
    } else if (key == "Metadata" && value.kind == ValueKind::kObject &&
               IntrinsicName(value, names).empty()) {
      for (uint32_t k = 0; k < value.size; ++k) {
        if (names.Name(value.members[k].key) == "srm") out.srm_metadata = &value.members[k].value;
      }
    }
  }
  if (!have_type) {
    return fail(v.offset,
                "missing \"Type\"; expected a resource type string such as \"AWS::S3::Bucket\"");
  }
  return true;
}

// The sections that resolution reads must be mappings.
bool CheckSection(FileLoad& load, const Member& m, const char* what, const Value*& out) {
  const Value& v = m.value;
  if (v.kind != ValueKind::kObject || !IntrinsicName(v, load.inv.names()).empty()) {
    return load.Fail(v.offset, fmt::format("\"{}\" must be a mapping of {}, found {}",
                                           load.inv.names().Name(m.key), what,
                                           YamlKindName(v, load.inv.names())));
  }
  out = &v;
  return true;
}

}  // namespace

bool BuildCfnTemplate(FileLoad& load, const Value& root) {
  const Interner& names = load.inv.names();
  if (root.kind != ValueKind::kObject || !IntrinsicName(root, names).empty()) {
    return load.Fail(root.offset, fmt::format("expected a CloudFormation template (a YAML "
                                              "mapping with a \"Resources\" section), found {}",
                                              YamlKindName(root, names)));
  }
  CfnSections sections;
  const Value* resources = nullptr;
  DupChecker<uint32_t> dups;
  for (uint32_t i = 0; i < root.size; ++i) {
    const Member& m = root.members[i];
    std::string_view key = names.Name(m.key);
    uint32_t first = dups.Insert(m.key, m.key_offset);
    if (first != kNoOffset) {
      return load.Fail(m.key_offset, fmt::format("duplicate top-level key \"{}\" (first at {})",
                                                 key, LineOf(load, first)));
    }
    if (key == "Resources") {
      const Value& v = m.value;
      if (v.kind != ValueKind::kObject || !IntrinsicName(v, names).empty()) {
        return load.Fail(v.offset, fmt::format("\"Resources\" must be a mapping of logical ids "
                                               "to resources, found {}",
                                               YamlKindName(v, names)));
      }
      resources = &v;
    } else if (key == "Parameters") {
      if (!CheckSection(load, m, "parameter names to their declarations", sections.parameters))
        return false;
    } else if (key == "Conditions") {
      if (!CheckSection(load, m, "condition names to conditions", sections.conditions))
        return false;
    } else if (key == "Mappings") {
      if (!CheckSection(load, m, "mapping names to mappings", sections.mappings)) return false;
    }
  }
  if (resources == nullptr) {
    return load.Fail(root.offset,
                     "the template has no \"Resources\" section; expected a "
                     "CloudFormation template with a \"Resources\" mapping");
  }
  uint32_t first_index = static_cast<uint32_t>(load.inv.resources().size());
  IdTable ids;
  for (uint32_t i = 0; i < resources->size; ++i) {
    const Member& m = resources->members[i];
    std::string_view id = names.Name(m.key);  // interned: outlives the table
    if (id.empty()) return load.Fail(m.key_offset, std::string(kEmptyLogicalId));
    uint32_t first = ids.Insert(id, m.key_offset);
    if (first != kNoOffset) {
      return load.Fail(m.key_offset, fmt::format("duplicate logical id '{}' in \"Resources\" "
                                                 "(first defined at {})",
                                                 id, LineOf(load, first)));
    }
    Resource r;
    if (!OneResource(load, m, r)) return false;
    r.file = load.file_index;
    load.inv.AddResource(r);
  }
  return FinishCfnTemplate(load, sections, first_index, resources->size);
}

}  // namespace srm::rt::detail
