// The generic inventory format: {"resources": [{"type", "id", "properties"?, "references"?}]},
// resources already in the policy's (CloudFormation) shape, with explicit references by id.
#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/inventory/format_loaders.h"
#include "runtime/value/value_build.h"

namespace srm::rt::detail {
namespace {

constexpr const char* kAllowedKeys = "\"type\", \"id\", \"properties\" or \"references\"";

struct Pending {
  uint32_t index;           // into the inventory
  const Value* references;  // the "references" array, or nullptr
  std::string_view label;   // "resource 3 (AWS::S3::Bucket b1)", for messages
};

// "resource N" plus what is known of it so far.
std::string Label(size_t n, std::string_view type, std::string_view id) {
  if (type.empty()) return fmt::format("resource {}", n);
  if (id.empty()) return fmt::format("resource {} ({})", n, type);
  return fmt::format("resource {} ({} {})", n, type, id);
}

// A non-empty string member; fails with a located message otherwise.
bool RequireString(FileLoad& load, const Value& object, const Value* v, std::string_view key,
                   const std::string& label, const char* example, std::string_view& out) {
  if (v == nullptr) {
    return load.Fail(object.offset, fmt::format("{}: missing \"{}\"; expected a string such as {}",
                                                label, key, example));
  }
  if (v->kind != ValueKind::kString) {
    return load.Fail(v->offset, fmt::format("{}: \"{}\" must be a string such as {}, found {}",
                                            label, key, example, JsonKindName(*v)));
  }
  if (v->size == 0) {
    return load.Fail(v->offset, fmt::format("{}: \"{}\" must not be empty", label, key));
  }
  out = v->AsString();
  return true;
}

// Rules: every resource is an object with only the keys "type", "id" (non-empty strings),
// "properties" (an object, optional) and "references" (an array of ids of resources of this
// file, optional). Two resources of one type may not share an id; a reference must name exactly
// one resource of the file (an id shared by resources of different types is ambiguous).
bool BuildGeneric(FileLoad& load, const Value& resources) {
  if (resources.kind != ValueKind::kList) {
    return load.Fail(resources.offset,
                     fmt::format("\"resources\" must be an array of resources such as "
                                 "{{\"type\": \"AWS::S3::Bucket\", \"id\": \"b1\", "
                                 "\"properties\": {{}}}}, found {}",
                                 JsonKindName(resources)));
  }
  Interner& names = load.inv.names();
  Arena& arena = load.inv.arena();
  std::unordered_map<std::string, uint32_t> by_type_id;               // "type|id" -> offset
  std::unordered_map<std::string_view, std::vector<uint32_t>> by_id;  // id -> indices
  std::vector<Pending> pending;
  for (uint32_t n = 0; n < resources.size; ++n) {
    const Value& item = resources.items[n];
    if (item.kind != ValueKind::kObject) {
      return load.Fail(item.offset,
                       fmt::format("resource {}: expected an object with \"type\", \"id\" and "
                                   "\"properties\", found {}",
                                   n, JsonKindName(item)));
    }
    // Messages name the resource by what is known of it.
    const Value* type = Find(item, names, "type");
    const Value* id = Find(item, names, "id");
    bool type_ok = type != nullptr && type->kind == ValueKind::kString;
    bool id_ok = id != nullptr && id->kind == ValueKind::kString;
    std::string label = Label(n, type_ok ? type->AsString() : std::string_view(),
                              type_ok && id_ok ? id->AsString() : std::string_view());
    for (uint32_t m = 0; m < item.size; ++m) {
      std::string_view key = names.Name(item.members[m].key);
      if (key != "type" && key != "id" && key != "properties" && key != "references") {
        return load.Fail(item.members[m].key_offset,
                         fmt::format("{}: unknown key \"{}\"; a resource has only the keys {}",
                                     label, key, kAllowedKeys));
      }
    }
    Resource r;
    label = Label(n, {}, {});
    if (!RequireString(load, item, type, "type", label, "\"AWS::S3::Bucket\"", r.type)) {
      return false;
    }
    label = Label(n, r.type, {});
    if (!RequireString(load, item, id, "id", label, "\"my-bucket\"", r.id)) return false;
    label = Label(n, r.type, r.id);
    const Value* props = Find(item, names, "properties");
    if (props != nullptr && props->kind != ValueKind::kObject) {
      return load.Fail(props->offset, fmt::format("{}: \"properties\" must be an object, found {}",
                                                  label, JsonKindName(*props)));
    }
    const Value* refs = Find(item, names, "references");
    if (refs != nullptr) {
      if (refs->kind != ValueKind::kList) {
        return load.Fail(refs->offset,
                         fmt::format("{}: \"references\" must be an array of resource ids, found "
                                     "{}",
                                     label, JsonKindName(*refs)));
      }
      for (uint32_t k = 0; k < refs->size; ++k) {
        const Value& ref = refs->items[k];
        if (ref.kind != ValueKind::kString || ref.size == 0) {
          return load.Fail(
              ref.offset,
              fmt::format("{}: \"references\" must hold the ids (non-empty strings) "
                          "of resources of this file, found {}",
                          label,
                          ref.kind == ValueKind::kString ? "an empty string" : JsonKindName(ref)));
        }
      }
    }
    auto [it, inserted] = by_type_id.emplace(fmt::format("{}|{}", r.type, r.id), item.offset);
    if (!inserted) {
      LineCol first = load.file.Locate(it->second);
      return load.Fail(id->offset,
                       fmt::format("{}: duplicate id \"{}\" for type {} (first defined at line "
                                   "{}:{})",
                                   label, r.id, r.type, first.line, first.col));
    }
    r.file = load.file_index;
    r.offset = item.offset;
    r.properties = props == nullptr ? nullptr : Store(arena, *props);
    uint32_t index = load.inv.AddResource(r);
    by_id[r.id].push_back(index);
    if (refs != nullptr && refs->size > 0) {
      pending.push_back(Pending{index, refs, arena.CopyString(label)});
    }
  }
  for (const Pending& p : pending) {
    for (uint32_t k = 0; k < p.references->size; ++k) {
      const Value& ref = p.references->items[k];
      std::string_view target = ref.AsString();
      auto it = by_id.find(target);
      if (it == by_id.end()) {
        return load.Fail(ref.offset, fmt::format("{}: reference \"{}\" names no resource of this "
                                                 "file; expected the \"id\" of a resource in "
                                                 "\"resources\"",
                                                 p.label, target));
      }
      if (it->second.size() > 1) {
        const Resource& a = load.inv.resources()[it->second[0]];
        const Resource& b = load.inv.resources()[it->second[1]];
        return load.Fail(ref.offset, fmt::format("{}: reference \"{}\" is ambiguous: resources "
                                                 "of types {} and {} have that id",
                                                 p.label, target, a.type, b.type));
      }
      load.inv.AddReference(p.index, target, false);
    }
  }
  return true;
}

}  // namespace

bool LoadGenericJson(FileLoad& load, const JsonSections& sections) {
  const Value* resources = sections.Section(InputFormat::kGeneric, "resources");
  if (resources == nullptr) {
    return load.Fail(sections.top_offset,
                     "expected a generic inventory: an object with a \"resources\" array "
                     "of {\"type\", \"id\", \"properties\"}");
  }
  return BuildGeneric(load, *resources);
}

}  // namespace srm::rt::detail
