// The JSON pass for every JSON inventory format: one simdjson On-Demand pass over the file that
// streams CloudFormation resources (building arena Values for their properties), materialises
// the sections the formats' rows in input_formats.def name, validates everything else, and turns
// any problem into a located LoadError. Then it detects the format from its keys (unless forced)
// and calls the format's loader.
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <unordered_map>
#include <vector>

#include "runtime/inventory/format_loaders.h"
#include "runtime/inventory/inventory.h"
#include "runtime/inventory/json_parsers.h"
#include "runtime/inventory/load_support.h"
#include "runtime/support/json_text.h"
#include "runtime/support/number_text.h"

namespace srm::rt::detail {
namespace {

namespace od = simdjson::ondemand;

constexpr size_t kPadding = simdjson::SIMDJSON_PADDING;
// Nesting is checked against LoadLimits::max_depth but never beyond this, which bounds the
// recursion of the walker (and matches simdjson's default depth).
constexpr uint32_t kMaxDepthCap = 1024;

// What the pass keeps, and the first key of each format (for detection).
struct Sections {
  InputFormat format = InputFormat::kAuto;  // forced (--input-format) or kAuto
  JsonSections json;
  std::array<uint32_t, kInputFormatCount + 1> first_key;  // by InputFormat
  std::array<std::string, kInputFormatCount + 1> first_key_name;
  Sections() { first_key.fill(kNoOffset); }
  // Whether the pass reads the sections of `f`: the forced format, or every one when detecting.
  bool Wanted(InputFormat f) const { return format == InputFormat::kAuto || format == f; }
};

size_t IndexOf(InputFormat f) { return static_cast<size_t>(f) - 1; }  // row of the table

// The format a top-level key announces, or kAuto when it says nothing.
InputFormat FormatOfKey(std::string_view key) {
  for (const InputFormatInfo& info : kInputFormats) {
    for (std::string_view k : info.detect_keys) {
      if (!k.empty() && k == key) return info.format;
    }
  }
  return InputFormat::kAuto;
}

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
  Loader(FileLoad& load, size_t begin, Sections& sections)
      : file_(load.file),
        json_(load.file.text().data() + begin),
        begin_(begin),
        load_(load),
        sections_(sections),
        names_(load.inv.names()),
        arena_(load.inv.arena()),
        max_depth_(std::min(load.options.limits.max_depth, kMaxDepthCap)) {}

  // Parses the file, streaming CloudFormation resources into the inventory and keeping the
  // sections of the other formats in `sections`.
  bool Run();
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
  // `key` at `offset` repeats the key at `first` (of the same object).
  bool DuplicateKey(uint32_t offset, std::string_view key, uint32_t first) {
    return Error(offset, fmt::format("duplicate key \"{}\" (first at {})", key, LineOf(first)));
  }
  bool TooBig(uint32_t offset, const char* what, const char* unit) {
    return Error(offset,
                 fmt::format("{} has more than the limit of {} {}", what, kMaxValueSize, unit));
  }
  bool CheckDepth(uint32_t depth, uint32_t offset) {
    if (depth <= max_depth_) return true;
    return Error(offset,
                 fmt::format("nesting is deeper than the limit of {} arrays/objects", max_depth_));
  }

  // The text of a string token starting at `quote` (its opening quote) when it has no escape
  // sequences and lives in the file text: a view into the file, so that neither simdjson's
  // string buffer nor the arena holds a copy. Empty optional otherwise.
  std::optional<std::string_view> RawString(const char* quote) const {
    if (!zero_copy_) return std::nullopt;
    const char* begin = quote + 1;
    const char* end = json_ + (file_.text().size() - begin_);
    const void* close = std::memchr(begin, '"', static_cast<size_t>(end - begin));
    if (close == nullptr) return std::nullopt;
    auto n = static_cast<size_t>(static_cast<const char*>(close) - begin);
    if (std::memchr(begin, '\\', n) != nullptr) return std::nullopt;
    return std::string_view(begin, n);
  }
  // A member's key: a view into the file when possible, else unescaped by simdjson.
  simdjson::error_code Key(od::field& field, std::string_view& key) {
    if (auto raw = RawString(field.key().raw() - 1)) {
      key = *raw;
      return simdjson::SUCCESS;
    }
    return field.unescaped_key().get(key);
  }
  bool TopMembers(od::object& top);
  // Materialises a top-level section.
  // Validates a top-level section now and materialises it into `*slot` after the pass (like
  // Properties); `*slot` holds a placeholder until then.
  bool Keep(od::value& v, const Value** slot);
  bool Resources(od::value& v);
  bool OneResource(od::value& v, std::string_view id, uint32_t key_offset, Resource& out);
  // Converts `v` into `out` (when non-null) or only validates it (when null).
  bool Walk(od::value& v, uint32_t depth, Value* out);
  bool WalkObject(od::value& v, uint32_t depth, Value* out);
  bool WalkArray(od::value& v, uint32_t depth, Value* out);

