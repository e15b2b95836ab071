// CloudFormation JSON loader: one simdjson On-Demand pass over the file that builds arena Values
// for resource properties, validates everything else, and turns any problem into a LoadError.
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <unordered_map>
#include <vector>

#include "runtime/inventory.h"
#include "runtime/json_text.h"
#include "runtime/load_support.h"

namespace srm::rt {
namespace {

namespace od = simdjson::ondemand;

constexpr size_t kPadding = simdjson::SIMDJSON_PADDING;
// Nesting is checked against LoadLimits::max_depth but never beyond this, which bounds the
// recursion of the walker (and matches simdjson's default depth).
constexpr uint32_t kMaxDepthCap = 1024;
// simdjson and our 32-bit offsets cap a document just below 4 GiB.
constexpr uint64_t kMaxParserBytes = 0xFFFFFFFFull - kPadding;
using detail::DupChecker;
using detail::IdTable;
using detail::kNoOffset;

const char* JsonTypeName(od::json_type t) {
  switch (t) {
    case od::json_type::array:
      return "array";
    case od::json_type::object:
      return "object";
    case od::json_type::number:
      return "number";
    case od::json_type::string:
      return "string";
    case od::json_type::boolean:
      return "boolean";
    case od::json_type::null:
      return "null";
  }
  return "unknown";
}

class Loader {
 public:
  Loader(const SourceFile& file, size_t begin, Inventory& inv, uint32_t max_depth)
      : file_(file),
        json_(file.text().data() + begin),
        begin_(begin),
        names_(inv.names()),
        arena_(inv.arena()),
        max_depth_(std::min(max_depth, kMaxDepthCap)) {}

  // Parses the template; on success `resources` holds its resources (file index still unset).
  bool Run(std::vector<Resource>& resources);
  LoadError TakeError();

 private:
  // File offset of a pointer into the buffer simdjson parses.
  uint32_t Offset(const char* p) const { return static_cast<uint32_t>(begin_ + (p - json_)); }
  uint32_t Offset(od::value& v) { return Offset(v.raw_json_token().data()); }
  // A simdjson error at `at`; its message is worked out later (see TakeError).
  bool Fail(simdjson::error_code code, const char* at) {
    code_ = code;
    if (at == nullptr && doc_ != nullptr && doc_->current_location().get(at)) at = nullptr;
    error_offset_ = at == nullptr ? kNoOffset : Offset(at);
    return false;
  }
  bool FailAt(simdjson::error_code code, uint32_t offset) {
    code_ = code;
    error_offset_ = offset;
    return false;
  }
  // A template error at `offset`; inside a resource the message names the resource.
  bool Error(uint32_t offset, std::string message) {
    error_offset_ = offset;
    message_ = resource_.empty() ? std::move(message)
                                 : fmt::format("resource '{}': {}", resource_, message);
    return false;
  }
  std::string LineOf(uint32_t offset) const {
    LineCol lc = file_.Locate(offset);
    return fmt::format("line {}:{}", lc.line, lc.col);
  }
  bool CheckDepth(uint32_t depth, uint32_t offset) {
    if (depth <= max_depth_) return true;
    return Error(offset,
                 fmt::format("nesting is deeper than the limit of {} arrays/objects", max_depth_));
  }

  bool TopMembers(od::object& top, bool& have_resources, std::vector<Resource>& resources);
  bool Resources(od::value& v, std::vector<Resource>& resources);
  bool OneResource(od::value& v, std::string_view id, uint32_t key_offset, Resource& out);
  // Converts `v` into `out` (when non-null) or only validates it (when null).
  bool Walk(od::value& v, uint32_t depth, Value* out);
  bool WalkObject(od::value& v, uint32_t depth, Value* out);
  bool WalkArray(od::value& v, uint32_t depth, Value* out);

