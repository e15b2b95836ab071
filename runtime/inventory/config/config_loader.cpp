// AWS Config configuration items (a configuration snapshot, or the output of
// get-resource-config-history / batch-get-resource-config / select-resource-config with
// JSON-encoded "configuration" strings) as resources, with their relationships as references.
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/inventory/format_loaders.h"
#include "runtime/value/value_build.h"

namespace srm::rt::detail {
namespace {

constexpr const char* kStatuses =
    "\"OK\", \"ResourceDiscovered\", \"ResourceNotRecorded\", \"ResourceDeleted\" or "
    "\"ResourceDeletedNotRecorded\"";

// One validated item.
struct Item {
  const Value* object = nullptr;
  std::string_view type, id;
  Value decoded;                         // the item with configuration(s) decoded from JSON strings
  const Value* configuration = nullptr;  // decoded, nullptr when absent or null
  bool deleted = false;
  bool has_time = false;
  double time = 0;  // configurationItemCaptureTime in seconds since the epoch
};

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int ToInt(std::string_view s) { return std::atoi(std::string(s).c_str()); }

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// ISO 8601 date-time as AWS writes it: YYYY-MM-DDTHH:MM:SS[.fraction][Z|+HH:MM|+HHMM] (a space
// may replace the T; no zone means UTC).
bool ParseIsoTime(std::string_view s, double& out) {
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':') {
    return false;
  }
  std::string_view y = s.substr(0, 4), mo = s.substr(5, 2), d = s.substr(8, 2), h = s.substr(11, 2),
                   mi = s.substr(14, 2), se = s.substr(17, 2);
  for (std::string_view part : {y, mo, d, h, mi, se}) {
    if (!IsDigits(part)) return false;
  }
  int month = ToInt(mo), day = ToInt(d), hour = ToInt(h), minute = ToInt(mi), sec = ToInt(se);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 60)
    return false;
  std::string_view rest = s.substr(19);
  double fraction = 0;
  if (!rest.empty() && (rest[0] == '.' || rest[0] == ',')) {
    size_t n = 1;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
    if (n == 1) return false;
    fraction = std::atof(("0." + std::string(rest.substr(1, n - 1))).c_str());
    rest.remove_prefix(n);
  }
  int64_t zone = 0;  // seconds east of UTC
  if (rest == "Z" || rest == "z" || rest.empty()) {
    zone = 0;
  } else if (rest[0] == '+' || rest[0] == '-') {
    std::string_view zh, zm;
    if (rest.size() == 6 && rest[3] == ':') {
      zh = rest.substr(1, 2);
      zm = rest.substr(4, 2);
    } else if (rest.size() == 5) {
      zh = rest.substr(1, 2);
      zm = rest.substr(3, 2);
    } else if (rest.size() == 3) {
      zh = rest.substr(1, 2);
      zm = "00";
    } else {
      return false;
    }
    if (!IsDigits(zh) || !IsDigits(zm) || ToInt(zh) > 23 || ToInt(zm) > 59) return false;
    zone = (ToInt(zh) * 3600 + ToInt(zm) * 60) * (rest[0] == '-' ? -1 : 1);
  } else {
    return false;
  }
  int64_t days = DaysFromCivil(ToInt(y), month, day);
  out = static_cast<double>(days * 86400 + hour * 3600 + minute * 60 + sec - zone) + fraction;
  return true;
}

class ConfigBuilder {
 public:
  explicit ConfigBuilder(FileLoad& load)
      : load_(load), names_(load.inv.names()), arena_(load.inv.arena()) {}
  bool Run(const Value& items);

 private:
  // The message after "configuration item N (type id): ", the label formatted only here: most
  // items never fail, and formatting it for each of them was a tenth of a Config load.
  bool Fail(uint32_t offset, const std::string& message) {
    std::string label = fmt::format("configuration item {}", label_n_);
    if (!label_type_.empty()) {
      label += fmt::format(" ({}", label_type_);
      if (!label_id_.empty()) label += fmt::format(" {}", label_id_);
      label += ')';
    }
    return load_.Fail(offset, fmt::format("{}: {}", label, message));
  }
  bool Validate(uint32_t n, const Value& object, Item& item);
  // `text` (a JSON document in a string) as a value; every offset is the string's.
  bool Decode(const Value& text, std::string_view what, Value& out);
  bool DecodeSupplementary(const Value& v, Value& out);
  bool CheckRelationships(const Value& v);
  void Add(const Item& item);
  uint32_t Depth() const { return load_.options.limits.max_depth; }