  const SourceFile& file_;
  const char* json_;       // start of the JSON text in the buffer simdjson parses
  bool zero_copy_ = true;  // json_ is the file's own text (not a padded copy)
  size_t begin_;           // file offset of json_ (3 after a byte order mark, else 0)
  FileLoad& load_;
  Sections& sections_;
  Interner& names_;
  Arena& arena_;
  uint32_t max_depth_;
  ReusedParser parser_{ReusedParser::kWholeFile};
  od::document* doc_ = nullptr;
  // Properties are validated during the main pass and materialised afterwards, one resource
  // at a time with a small parser, once the whole-file index is freed (peak memory).
  struct Deferred {
    uint32_t resource;             // inventory index (unless `slot`)
    uint32_t begin, end;           // file offsets of the value's text
    std::string_view id;           // for messages
    const Value** slot = nullptr;  // a top-level section instead of a resource's Properties
    bool srm_metadata = false;     // the resource's Metadata.srm instead of its Properties
  };
  bool MaterialiseProperties();
  // After this pass failed: validates the properties it skipped before the failure, in order,
  // so that the error reported is the first in reading order, as if they had been walked; the
  // first one that fails replaces the pass's error.
  void ValidateSkipped();
  // Parses the text of `d` with `small` (grown as needed) and walks it into `out` (or only
  // validates it when null).
  bool WalkDeferred(ReusedParser& small, const Deferred& d, Value* out);
  std::vector<Deferred> deferred_;
  uint32_t props_begin_ = kNoOffset, props_end_ = kNoOffset;  // set by OneResource
  uint32_t srm_begin_ = kNoOffset, srm_end_ = kNoOffset;      // Metadata.srm, by OneResource
  // Calls on_field(key, value) for each member of `object` in order, after checking
  // that no key repeats; false at the first error (its own or on_field's).
  template <typename F>
  bool Fields(od::object& object, F&& on_field) {
    DupChecker<std::string_view> dups;
    for (auto field_result : object) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return Fail(e, nullptr);
      uint32_t k_offset = Offset(field.key().raw() - 1);
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return FailAt(e, k_offset);
      uint32_t first = dups.Insert(key, k_offset);
      if (first != kNoOffset) return DuplicateKey(k_offset, key, first);
      if (!on_field(key, field.value())) return false;
    }
    return true;
  }
  // Validates a resource's Metadata, recording where its "srm" member is (srm_begin_/end_).
  bool Metadata(od::value& v, uint32_t depth);
  std::vector<Member> members_;             // scratch stack of members of the open objects
  std::vector<Value> items_;                // scratch stack of items of the open arrays
  std::vector<DupChecker<uint32_t>> dups_;  // one per depth
  // While validating a resource's Properties without building them (ValidateSkipped, and the
  // resources of types no control reads: LoadOptions::build_types), everything the building
  // walk checks is checked: duplicate keys (by their text; it compares ids) and numbers read
  // exactly. The same errors either way.
  bool as_built_ = false;
  std::vector<DupChecker<std::string_view>> text_dups_;  // one per depth
  std::string_view resource_;                            // resource being loaded, for messages

  simdjson::error_code code_ = simdjson::SUCCESS;
  uint32_t error_offset_ = kNoOffset;
  std::string message_;
};

