// Building and inspecting arena Values for the Terraform, AWS Config and generic builders, and
// converting JSON text to Values with simdjson On-Demand.
#include "runtime/value/value_build.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <memory>
#include <new>
#include <stdexcept>

#include "runtime/inventory/load_support.h"
#include "runtime/support/json_text.h"
#include "runtime/support/number_text.h"

namespace srm::rt::detail {

const char* JsonKindName(const Value& v) {
  switch (v.kind) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kBool:
      return "boolean";
    case ValueKind::kInt:
    case ValueKind::kDouble:
      return "number";
    case ValueKind::kString:
      return "string";
    case ValueKind::kList:
      return "array";
    case ValueKind::kObject:
      return "object";
    case ValueKind::kUnknown:
      return "unknown";
  }
  return "?";
}

const Value* Find(const Value& v, const Interner& names, std::string_view name) {
  uint32_t key = names.Find(name);
  return key == Interner::kNone ? nullptr : v.Get(key);
}

uint32_t KeyOffset(const Value& v, const Interner& names, std::string_view name,
                   uint32_t fallback) {
  uint32_t key = names.Find(name);
  if (key == Interner::kNone || v.kind != ValueKind::kObject) return fallback;
  for (uint32_t i = 0; i < v.size; ++i) {
    if (v.members[i].key == key) return v.members[i].key_offset;
  }
  return fallback;
}

namespace {
// Values built from other values never exceed the limit; built from raw input (YAML, embedded
// JSON) they are checked here, and LoadInventoryFile reports the exception.
void CheckSize(size_t n) {
  if (n > kMaxValueSize) throw std::length_error("a value is larger than the limit");
}
}  // namespace

Value MakeObject(Arena& arena, const Member* members, size_t n, uint32_t offset) {
  CheckSize(n);
  Value v;
  v.kind = ValueKind::kObject;
  v.offset = offset;
  v.size = static_cast<uint32_t>(n);
  Member* stored = nullptr;
  if (n > 0) {
    stored = arena.AllocateArray<Member>(n);
    std::uninitialized_copy(members, members + n, stored);
  }
  v.members = stored;
  return v;
}

Value MakeList(Arena& arena, const Value* items, size_t n, uint32_t offset) {
  CheckSize(n);
  Value v;
  v.kind = ValueKind::kList;
  v.offset = offset;
  v.size = static_cast<uint32_t>(n);
  Value* stored = nullptr;
  if (n > 0) {
    stored = arena.AllocateArray<Value>(n);
    std::uninitialized_copy(items, items + n, stored);
  }
  v.items = stored;
  return v;
}

Value MakeString(Arena& arena, std::string_view s, uint32_t offset) {
  CheckSize(s.size());
  std::string_view copy = arena.CopyString(s);
  Value v;
  v.kind = ValueKind::kString;
  v.offset = offset;
  v.str = copy.data();
  v.size = static_cast<uint32_t>(copy.size());
  return v;
}

Value MakeUnknown(uint32_t offset) {
  Value v;
  v.kind = ValueKind::kUnknown;
  v.offset = offset;
  return v;
}

const Value* Store(Arena& arena, const Value& v) {
  Value* stored = arena.AllocateArray<Value>(1);
  new (stored) Value(v);
  return stored;
}

namespace {

namespace od = simdjson::ondemand;

// Nesting is bounded by the caller's limit but never beyond this (simdjson's default).
constexpr uint32_t kMaxDepthCap = 1024;

class TextConverter {
 public:
  TextConverter(const char* start, Inventory& inv, uint32_t max_depth, uint32_t base, bool fixed)
      : start_(start),
        names_(inv.names()),
        arena_(inv.arena()),
        max_depth_(max_depth),
        base_(base),
        fixed_(fixed) {}

  bool Walk(od::value& v, uint32_t depth, Value& out);
  std::string message_;  // set for errors simdjson does not describe (depth, duplicate keys)
  uint32_t pos_ = 0;     // position of such an error in the text
  simdjson::error_code code_ = simdjson::SUCCESS;  // else simdjson's error

 private:
  // Positions are relative to `start_`, the first byte of the text.
  uint32_t Pos(const char* p) const { return static_cast<uint32_t>(p - start_); }
  bool Check(simdjson::error_code code) {
    code_ = code;
    return code == simdjson::SUCCESS;
  }
  uint32_t Offset(const char* p) const { return fixed_ ? base_ : base_ + Pos(p); }
  bool Error(const char* at, std::string message) {
    pos_ = Pos(at);
    message_ = std::move(message);
    return false;
  }