  FileLoad& load_;
  Interner& names_;
  Arena& arena_;
  // The item being validated, for messages: its number, then its type and id once known.
  uint32_t label_n_ = 0;
  std::string_view label_type_, label_id_;
};

bool ConfigBuilder::Decode(const Value& text, std::string_view what, Value& out) {
  std::string error;
  uint32_t pos = 0;
  if (!JsonToValue(text.AsString(), load_.inv, Depth(), text.offset, true, out, error, pos)) {
    return Fail(text.offset, fmt::format("{} is a string that must hold a JSON document, but "
                                         "at byte {} of that string: {}",
                                         what, pos, error));
  }
  return true;
}

// Values of supplementaryConfiguration that are strings holding a JSON object or array (first
// non-blank character '{' or '['), or exactly "true"/"false"/"null", are decoded: the API output
// encodes every value so, while a snapshot has them as plain JSON. Other strings stay strings.
bool ConfigBuilder::DecodeSupplementary(const Value& v, Value& out) {
  out = v;
  if (v.kind == ValueKind::kNull) return true;
  if (v.kind != ValueKind::kObject) {
    return Fail(v.offset, fmt::format("\"supplementaryConfiguration\" must be an object, found {}",
                                      JsonKindName(v)));
  }
  std::vector<Member> members(v.members, v.members + v.size);
  bool changed = false;
  for (Member& m : members) {
    if (m.value.kind != ValueKind::kString) continue;
    std::string_view s = m.value.AsString();
    size_t first = s.find_first_not_of(" \t\r\n");
    bool container = first != std::string_view::npos && (s[first] == '{' || s[first] == '[');
    if (!container && s != "true" && s != "false" && s != "null") continue;
    std::string what = fmt::format("\"supplementaryConfiguration\".\"{}\"", names_.Name(m.key));
    if (!Decode(m.value, what, m.value)) return false;
    changed = true;
  }
  if (changed) out = MakeObject(arena_, members, v.offset);
  return true;
}

bool ConfigBuilder::CheckRelationships(const Value& v) {
  if (v.kind == ValueKind::kNull) return true;
  if (v.kind != ValueKind::kList) {
    return Fail(v.offset,
                fmt::format("\"relationships\" must be an array, found {}", JsonKindName(v)));
  }
  for (uint32_t k = 0; k < v.size; ++k) {
    const Value& rel = v.items[k];
    if (rel.kind != ValueKind::kObject) {
      return Fail(rel.offset, fmt::format("relationship {} must be an object with "
                                          "\"resourceType\" and \"resourceId\", found {}",
                                          k, JsonKindName(rel)));
    }
    const Value* type = Find(rel, names_, "resourceType");
    if (type == nullptr || type->kind != ValueKind::kString || type->size == 0) {
      return Fail(type == nullptr ? rel.offset : type->offset,
                  fmt::format("relationship {}: {}; expected a resource type string such as "
                              "\"AWS::EC2::VPC\"",
                              k,
                              type == nullptr ? "missing \"resourceType\""
                                              : "\"resourceType\" must be a non-empty string"));
    }
    for (const char* key : {"resourceId", "resourceName", "relationshipName"}) {
      const Value* s = Find(rel, names_, key);
      if (s != nullptr && s->kind != ValueKind::kString && s->kind != ValueKind::kNull) {
        return Fail(s->offset, fmt::format("relationship {}: \"{}\" must be a string, found {}", k,
                                           key, JsonKindName(*s)));
      }
    }
  }
  return true;
}