bool Loader::Run() {
  std::string_view text = file_.text();
  std::string_view json(text.data() + begin_, text.size() - begin_);
  simdjson::padded_string copy;  // used only when the file text lacks padding (tiny files)
  simdjson::padded_string_view view;
  if (file_.padding() >= kPadding) {
    view = simdjson::padded_string_view(json, json.size() + file_.padding());
  } else {
    copy = simdjson::padded_string(json);
    view = simdjson::padded_string_view(copy);
    json_ = copy.data();
    zero_copy_ = false;
  }
  // simdjson's own depth limit must sit above ours (its debug builds assert on it).
  if (auto e = parser_.Reserve(json.size(), max_depth_ + 4)) return Fail(e, nullptr);
  od::document doc;
  if (auto e = parser_.get().iterate(view).get(doc)) return Fail(e, nullptr);
  doc_ = &doc;
  od::json_type type;
  if (auto e = doc.type().get(type)) return Fail(e, nullptr);
  size_t first = json.find_first_not_of(" \t\r\n");
  uint32_t top_offset =
      static_cast<uint32_t>(begin_ + (first == std::string_view::npos ? 0 : first));
  sections_.json.top_offset = top_offset;
  const InputFormatInfo* array_format = nullptr;  // the format a top-level array is
  for (const InputFormatInfo& info : kInputFormats) {
    if (info.top_array && sections_.Wanted(info.format)) {
      array_format = &info;
      break;
    }
  }
  bool ok = true;
  if (type == od::json_type::array && array_format != nullptr) {
    // A bare list (of AWS Config configuration items), kept as the format's first section.
    size_t index = IndexOf(array_format->format);
    od::value whole;
    if (auto e = doc.get_value().get(whole)) return Fail(e, nullptr);
    if (!Keep(whole, &sections_.json.kept[index][0])) return false;
    sections_.first_key[index + 1] = top_offset;
    sections_.first_key_name[index + 1] = "a top-level array";
  } else if (type != od::json_type::object) {
    uint32_t offset;
    std::string message;
    if (!CheckJsonSyntax(json, offset, message)) return FailAt(simdjson::TAPE_ERROR, 0);
    return Error(top_offset, fmt::format("expected {}, found {}",
                                         ExpectedJsonShape(sections_.format), JsonTypeName(type)));
  } else {
    if (!CheckDepth(1, top_offset)) return false;
    od::object top;
    if (auto e = doc.get_object().get(top)) return Fail(e, nullptr);
    ok = TopMembers(top);
  }
  if (!ok) {
    doc_ = nullptr;
    ValidateSkipped();
    return false;
  }
  const char* rest = nullptr;
  bool at_end = doc.current_location().get(rest) != simdjson::SUCCESS;
  doc_ = nullptr;  // `doc` dies with this frame
  if (!at_end) {
    Error(Offset(rest), "unexpected content after the end of the top-level value");
    ValidateSkipped();
    return false;
  }
  parser_.Release();  // frees a large file's whole-file index before the values are built
  return MaterialiseProperties();
}

bool Loader::Keep(od::value& v, const Value** slot) {
  static const Value kPending;
  uint32_t begin = Offset(v);
  od::json_type type;
  if (auto e = v.type().get(type)) return FailAt(e, begin);
  if (type != od::json_type::object && type != od::json_type::array) {
    // Scalars are small, and simdjson cannot iterate a scalar document as a value.
    Value value;
    if (!Walk(v, 2, &value)) return false;
    Value* stored = arena_.AllocateArray<Value>(1);
    new (stored) Value(value);
    *slot = stored;
    return true;
  }
  if (!Walk(v, 2, nullptr)) return false;
  const char* after = nullptr;
  uint32_t end = doc_->current_location().get(after) == simdjson::SUCCESS
                     ? Offset(after)
                     : static_cast<uint32_t>(file_.text().size());
  deferred_.push_back({0, begin, end, {}, slot});
  *slot = &kPending;
  return true;
}