  const char* start_;
  Interner& names_;
  Arena& arena_;
  uint32_t max_depth_;
  uint32_t base_;
  bool fixed_;
  std::vector<Member> members_;  // scratch stack of the open objects' members
  std::vector<Value> items_;     // scratch stack of the open arrays' items
};

bool TextConverter::Walk(od::value& v, uint32_t depth, Value& out) {
  const char* at = v.raw_json_token().data();
  od::json_type type;
  if (!Check(v.type().get(type))) return false;
  out = Value();
  out.offset = Offset(at);
  switch (type) {
    case od::json_type::object: {
      if (depth > max_depth_) {
        return Error(
            at, fmt::format("nesting is deeper than the limit of {} arrays/objects", max_depth_));
      }
      od::object object;
      if (!Check(v.get_object().get(object))) return false;
      size_t start = members_.size();
      DupChecker<uint32_t> dups;
      for (auto field_result : object) {
        od::field field;
        if (!Check(std::move(field_result).get(field))) return false;
        const char* key_at = field.key().raw() - 1;
        std::string_view key;
        if (!Check(field.unescaped_key().get(key))) return false;
        uint32_t id = names_.Intern(key);
        if (dups.Insert(id, Pos(key_at)) != kNoOffset) {
          return Error(key_at, fmt::format("duplicate key \"{}\"", key));
        }
        Value child;
        if (!Walk(field.value(), depth + 1, child)) return false;
        members_.push_back(Member{id, Offset(key_at), child});
      }
      out = MakeObject(arena_, members_.data() + start, members_.size() - start, Offset(at));
      members_.resize(start);
      return true;
    }
    case od::json_type::array: {
      if (depth > max_depth_) {
        return Error(
            at, fmt::format("nesting is deeper than the limit of {} arrays/objects", max_depth_));
      }
      od::array array;
      if (!Check(v.get_array().get(array))) return false;
      size_t start = items_.size();
      for (auto item_result : array) {
        od::value item;
        if (!Check(std::move(item_result).get(item))) return false;
        Value child;
        if (!Walk(item, depth + 1, child)) return false;
        items_.push_back(child);
      }
      out = MakeList(arena_, items_.data() + start, items_.size() - start, Offset(at));
      items_.resize(start);
      return true;
    }
    case od::json_type::string: {
      std::string_view s;
      if (!Check(v.get_string().get(s))) return false;
      out = MakeString(arena_, s, Offset(at));
      return true;
    }
    case od::json_type::number: {
      // Exactly from the text unless simdjson found a plain int64 (see number_text.h). The
      // token ends before the end of the text or at its zeroed padding.
      // (A successful get_* consumes the token; a failed one does not.)
      od::number n;
      if (v.get_number().get(n) == simdjson::SUCCESS) {
        if (n.get_number_type() == od::number_type::signed_integer) {
          out.kind = ValueKind::kInt;
          out.i = n.get_int64();
          return true;
        }
      } else if (double unused; v.get_double().get(unused) != simdjson::SUCCESS) {
        return Error(at, "number out of range");
      }
      NumberValue exact = ParseNumberText({at, NumberTokenLength(at, kMaxValueSize)});
      if (exact.kind == NumberKind::kInt) {
        out.kind = ValueKind::kInt;
        out.i = exact.i;
      } else if (exact.kind == NumberKind::kDouble) {
        out.kind = ValueKind::kDouble;
        out.d = exact.d;
      } else {
        return Error(at, "number out of range");
      }
      return true;
    }
    case od::json_type::boolean: {
      bool b;
      if (!Check(v.get_bool().get(b))) return false;
      out.kind = ValueKind::kBool;
      out.b = b;
      return true;
    }
    case od::json_type::null: {
      bool is_null = false;
      if (!Check(v.is_null().get(is_null))) return false;
      if (!is_null) return Check(simdjson::N_ATOM_ERROR);
      out.kind = ValueKind::kNull;
      return true;
    }
  }
  return false;
}

}  // namespace

bool JsonToValue(std::string_view text, Inventory& inv, uint32_t max_depth, uint32_t base,
                 bool fixed, Value& out, std::string& error, uint32_t& error_pos) {
  error_pos = 0;
  // The precise checker describes syntax errors (simdjson only has codes) and rejects what
  // On-Demand would accept lazily (trailing content).
  uint32_t bad = 0;
  std::string why;
  if (!CheckJsonSyntax(text, bad, why)) {
    error = "invalid JSON: " + why;
    error_pos = bad;
    return false;
  }
  max_depth = std::min(std::max<uint32_t>(max_depth, 1), kMaxDepthCap);
  try {
    // Wrapped in an array so that a scalar text is a value like any other (On-Demand does not
    // hand out scalar documents as values).
    std::string wrapped;
    wrapped.reserve(text.size() + 2);
    wrapped += '[';
    wrapped += text;
    wrapped += ']';
    simdjson::padded_string copy(wrapped);
    // One parser per thread, reused: AWS Config files hold many small JSON strings.
    static thread_local od::parser parser;
    if ((parser.capacity() < copy.size() || parser.max_depth() != max_depth + 5) &&
        parser.allocate(copy.size(), max_depth + 5)) {
      error = "out of memory while parsing";
      return false;
    }
    TextConverter converter(copy.data() + 1, inv, max_depth, base, fixed);
    od::document doc;
    od::array array;
    simdjson::error_code code = parser.iterate(copy).get(doc);
    if (!code) code = doc.get_array().get(array);
    if (!code) {
      for (auto item_result : array) {
        od::value item;
        if ((code = std::move(item_result).get(item))) break;
        if (!converter.Walk(item, 1, out)) break;
        return true;
      }
    }
    if (!converter.message_.empty()) {
      error = converter.message_;
      error_pos = converter.pos_;
    } else {
      if (!code) code = converter.code_;
      error = fmt::format("invalid JSON: {}", simdjson::error_message(code));
    }
    return false;
  } catch (const std::bad_alloc&) {
    error = "out of memory while parsing";
    return false;
  }
}

}  // namespace srm::rt::detail