  const SourceFile& file_;
  const char* json_;  // start of the JSON text in the buffer simdjson parses
  size_t begin_;      // file offset of json_ (3 after a byte order mark, else 0)
  Interner& names_;
  Arena& arena_;
  uint32_t max_depth_;
  od::parser parser_;
  od::document* doc_ = nullptr;
  std::vector<Member> members_;             // scratch stack of members of the open objects
  std::vector<Value> items_;                // scratch stack of items of the open arrays
  std::vector<DupChecker<uint32_t>> dups_;  // one per depth
  std::string_view resource_;               // resource being loaded, for messages

  simdjson::error_code code_ = simdjson::SUCCESS;
  uint32_t error_offset_ = kNoOffset;
  std::string message_;
};

bool Loader::Run(std::vector<Resource>& resources) {
  const std::string& text = file_.text();
  std::string_view json(text.data() + begin_, text.size() - begin_);
  simdjson::padded_string copy;  // used only when the file text lacks padding (tiny files)
  simdjson::padded_string_view view;
  if (text.capacity() - text.size() >= kPadding) {
    view = simdjson::padded_string_view(json, json.size() + (text.capacity() - text.size()));
  } else {
    copy = simdjson::padded_string(json);
    view = simdjson::padded_string_view(copy);
    json_ = copy.data();
  }
  // simdjson's own depth limit must sit above ours (its debug builds assert on it).
  if (auto e = parser_.allocate(json.size(), max_depth_ + 4)) return Fail(e, nullptr);
  od::document doc;
  if (auto e = parser_.iterate(view).get(doc)) return Fail(e, nullptr);
  doc_ = &doc;
  od::json_type type;
  if (auto e = doc.type().get(type)) return Fail(e, nullptr);
  size_t first = json.find_first_not_of(" \t\r\n");
  uint32_t top_offset =
      static_cast<uint32_t>(begin_ + (first == std::string_view::npos ? 0 : first));
  if (type != od::json_type::object) {
    uint32_t offset;
    std::string message;
    if (!CheckJsonSyntax(json, offset, message)) return FailAt(simdjson::TAPE_ERROR, 0);
    return Error(top_offset, fmt::format("expected a CloudFormation template (a JSON object with "
                                         "a \"Resources\" section), found {}",
                                         JsonTypeName(type)));
  }
  if (!CheckDepth(1, top_offset)) return false;
  od::object top;
  if (auto e = doc.get_object().get(top)) return Fail(e, nullptr);
  bool have_resources = false;
  bool ok = TopMembers(top, have_resources, resources);
  doc_ = nullptr;  // `doc` dies with this frame
  if (!ok) return false;
  if (!have_resources) {
    return Error(top_offset,
                 "the template has no \"Resources\" section; expected a "
                 "CloudFormation template with a \"Resources\" object");
  }
  const char* rest = nullptr;
  if (!doc.current_location().get(rest)) {
    return Error(Offset(rest),
                 "unexpected content after the end of the template's top-level "
                 "object");
  }
  return true;
}

bool Loader::TopMembers(od::object& top, bool& have_resources, std::vector<Resource>& resources) {
  std::unordered_map<std::string_view, uint32_t> seen;
  for (auto field_result : top) {
    od::field field;
    if (auto e = std::move(field_result).get(field)) return Fail(e, nullptr);
    std::string_view key;
    uint32_t key_offset = Offset(field.key().raw() - 1);
    if (auto e = field.unescaped_key().get(key)) return FailAt(e, key_offset);
    auto [it, inserted] = seen.emplace(key, key_offset);
    if (!inserted) {
      return Error(key_offset, fmt::format("duplicate top-level key \"{}\" (first at {})", key,
                                           LineOf(it->second)));
    }
    if (key == "Resources") {
      have_resources = true;
      if (!Resources(field.value(), resources)) return false;
    } else if (!Walk(field.value(), 2, nullptr)) {
      return false;
    }
  }
  return true;
}

bool Loader::Resources(od::value& v, std::vector<Resource>& resources) {
  uint32_t offset = Offset(v);
  od::json_type type;
  if (auto e = v.type().get(type)) return FailAt(e, offset);
  if (type != od::json_type::object) {
    return Error(offset, fmt::format("\"Resources\" must be an object mapping logical ids to "
                                     "resources, found {}",
                                     JsonTypeName(type)));
  }
  if (!CheckDepth(2, offset)) return false;
  od::object object;
  if (auto e = v.get_object().get(object)) return FailAt(e, offset);
  IdTable ids;
  for (auto field_result : object) {
    od::field field;
    if (auto e = std::move(field_result).get(field)) return Fail(e, nullptr);
    uint32_t key_offset = Offset(field.key().raw() - 1);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return FailAt(e, key_offset);
    std::string_view id = arena_.CopyString(key);
    uint32_t first = ids.Insert(id, key_offset);
    if (first != kNoOffset) {
      return Error(key_offset, fmt::format("duplicate logical id '{}' in \"Resources\" (first "
                                           "defined at {})",
                                           id, LineOf(first)));
    }
    Resource r;
    resource_ = id;
    if (!OneResource(field.value(), id, key_offset, r)) return false;
    resource_ = {};
    resources.push_back(r);
  }
  return true;
}

bool Loader::OneResource(od::value& v, std::string_view id, uint32_t key_offset, Resource& out) {
  uint32_t offset = Offset(v);
  od::json_type type;
  if (auto e = v.type().get(type)) return FailAt(e, offset);
  if (type != od::json_type::object) {
    return Error(offset, fmt::format("expected an object with \"Type\" and \"Properties\", "
                                     "found {}",
                                     JsonTypeName(type)));
  }
  if (!CheckDepth(3, offset)) return false;
  od::object object;
  if (auto e = v.get_object().get(object)) return FailAt(e, offset);
  out.id = id;
  out.offset = key_offset;
  bool have_type = false;
  DupChecker<std::string_view> dups;
  for (auto field_result : object) {
    od::field field;
    if (auto e = std::move(field_result).get(field)) return Fail(e, nullptr);
    uint32_t k_offset = Offset(field.key().raw() - 1);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return FailAt(e, k_offset);
    uint32_t first = dups.Insert(key, k_offset);
    if (first != kNoOffset) {
      return Error(k_offset, fmt::format("duplicate key \"{}\" (first at {})", key, LineOf(first)));
    }
    od::value& value = field.value();
    if (key == "Type" || key == "Properties") {
      uint32_t v_offset = Offset(value);
      od::json_type t;
      if (auto e = value.type().get(t)) return FailAt(e, v_offset);
      if (key == "Type") {
        if (t != od::json_type::string) {
          return Error(v_offset, fmt::format("\"Type\" must be a string such as "
                                             "\"AWS::S3::Bucket\", found {}",
                                             JsonTypeName(t)));
        }
        std::string_view s;
        if (auto e = value.get_string().get(s)) return FailAt(e, v_offset);
        if (s.empty()) return Error(v_offset, "\"Type\" must not be empty");
        out.type = arena_.CopyString(s);
        have_type = true;
      } else {
        if (t != od::json_type::object) {
          return Error(v_offset,
                       fmt::format("\"Properties\" must be an object, found {}", JsonTypeName(t)));
        }
        Value props;
        if (!Walk(value, 4, &props)) return false;
        Value* stored = arena_.AllocateArray<Value>(1);
        new (stored) Value(props);
        out.properties = stored;
      }
    } else if (!Walk(value, 4, nullptr)) {
      return false;
    }
  }
  if (!have_type) {
    return Error(offset,
                 "missing \"Type\"; expected a resource type string such as "
                 "\"AWS::S3::Bucket\"");
  }
  return true;
}

bool Loader::Walk(od::value& v, uint32_t depth, Value* out) {
  const char* at = v.raw_json_token().data();
  od::json_type type;
  if (auto e = v.type().get(type)) return Fail(e, at);
  switch (type) {
    case od::json_type::object:
      return WalkObject(v, depth, out);
    case od::json_type::array:
      return WalkArray(v, depth, out);
    case od::json_type::string: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return Fail(e, at);
      if (out != nullptr) {
        std::string_view copy = arena_.CopyString(s);
        out->kind = ValueKind::kString;
        out->str = copy.data();
        out->size = static_cast<uint32_t>(copy.size());
      }
      break;
    }
    case od::json_type::number: {
      od::number n;
      if (v.get_number().get(n)) {
        // Integers beyond 64 bits: simdjson's number parser refuses them, its double parser
        // does not. Out-of-range doubles (1e999) fail here too.
        double d;
        if (auto e = v.get_double().get(d)) return Fail(e, at);
        if (out != nullptr) {
          out->kind = ValueKind::kDouble;
          out->d = d;
          out->offset = Offset(at);
        }
        return true;
      }
      if (out != nullptr) {
        switch (n.get_number_type()) {
          case od::number_type::signed_integer:
            out->kind = ValueKind::kInt;
            out->i = n.get_int64();
            break;
          case od::number_type::unsigned_integer:
            out->kind = ValueKind::kDouble;
            out->d = static_cast<double>(n.get_uint64());
            break;
          default:
            out->kind = ValueKind::kDouble;
            out->d = n.get_double();
            break;
        }
      }
      break;
    }
    case od::json_type::boolean: {
      bool b;
      if (auto e = v.get_bool().get(b)) return Fail(e, at);
      if (out != nullptr) {
        out->kind = ValueKind::kBool;
        out->b = b;
      }
      break;
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto e = v.is_null().get(is_null)) return Fail(e, at);
      if (!is_null) return Fail(simdjson::N_ATOM_ERROR, at);
      if (out != nullptr) out->kind = ValueKind::kNull;
      break;
    }
  }
  if (out != nullptr) out->offset = Offset(at);
  return true;
}