bool Loader::TopMembers(od::object& top) {
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
    InputFormat category = FormatOfKey(key);
    if (category != InputFormat::kAuto) {
      int c = static_cast<int>(category);
      if (sections_.first_key[c] == kNoOffset) {
        sections_.first_key[c] = key_offset;
        sections_.first_key_name[c] = fmt::format("\"{}\"", key);
      }
    }
    // Sections of the forced format, or of any format when detecting.
    od::value& value = field.value();
    const Value** keep = nullptr;
    bool streamed = false;
    for (const InputFormatInfo& info : kInputFormats) {
      if (!sections_.Wanted(info.format)) continue;
      if (!info.streamed_key.empty() && key == info.streamed_key) {
        JsonSections& json = sections_.json;
        json.streamed = true;
        json.first_resource = static_cast<uint32_t>(load_.inv.resources().size());
        if (!Resources(value)) return false;
        json.n_resources =
            static_cast<uint32_t>(load_.inv.resources().size()) - json.first_resource;
        streamed = true;
        break;
      }
      for (size_t k = 0; k < kMaxFormatKeys; ++k) {
        if (info.sections[k].empty() || key != info.sections[k]) continue;
        const Value** slot =
            &sections_.json.kept[IndexOf(info.format)][info.alternatives.empty() ? k : 0];
        if (!info.alternatives.empty() && *slot != nullptr)
          return Error(key_offset, fmt::format(fmt::runtime(info.alternatives), key));
        keep = slot;
      }
    }
    if (streamed) continue;
    if (keep != nullptr) {
      if (!Keep(value, keep)) return false;
    } else if (!Walk(value, 2, nullptr)) {
      return false;
    }
  }
  return true;
}

bool Loader::Resources(od::value& v) {
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
  // Sized once (a skip over the section's index) rather than grown: growing vectors of this
  // many resources cost more in copies and fresh pages than the count.
  size_t count = 0;
  if (auto e = object.count_fields().get(count)) return FailAt(e, offset);
  load_.inv.ReserveResources(count);
  deferred_.reserve(deferred_.size() + count);
  IdTable ids(count);
  for (auto field_result : object) {
    od::field field;
    if (auto e = std::move(field_result).get(field)) return Fail(e, nullptr);
    uint32_t key_offset = Offset(field.key().raw() - 1);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return FailAt(e, key_offset);
    if (key.empty()) return Error(key_offset, std::string(kEmptyLogicalId));
    std::string_view id = arena_.CopyString(key);
    uint32_t first = ids.Insert(id, key_offset);
    if (first != kNoOffset) {
      return Error(key_offset, fmt::format("duplicate logical id '{}' in \"Resources\" (first "
                                           "defined at {})",
                                           id, LineOf(first)));
    }
    Resource r;
    resource_ = id;
    props_begin_ = props_end_ = srm_begin_ = srm_end_ = kNoOffset;
    if (!OneResource(field.value(), id, key_offset, r)) {
      // Its properties were read before the failure: ValidateSkipped checks them (they are
      // never built, so no resource index).
      if (props_begin_ != kNoOffset) deferred_.push_back({0, props_begin_, props_end_, id});
      return false;
    }
    resource_ = {};
    r.file = load_.file_index;
    uint32_t index = load_.inv.AddResource(r);
    if (props_begin_ != kNoOffset) deferred_.push_back({index, props_begin_, props_end_, id});
    if (srm_begin_ != kNoOffset)
      deferred_.push_back({index, srm_begin_, srm_end_, id, nullptr, /*srm_metadata=*/true});
  }
  return true;
}

bool Loader::WalkDeferred(ReusedParser& small, const Deferred& d, Value* out) {
  const char* buffer_end = json_ + (file_.text().size() - begin_);  // padding follows
  const char* start = json_ + (d.begin - begin_);
  size_t len = d.end - d.begin;
  simdjson::padded_string_view view(start, len, static_cast<size_t>(buffer_end - start) + kPadding);
  if (auto e = small.Reserve(len, max_depth_ + 4)) return FailAt(e, d.begin);
  od::document doc;
  if (auto e = small.get().iterate(view).get(doc)) return FailAt(e, d.begin);
  od::value value;
  if (auto e = doc.get_value().get(value)) return FailAt(e, d.begin);
  doc_ = &doc;
  resource_ = d.id;
  as_built_ = out == nullptr && d.slot == nullptr && !d.srm_metadata;
  bool ok = Walk(value, d.slot != nullptr ? 2 : d.srm_metadata ? 5 : 4, out);
  as_built_ = false;
  doc_ = nullptr;
  resource_ = {};
  return ok;
}