bool ConfigBuilder::Validate(uint32_t n, const Value& object, Item& item) {
  label_n_ = n;
  label_type_ = label_id_ = {};
  if (object.kind != ValueKind::kObject) {
    return Fail(object.offset, fmt::format("expected an object with \"resourceType\", "
                                           "\"resourceId\" and \"configuration\", found {}",
                                           JsonKindName(object)));
  }
  item.object = &object;
  const Value* type = Find(object, names_, "resourceType");
  if (type == nullptr) {
    return Fail(object.offset,
                "missing \"resourceType\"; expected a resource type string such as "
                "\"AWS::S3::Bucket\"");
  }
  if (type->kind != ValueKind::kString || type->size == 0) {
    return Fail(type->offset, fmt::format("\"resourceType\" must be a resource type string such "
                                          "as \"AWS::S3::Bucket\", found {}",
                                          type->kind == ValueKind::kString ? "an empty string"
                                                                           : JsonKindName(*type)));
  }
  item.type = type->AsString();
  label_type_ = item.type;
  const Value* id = Find(object, names_, "resourceId");
  if (id == nullptr) return Fail(object.offset, "missing \"resourceId\"; expected a string");
  if (id->kind != ValueKind::kString || id->size == 0) {
    return Fail(id->offset, fmt::format("\"resourceId\" must be a non-empty string, found {}",
                                        id->kind == ValueKind::kString ? "an empty string"
                                                                       : JsonKindName(*id)));
  }
  item.id = id->AsString();
  label_id_ = item.id;
  for (const char* key : {"resourceName", "ARN", "arn", "awsRegion", "accountId"}) {
    const Value* s = Find(object, names_, key);
    if (s != nullptr && s->kind != ValueKind::kString && s->kind != ValueKind::kNull) {
      return Fail(s->offset,
                  fmt::format("\"{}\" must be a string, found {}", key, JsonKindName(*s)));
    }
  }
  if (const Value* status = Find(object, names_, "configurationItemStatus")) {
    std::string_view s = status->kind == ValueKind::kString ? status->AsString() : "";
    if (s != "OK" && s != "ResourceDiscovered" && s != "ResourceNotRecorded" &&
        s != "ResourceDeleted" && s != "ResourceDeletedNotRecorded") {
      return Fail(
          status->offset,
          fmt::format("\"configurationItemStatus\" must be one of {}, found {}", kStatuses,
                      status->kind == ValueKind::kString ? Describe(*status, names_)
                                                         : std::string(JsonKindName(*status))));
    }
    item.deleted = s == "ResourceDeleted" || s == "ResourceDeletedNotRecorded";
  }
  if (const Value* t = Find(object, names_, "configurationItemCaptureTime")) {
    if (t->kind == ValueKind::kInt || t->kind == ValueKind::kDouble) {
      item.time = t->kind == ValueKind::kInt ? static_cast<double>(t->i) : t->d;
      item.has_time = std::isfinite(item.time);
    } else if (t->kind == ValueKind::kString) {
      item.has_time = ParseIsoTime(t->AsString(), item.time);
    }
    if (!item.has_time && t->kind != ValueKind::kNull) {
      return Fail(t->offset, fmt::format("\"configurationItemCaptureTime\" must be an ISO 8601 "
                                         "time such as \"2024-05-01T12:00:00.000Z\" or seconds "
                                         "since the epoch, found {}",
                                         Describe(*t, names_)));
    }
  }
  // The item with its JSON strings decoded, in the original member order.
  std::vector<Member> members(object.members, object.members + object.size);
  for (Member& m : members) {
    std::string_view key = names_.Name(m.key);
    if (key == "configuration") {
      if (m.value.kind == ValueKind::kString) {
        if (!Decode(m.value, "\"configuration\"", m.value)) return false;
      }
      if (m.value.kind != ValueKind::kObject && m.value.kind != ValueKind::kNull) {
        return Fail(m.value.offset, fmt::format("\"configuration\" must be an object (or a "
                                                "string holding a JSON object), found {}",
                                                JsonKindName(m.value)));
      }
    } else if (key == "supplementaryConfiguration") {
      if (!DecodeSupplementary(m.value, m.value)) return false;
    } else if (key == "tags") {
      if (m.value.kind != ValueKind::kObject && m.value.kind != ValueKind::kNull) {
        return Fail(m.value.offset, fmt::format("\"tags\" must be an object mapping tag keys to "
                                                "values, found {}",
                                                JsonKindName(m.value)));
      }
    } else if (key == "relationships") {
      if (!CheckRelationships(m.value)) return false;
    }
  }
  item.decoded = MakeObject(arena_, members, object.offset);
  const Value* configuration = Find(item.decoded, names_, "configuration");
  if (configuration != nullptr && configuration->kind == ValueKind::kObject) {
    item.configuration = configuration;
  }
  return true;
}