bool Loader::WalkObject(od::value& v, uint32_t depth, Value* out) {
  const char* at = v.raw_json_token().data();
  if (!CheckDepth(depth, Offset(at))) return false;
  od::object object;
  if (auto e = v.get_object().get(object)) return Fail(e, at);
  size_t start = members_.size();
  if (out != nullptr) {
    if (dups_.size() <= depth) dups_.resize(depth + 1);
    dups_[depth].Reset();
  }
  for (auto field_result : object) {
    od::field field;
    if (auto e = std::move(field_result).get(field)) return Fail(e, nullptr);
    uint32_t key_offset = Offset(field.key().raw() - 1);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return FailAt(e, key_offset);
    if (out == nullptr) {
      if (!Walk(field.value(), depth + 1, nullptr)) return false;
      continue;
    }
    uint32_t id = names_.Intern(key);
    uint32_t first = dups_[depth].Insert(id, key_offset);
    if (first != kNoOffset) {
      return Error(key_offset,
                   fmt::format("duplicate key \"{}\" (first at {})", key, LineOf(first)));
    }
    Value child;
    if (!Walk(field.value(), depth + 1, &child)) return false;
    members_.push_back(Member{id, key_offset, child});
  }
  if (out != nullptr) {
    size_t n = members_.size() - start;
    out->kind = ValueKind::kObject;
    out->offset = Offset(at);
    out->size = static_cast<uint32_t>(n);
    Member* stored = nullptr;
    if (n > 0) {
      stored = arena_.AllocateArray<Member>(n);
      std::uninitialized_copy(members_.begin() + static_cast<ptrdiff_t>(start), members_.end(),
                              stored);
    }
    out->members = stored;
    members_.resize(start);
  }
  return true;
}