void Loader::ValidateSkipped() {
  simdjson::error_code code = code_;
  uint32_t offset = error_offset_;
  std::string message = std::move(message_);
  ReusedParser small(ReusedParser::kProperties);
  for (const Deferred& d : deferred_) {
    if (d.slot != nullptr || d.srm_metadata) continue;  // walked by the pass itself
    if (!WalkDeferred(small, d, nullptr)) return;       // the earlier error
  }
  code_ = code;
  error_offset_ = offset;
  message_ = std::move(message);
}

bool Loader::MaterialiseProperties() {
  ReusedParser small(ReusedParser::kProperties);
  const auto* wanted = load_.options.build_types;
  for (const Deferred& d : deferred_) {
    if (wanted != nullptr && d.slot == nullptr && !d.srm_metadata &&
        wanted->find(load_.inv.resources()[d.resource].type) == wanted->end()) {
      // No control reads them: validated only (AddResource gave the resource empty ones).
      if (!WalkDeferred(small, d, nullptr)) return false;
      continue;
    }
    Value props;
    if (!WalkDeferred(small, d, &props)) return false;
    Value* stored = arena_.AllocateArray<Value>(1);
    new (stored) Value(props);
    if (d.slot != nullptr) {
      *d.slot = stored;
    } else if (d.srm_metadata) {
      load_.inv.mutable_resource(d.resource).srm_metadata = stored;
    } else {
      load_.inv.mutable_resource(d.resource).properties = stored;
    }
  }
  deferred_.clear();
  deferred_.shrink_to_fit();
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
  bool fields_ok = Fields(object, [&](std::string_view key, od::value& value) {
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
        // Skipped here (a walk of the index's brackets), validated while they are built
        // (MaterialiseProperties), or before this pass's own error (ValidateSkipped).
        od::object props;
        if (auto e = value.get_object().get(props)) return FailAt(e, v_offset);
        std::string_view raw;
        if (auto e = props.raw_json().get(raw)) return FailAt(e, v_offset);
        props_begin_ = v_offset;
        props_end_ = Offset(raw.data() + raw.size());
      }
    } else if (key == "Metadata") {
      if (!Metadata(value, 4)) return false;
    } else if (!Walk(value, 4, nullptr)) {
      return false;
    }
    return true;
  });
  if (!fields_ok) return false;
  if (!have_type) {
    return Error(offset,
                 "missing \"Type\"; expected a resource type string such as "
                 "\"AWS::S3::Bucket\"");
  }
  return true;
}

