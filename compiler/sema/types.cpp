#include "compiler/sema/types.h"

#include <algorithm>

namespace srm::sema {

const Field* Type::FindField(std::string_view n) const {
  for (const Field& f : fields) {
    if (f.name == n) return &f;
  }
  return nullptr;
}

TypeTable::TypeTable() {
  error_ = Make({TypeKind::kError, nullptr, {}, nullptr, "", {}});
  null_ = Make({TypeKind::kNull, nullptr, {}, nullptr, "", {}});
  never_ = Make({TypeKind::kNever, nullptr, {}, nullptr, "", {}});
  bool_ = Make({TypeKind::kBool, nullptr, {}, nullptr, "", {}});
  int_ = Make({TypeKind::kInt, nullptr, {}, nullptr, "", {}});
  string_ = Make({TypeKind::kString, nullptr, {}, nullptr, "", {}});
}

const Type* TypeTable::Make(Type t) {
  types_.push_back(std::move(t));
  return &types_.back();
}

const Type* TypeTable::List(const Type* elem) {
  for (const Type& t : types_) {
    if (t.kind == TypeKind::kList && t.elem == elem) return &t;
  }
  return Make({TypeKind::kList, elem, {}, nullptr, "", {}});
}

const Type* TypeTable::Map(const Type* value) {
  for (const Type& t : types_) {
    if (t.kind == TypeKind::kMap && t.elem == value) return &t;
  }
  return Make({TypeKind::kMap, value, {}, nullptr, "", {}});
}

const Type* TypeTable::Optional(const Type* inner) {
  if (inner->kind == TypeKind::kOptional || inner->kind == TypeKind::kError ||
      inner->kind == TypeKind::kNull)
    return inner;
  for (const Type& t : types_) {
    if (t.kind == TypeKind::kOptional && t.elem == inner) return &t;
  }
  return Make({TypeKind::kOptional, inner, {}, nullptr, "", {}});
}

const Type* TypeTable::Union(std::vector<const Type*> arms) {
  std::sort(arms.begin(), arms.end(),
            [](const Type* a, const Type* b) { return JsonKindOf(a) < JsonKindOf(b); });
  for (const Type& t : types_) {
    if (t.kind != TypeKind::kUnion || t.arms.size() != arms.size()) continue;
    if (std::equal(arms.begin(), arms.end(), t.arms.begin(), SameType)) return &t;
  }
  Type u{TypeKind::kUnion, nullptr, {}, nullptr, "", {}};
  u.arms = std::move(arms);
  return Make(std::move(u));
}

Type* TypeTable::NewRecord(std::string name) {
  types_.push_back({TypeKind::kRecord, nullptr, {}, nullptr, std::move(name), {}});
  return &types_.back();
}

Type* TypeTable::NewResource(const ResourceInfo* info, std::string name) {
  types_.push_back({TypeKind::kResource, nullptr, {}, info, std::move(name), {}});
  return &types_.back();
}

std::string TypeName(const Type* t) {
  switch (t->kind) {
    case TypeKind::kError:
      return "<error>";
    case TypeKind::kNull:
      return "null";
    case TypeKind::kNever:
      return "never";
    case TypeKind::kBool:
      return "bool";
    case TypeKind::kInt:
      return "int";
    case TypeKind::kString:
      return "string";
    case TypeKind::kList:
      return "list<" + TypeName(t->elem) + ">";
    case TypeKind::kMap:
      return "map<" + TypeName(t->elem) + ">";
    case TypeKind::kOptional:
      return TypeName(t->elem) + "?";
    case TypeKind::kUnion: {
      std::string out = "(";
      for (size_t i = 0; i < t->arms.size(); ++i)
        out += (i == 0 ? "" : " | ") + TypeName(t->arms[i]);
      return out + ")";
    }
    case TypeKind::kResource:
      return t->name;
    case TypeKind::kRecord: {
      if (!t->name.empty()) return t->name;
      std::string out = "{";
      for (size_t i = 0; i < t->fields.size(); ++i) {
        if (i == 3) {
          out += ", ...";
          break;
        }
        if (i > 0) out += ", ";
        out += t->fields[i].name + ": " + TypeName(t->fields[i].type);
      }
      return out + "}";
    }
  }
  return "?";
}

rt::ValueKind JsonKindOf(const Type* t) {
  switch (t->Strip()->kind) {
    case TypeKind::kBool:
      return rt::ValueKind::kBool;
    case TypeKind::kInt:
      return rt::ValueKind::kInt;
    case TypeKind::kString:
      return rt::ValueKind::kString;
    case TypeKind::kList:
      return rt::ValueKind::kList;
    case TypeKind::kMap:
    case TypeKind::kRecord:
      return rt::ValueKind::kObject;
    case TypeKind::kError:
    case TypeKind::kNull:
    case TypeKind::kNever:
    case TypeKind::kResource:
    case TypeKind::kOptional:
    case TypeKind::kUnion:  // read as one of its arms (sema::Checker::ViewUnionAs)
      return rt::ValueKind::kNull;
  }
  return rt::ValueKind::kNull;
}

bool SameType(const Type* a, const Type* b) {
  if (a == b) return true;
  if (a->kind != b->kind) return false;
  switch (a->kind) {
    case TypeKind::kList:
    case TypeKind::kMap:
    case TypeKind::kOptional:
      return SameType(a->elem, b->elem);
    case TypeKind::kRecord:
      if (a->fields.size() != b->fields.size()) return false;
      for (size_t i = 0; i < a->fields.size(); ++i) {
        if (a->fields[i].name != b->fields[i].name ||
            !SameType(a->fields[i].type, b->fields[i].type))
          return false;
      }
      return true;
    case TypeKind::kResource:
      return a->resource == b->resource;
    case TypeKind::kUnion:  // arms in one order
      return std::equal(a->arms.begin(), a->arms.end(), b->arms.begin(), b->arms.end(), SameType);
    default:
      return true;
  }
}

bool Assignable(const Type* from, const Type* to) {
  if (from->kind == TypeKind::kError || to->kind == TypeKind::kError) return true;
  if (SameType(from, to)) return true;
  if (to->kind == TypeKind::kOptional) {
    if (from->kind == TypeKind::kNull) return true;
    return Assignable(from->Strip(), to->elem);
  }
  if (from->kind == TypeKind::kList && to->kind == TypeKind::kList) {
    return from->elem->kind == TypeKind::kNever || Assignable(from->elem, to->elem);
  }
  return false;
}

bool IsScalar(const Type* t) {
  return t->kind == TypeKind::kString || t->kind == TypeKind::kInt || t->kind == TypeKind::kBool ||
         t->kind == TypeKind::kError;
}

bool IsUnion(const Type* t) { return t->Strip()->kind == TypeKind::kUnion; }

bool IsArmOf(const Type* t, const Type* u) {
  const Type* s = t->Strip();
  for (const Type* arm : u->Strip()->arms) {
    if (IsScalar(arm) && arm->kind == s->kind) return true;
  }
  return false;
}

const Type* OneOrManyList(const Type* u) {
  const std::vector<const Type*>& arms = u->Strip()->arms;
  if (arms.size() != 2) return nullptr;
  // Sorted by JSON kind, the list comes after every kind but object.
  for (size_t i = 0; i < 2; ++i) {
    const Type* list = arms[i];
    const Type* one = arms[1 - i];
    if (list->kind == TypeKind::kList && SameType(list->elem, one)) return list;
  }
  return nullptr;
}

}  // namespace srm::sema