bool Loader::WalkArray(od::value& v, uint32_t depth, Value* out) {
  const char* at = v.raw_json_token().data();
  if (!CheckDepth(depth, Offset(at))) return false;
  od::array array;
  if (auto e = v.get_array().get(array)) return Fail(e, at);
  size_t start = items_.size();
  for (auto item_result : array) {
    od::value item;
    if (auto e = std::move(item_result).get(item)) return Fail(e, nullptr);
    if (out == nullptr) {
      if (!Walk(item, depth + 1, nullptr)) return false;
      continue;
    }
    Value child;
    if (!Walk(item, depth + 1, &child)) return false;
    items_.push_back(child);
  }
  if (out != nullptr) {
    size_t n = items_.size() - start;
    out->kind = ValueKind::kList;
    out->offset = Offset(at);
    out->size = static_cast<uint32_t>(n);
    Value* stored = nullptr;
    if (n > 0) {
      stored = arena_.AllocateArray<Value>(n);
      std::uninitialized_copy(items_.begin() + static_cast<ptrdiff_t>(start), items_.end(), stored);
    }
    out->items = stored;
    items_.resize(start);
  }
  return true;
}

LoadError Loader::TakeError() {
  LoadError error;
  error.file = file_.path();
  if (code_ != simdjson::SUCCESS) {
    // simdjson says what went wrong but not where: the precise checker finds the spot.
    uint32_t offset = 0;
    std::string message;
    std::string_view json(file_.text());
    json.remove_prefix(begin_);
    if (!CheckJsonSyntax(json, offset, message)) {
      error.where = file_.Locate(static_cast<uint32_t>(begin_) + offset);
      error.message = "invalid JSON: " + message;
      return error;
    }
    switch (code_) {
      case simdjson::NUMBER_ERROR:
      case simdjson::NUMBER_OUT_OF_RANGE:
        message = "number out of range";
        break;
      case simdjson::MEMALLOC:
        message = "out of memory while parsing";
        break;
      default:
        message = simdjson::error_message(code_);
        break;
    }
    if (error_offset_ != kNoOffset) error.where = file_.Locate(error_offset_);
    error.message = "invalid JSON: " + message;
    return error;
  }
  error.where = file_.Locate(error_offset_);
  error.message = std::move(message_);
  return error;
}

}  // namespace