bool Loader::Metadata(od::value& v, uint32_t depth) {
  uint32_t offset = Offset(v);
  od::json_type type;
  if (auto e = v.type().get(type)) return FailAt(e, offset);
  if (type != od::json_type::object) return Walk(v, depth, nullptr);  // not SRM's business
  if (!CheckDepth(depth, offset)) return false;
  od::object object;
  if (auto e = v.get_object().get(object)) return FailAt(e, offset);
  return Fields(object, [&](std::string_view key, od::value& value) {
    if (key != "srm") return Walk(value, depth + 1, nullptr);
    uint32_t v_offset = Offset(value);
    if (!Walk(value, depth + 1, nullptr)) return false;
    const char* after = nullptr;
    if (auto e = doc_->current_location().get(after)) return FailAt(e, v_offset);
    srm_begin_ = v_offset;
    srm_end_ = Offset(after);
    return true;
  });
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
      std::optional<std::string_view> raw = RawString(at);
      if (raw) {
        // Still let simdjson consume the token, without unescaping it.
        od::raw_json_string unused;
        if (auto e = v.get_raw_json_string().get(unused)) return Fail(e, at);
        s = *raw;
      } else {
        if (auto e = v.get_string().get(s)) return Fail(e, at);
        if (out != nullptr) s = arena_.CopyString(s);
      }
      if (s.size() > kMaxValueSize) return TooBig(Offset(at), "string", "bytes");
      if (out != nullptr) {
        out->kind = ValueKind::kString;
        out->str = s.data();
        out->size = static_cast<uint32_t>(s.size());
      }
      break;
    }
    case od::json_type::number: {
      // simdjson validates the token (and rejects 1e999); the value is read exactly from its
      // text unless simdjson found a plain int64 (its other types round or lose digits).
      od::number n;
      bool plain_int = false;
      if (v.get_number().get(n) != simdjson::SUCCESS) {
        double unused;
        if (auto e = v.get_double().get(unused)) return Fail(e, at);
      } else {
        plain_int = n.get_number_type() == od::number_type::signed_integer;
      }
      if (out == nullptr && !as_built_) break;
      NumberValue exact;
      if (plain_int) {
        exact.kind = NumberKind::kInt;
        exact.i = n.get_int64();
      } else {
        const char* end = json_ + (file_.text().size() - begin_);
        exact = ParseNumberText({at, NumberTokenLength(at, static_cast<size_t>(end - at))});
        if (exact.kind == NumberKind::kOutOfRange || exact.kind == NumberKind::kInvalid)
          return Fail(simdjson::NUMBER_ERROR, at);
      }
      if (out == nullptr) break;
      out->kind = exact.kind == NumberKind::kInt ? ValueKind::kInt : ValueKind::kDouble;
      if (exact.kind == NumberKind::kInt) {
        out->i = exact.i;
      } else {
        out->d = exact.d;
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
  } else if (as_built_) {
    if (text_dups_.size() <= depth) text_dups_.resize(depth + 1);
    text_dups_[depth].Reset();
  }
  for (auto field_result : object) {
    od::field field;
    if (auto e = std::move(field_result).get(field)) return Fail(e, nullptr);
    uint32_t key_offset = Offset(field.key().raw() - 1);
    std::string_view key;
    if (auto e = Key(field, key)) return FailAt(e, key_offset);
    if (out == nullptr) {
      if (as_built_) {
        uint32_t first = text_dups_[depth].Insert(key, key_offset);
        if (first != kNoOffset) return DuplicateKey(key_offset, key, first);
      }
      if (!Walk(field.value(), depth + 1, nullptr)) return false;
      continue;
    }
    uint32_t id = names_.Intern(key);
    uint32_t first = dups_[depth].Insert(id, key_offset);
    if (first != kNoOffset) return DuplicateKey(key_offset, key, first);
    Value child;
    if (!Walk(field.value(), depth + 1, &child)) return false;
    members_.push_back(Member{id, key_offset, child});
  }
  if (out != nullptr) {
    size_t n = members_.size() - start;
    if (n > kMaxValueSize) return TooBig(Offset(at), "object", "members");
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
    if (n > kMaxValueSize) return TooBig(Offset(at), "array", "elements");
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

bool LoadJson(FileLoad& load, size_t begin) {
  Sections sections;
  sections.format = load.options.format;
  try {
    Loader loader(load, begin, sections);
    if (!loader.Run()) {
      load.error = loader.TakeError();
      return false;
    }
  } catch (const std::bad_alloc&) {
    load.error.message = "out of memory while loading the file";
    return false;
  }
  InputFormat format = sections.format;
  if (format == InputFormat::kAuto) {
    auto title = [](size_t c) { return InfoOf(static_cast<InputFormat>(c)).title; };
    size_t found = 0;
    for (size_t c = 1; c <= kInputFormatCount; ++c) {
      if (sections.first_key[c] == kNoOffset) continue;
      if (found != 0) {
        size_t a = sections.first_key[found] < sections.first_key[c] ? found : c;
        size_t b = a == found ? c : found;
        LineCol lc = load.file.Locate(sections.first_key[a]);
        return load.Fail(sections.first_key[b],
                         fmt::format("{} is a {} key, but {} (line {}:{}) is a {} key; pass "
                                     "--input-format to say which format this file is",
                                     sections.first_key_name[b], title(b),
                                     sections.first_key_name[a], lc.line, lc.col, title(a)));
      }
      found = c;
    }
    if (found == 0) return load.Fail(sections.json.top_offset, UnrecognisedJsonMessage());
    format = static_cast<InputFormat>(found);
  }
  return InfoOf(format).load_json(load, sections.json);
}

}  // namespace srm::rt::detail
