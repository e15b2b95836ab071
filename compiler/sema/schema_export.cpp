#include "compiler/sema/schema_export.h"

#include <cctype>
#include <unordered_map>

namespace srm::sema {
namespace {

bool Upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool Lower(char c) {
  return std::islower(static_cast<unsigned char>(c)) != 0 ||
         std::isdigit(static_cast<unsigned char>(c)) != 0;
}
char ToLower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// The source path of field `name` in a bound format that does not name one.
std::string DefaultPath(rt::DefaultPath style, std::string_view name, bool top) {
  switch (style) {
    case rt::DefaultPath::kNone:
      break;
    case rt::DefaultPath::kSnakeCase:
      return SnakeCase(name);
    case rt::DefaultPath::kConfigurationCamel:
      return top ? "configuration." + LowerCamel(name) : LowerCamel(name);
  }
  return std::string(name);
}

class Builder {
 public:
  explicit Builder(rt::SchemaMap& out) : out_(out) {}

  // The record map of a record type; top = the properties of a resource.
  int32_t Record(const Type* record, bool top) {
    auto key = std::make_pair(record, top);
    if (auto it = done_.find(key); it != done_.end()) return it->second;
    int32_t index = static_cast<int32_t>(out_.records.size());
    out_.records.emplace_back();
    done_[key] = index;
    rt::RecordMap map;
    for (const Field& f : record->fields) {
      rt::FieldMap fm;
      fm.name = f.name;
      for (size_t slot = 0; slot < rt::kBindingCount; ++slot) {
        fm.paths[slot] = !f.sources[slot].empty()
                             ? f.sources[slot]
                             : DefaultPath(rt::BindingFormat(slot).default_path, f.name, top);
      }
      const Type* t = f.type->Strip();
      if (t->kind == TypeKind::kList) {
        fm.list = true;
        t = t->elem->Strip();
      }
      if (t->kind == TypeKind::kRecord) fm.record = Record(t, false);
      map.fields.push_back(std::move(fm));
    }
    out_.records[static_cast<size_t>(index)] = std::move(map);
    return index;
  }

 private:
  struct PairHash {
    size_t operator()(const std::pair<const Type*, bool>& p) const {
      return std::hash<const Type*>()(p.first) * 2 + (p.second ? 1 : 0);
    }
  };
  rt::SchemaMap& out_;
  std::unordered_map<std::pair<const Type*, bool>, int32_t, PairHash> done_;
};

}  // namespace

std::string SnakeCase(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (Upper(c) && i > 0 &&
        (Lower(name[i - 1]) || (i + 1 < name.size() && Upper(name[i - 1]) &&
                                std::islower(static_cast<unsigned char>(name[i + 1])))) &&
        out.back() != '_') {
      out += '_';
    }
    out += ToLower(c);
  }
  return out;
}

std::string LowerCamel(std::string_view name) {
  std::string out(name);
  // Lower the leading run of capitals, but keep the last one when it starts a word.
  size_t run = 0;
  while (run < out.size() && Upper(out[run])) ++run;
  if (run > 1 && run < out.size() && std::islower(static_cast<unsigned char>(out[run]))) --run;
  for (size_t i = 0; i < run; ++i) out[i] = ToLower(out[i]);
  if (run == 0 && !out.empty()) out[0] = ToLower(out[0]);
  return out;
}

rt::SchemaMap BuildSchemaMap(const Program& program) {
  rt::SchemaMap out;
  Builder builder(out);
  for (const auto& info : program.resources) {
    bool bound = false;
    for (const std::string& type : info->bound_types) bound = bound || !type.empty();
    if (!bound) continue;
    if (info->schema == nullptr || info->cfn_type.empty()) continue;
    rt::TypeMap t;
    t.type = info->cfn_type;
    t.bound_types = info->bound_types;
    t.props = builder.Record(info->schema, true);
    out.types.push_back(std::move(t));
  }
  return out;
}

}  // namespace srm::sema
