// ReadCfnWaivers: waivers declared on a CloudFormation resource, in its
// `Metadata: {srm: {waive: [{control, until, because, by}, ...]}}` (JSON and YAML alike).
#include <fmt/format.h>

#include <set>
#include <vector>

#include "runtime/inventory/cfn/cfn_yaml_support.h"
#include "runtime/inventory/format_loaders.h"
#include "runtime/support/dates.h"
#include "runtime/support/suggest.h"

namespace srm::rt::detail {
namespace {

constexpr std::string_view kFields[] = {"control", "until", "because", "by"};

// "a list" / "an object" for JSON, the YAML words for YAML (the kind names in messages).
std::string KindWords(const FileLoad& load, const Value& v) {
  std::string yaml = YamlKindName(v, load.inv.names());
  if (IsYamlFile(load.file)) return "a " + yaml;
  return v.kind == ValueKind::kObject ? "an object"
         : v.kind == ValueKind::kList ? "a list"
                                      : "a " + yaml;
}

}  // namespace

bool ReadCfnWaivers(FileLoad& load, uint32_t index) {
  const Resource& r = load.inv.resources()[index];
  const Value* srm = r.srm_metadata;
  if (srm == nullptr) return true;
  const Interner& names = load.inv.names();
  Arena& arena = load.inv.arena();
  auto fail = [&](uint32_t offset, const std::string& message) {
    return load.Fail(offset, fmt::format("resource '{}': Metadata.srm: {}", r.id, message));
  };
  if (srm->kind != ValueKind::kObject || !IntrinsicName(*srm, names).empty())
    return fail(srm->offset,
                fmt::format("expected an object with \"waive\", found {}", KindWords(load, *srm)));
  const Value* list = nullptr;
  for (uint32_t i = 0; i < srm->size; ++i) {
    std::string_view key = names.Name(srm->members[i].key);
    if (key != "waive") {
      std::string near = ClosestMatch(key, {"waive"});
      return fail(srm->members[i].key_offset,
                  fmt::format("unknown key \"{}\" (SRM reads only \"waive\"{})", key,
                              near.empty() ? "" : "; did you mean \"waive\"?"));
    }
    list = &srm->members[i].value;
  }
  if (list == nullptr) return fail(srm->offset, "expected an object with \"waive\"");
  if (list->kind != ValueKind::kList)
    return fail(list->offset, fmt::format("\"waive\" must be a list of waivers, found {}",
                                          KindWords(load, *list)));
  for (uint32_t i = 0; i < list->size; ++i) {
    const Value& entry = list->items[i];
    std::string where = fmt::format("waive[{}]", i);
    if (entry.kind != ValueKind::kObject || !IntrinsicName(entry, names).empty()) {
      return fail(entry.offset,
                  fmt::format("{} must be an object with \"control\", \"until\", \"because\" and "
                              "\"by\", found {}",
                              where, KindWords(load, entry)));
    }
    InventoryWaiver w;
    w.resource = index;
    w.offset = entry.offset;
    std::string_view* slots[] = {&w.control, &w.until, &w.because, &w.by};
    std::set<std::string_view> seen;
    for (uint32_t k = 0; k < entry.size; ++k) {
      const Member& m = entry.members[k];
      std::string_view key = names.Name(m.key);
      size_t field = 0;
      while (field < std::size(kFields) && kFields[field] != key) ++field;
      if (field == std::size(kFields)) {
        std::vector<std::string> known(std::begin(kFields), std::end(kFields));
        std::string near = ClosestMatch(key, known);
        return fail(m.key_offset, fmt::format("{}: unknown key \"{}\" ({})", where, key,
                                              near.empty() ? "a waiver has " + JoinOr(known)
                                                           : "did you mean \"" + near + "\"?"));
      }
      if (m.value.kind != ValueKind::kString || m.value.size == 0) {
        return fail(m.value.offset,
                    fmt::format("{}: \"{}\" must be a non-empty string, found {}", where, key,
                                m.value.kind == ValueKind::kString ? std::string("an empty string")
                                                                   : KindWords(load, m.value)));
      }
      *slots[field] = arena.CopyString(m.value.AsString());
      seen.insert(key);
      if (key == "until" && !IsIsoDate(w.until)) {
        return fail(
            m.value.offset,
            fmt::format("{}: \"until\" must be a date YYYY-MM-DD, found \"{}\"", where, w.until));
      }
    }
    for (std::string_view field : kFields) {
      if (seen.count(field) == 0) {
        return fail(entry.offset, fmt::format("{}: missing \"{}\" (a waiver needs \"control\", "
                                              "\"until\", \"because\" and \"by\")",
                                              where, field));
      }
    }
    load.inv.AddWaiver(w);
  }
  return true;
}

}  // namespace srm::rt::detail