void ConfigBuilder::Add(const Item& item) {
  Resource r;
  r.id = item.id;
  r.file = load_.file_index;
  r.offset = item.object->offset;
  r.ref_key = arena_.CopyString(fmt::format("{}|{}", item.type, item.id));
  const TypeMap* map = load_.options.schemas == nullptr
                           ? nullptr
                           : load_.options.schemas->ForBound(InputFormat::kConfig, item.type);
  if (map != nullptr) {
    r.type = arena_.CopyString(map->type);
    r.properties =
        MapProperties(*load_.options.schemas, *map, InputFormat::kConfig, item.decoded, load_.inv);
  } else {
    r.type = item.type;
    if (item.configuration != nullptr) r.properties = Store(arena_, *item.configuration);
  }
  uint32_t index = load_.inv.AddResource(r);
  const Value* rels = Find(item.decoded, names_, "relationships");
  if (rels == nullptr || rels->kind != ValueKind::kList) return;
  for (uint32_t k = 0; k < rels->size; ++k) {
    const Value* type = Find(rels->items[k], names_, "resourceType");
    const Value* id = Find(rels->items[k], names_, "resourceId");
    if (id == nullptr || id->kind != ValueKind::kString || id->size == 0) continue;
    load_.inv.AddReference(index, fmt::format("{}|{}", type->AsString(), id->AsString()), true);
  }
}

// Every item is validated (superseded ones too). The same resource (resourceType, resourceId)
// may appear several times (configuration history): the item with the newest
// configurationItemCaptureTime wins (an item without a time is older than any with one; on a
// tie the later item in the file wins). A resource whose winning item says it was deleted
// ("ResourceDeleted", "ResourceDeletedNotRecorded") no longer exists and is skipped.
// Relationships become references to "resourceType|resourceId" (across files); relationships
// that give only a resourceName are not resolvable and are ignored.
bool ConfigBuilder::Run(const Value& items) {
  if (items.kind != ValueKind::kList) {
    return load_.Fail(items.offset, fmt::format("the configuration items must be an array of "
                                                "objects, found {}",
                                                JsonKindName(items)));
  }
  std::vector<Item> all(items.size);
  std::unordered_map<std::string, uint32_t> newest;  // "type|id" -> index into all
  for (uint32_t n = 0; n < items.size; ++n) {
    Item& item = all[n];
    if (!Validate(n, items.items[n], item)) return false;
    auto [it, inserted] = newest.emplace(fmt::format("{}|{}", item.type, item.id), n);
    if (inserted) continue;
    const Item& old = all[it->second];
    bool newer = !old.has_time || (item.has_time && item.time >= old.time);
    if (newer) it->second = n;
  }
  std::vector<bool> keep(items.size, false);
  for (const auto& [key, n] : newest) keep[n] = !all[n].deleted;
  for (uint32_t n = 0; n < items.size; ++n) {
    if (keep[n]) Add(all[n]);
  }
  return true;
}

}  // namespace

bool LoadConfigJson(FileLoad& load, const JsonSections& sections) {
  const Value* items = sections.Alternative(InputFormat::kConfig);
  if (items == nullptr) {
    return load.Fail(sections.top_offset,
                     "expected AWS Config configuration items: an object with "
                     "\"configurationItems\" (a configuration snapshot) or "
                     "\"ConfigurationItems\", or an array of items");
  }
  ConfigBuilder builder(load);
  return builder.Run(*items);
}

}  // namespace srm::rt::detail