bool LoadCloudFormationJson(const std::string& path, Inventory& inventory, LoadError& error,
                            const LoadLimits& limits) {
  error = LoadError{};
  error.file = path;
  std::string text, why;
  if (!detail::ReadPaddedFile(path, std::min<uint64_t>(limits.max_file_bytes, kMaxParserBytes),
                              kPadding, text, why)) {
    error.message = std::move(why);
    return false;
  }
  auto file = std::make_unique<SourceFile>(path, std::move(text));
  std::string_view view(file->text());
  auto fail_at = [&](size_t offset, std::string message) {
    error.where = file->Locate(static_cast<uint32_t>(offset));
    error.message = std::move(message);
    return false;
  };
  if (view.empty()) {
    error.message = "file is empty; expected a CloudFormation template (a JSON object)";
    return false;
  }
  if (const void* nul = std::memchr(view.data(), '\0', view.size())) {
    return fail_at(static_cast<const char*>(nul) - view.data(),
                   "file contains a NUL byte: this is binary data, not a JSON template");
  }
  if (!simdjson::validate_utf8(view.data(), view.size())) {
    size_t bad = FirstInvalidUtf8(view);
    return fail_at(bad, fmt::format("invalid UTF-8 (byte 0x{:02x}); the template must be UTF-8 "
                                    "text",
                                    static_cast<unsigned char>(view[bad])));
  }
  size_t begin = view.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // skip a byte order mark
  if (view.find_first_not_of(" \t\r\n", begin) == std::string_view::npos) {
    error.message =
        "file contains only whitespace; expected a CloudFormation template (a JSON "
        "object)";
    return false;
  }

  std::vector<Resource> resources;
  try {
    Loader loader(*file, begin, inventory, limits.max_depth);
    if (!loader.Run(resources)) {
      error = loader.TakeError();
      return false;
    }
  } catch (const std::bad_alloc&) {
    error.message = "out of memory while loading the template";
    return false;
  }
  uint32_t index = inventory.AddFile(std::move(file));
  for (Resource& r : resources) {
    r.file = index;
    inventory.AddResource(r);
  }
  return true;
}

}  // namespace srm::rt
