// The JSON layout writer the JSON and SARIF reports share: RapidJSON's Writer (escaping, numbers)
// with a fixed, readable whitespace layout, writing to a ReportOut (a string or a file).
#pragma once

#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/report/report_out.h"
#include "runtime/support/json_text.h"

namespace srm::rt {

// A RapidJSON output stream over a ReportOut: reports (hundreds of megabytes) are written as they
// are produced.
struct LayoutStream {
  using Ch = char;
  ReportOut& out;
  void Put(char c) { out.Put(c); }
  void Flush() {}
};

// RapidJSON's Writer with the report's layout, in the way rapidjson::PrettyWriter adds
// whitespace to Writer: it replaces Writer's Prefix (separators) and leaves the values (escaping,
// numbers) to Writer. A container is either inline (`{"a": 1, "b": 2}`) or on lines (each
// member on its own indented line, and the closing bracket on a line of its own); in a container
// on lines, SameLine() puts the next member after the previous one on its line.
class LayoutWriter : private rapidjson::Writer<LayoutStream> {
  using Base = rapidjson::Writer<LayoutStream>;

 public:
  enum class Layout : uint8_t { kInline, kLines };

  explicit LayoutWriter(LayoutStream& out) : Base(out) {}

  void StartObject(Layout layout) {
    Prefix();
    Open(layout);
    Base::WriteStartObject();
  }
  void EndObject() {
    Close();
    Base::WriteEndObject();
  }
  void StartArray(Layout layout) {
    Prefix();
    Open(layout);
    Base::WriteStartArray();
  }
  void EndArray() {
    Close();
    Base::WriteEndArray();
  }
  void Key(std::string_view key) {
    Prefix();
    WriteText(key);
    after_key_ = true;
  }
  void String(std::string_view s) {
    Prefix();
    WriteText(s);
  }
  void Uint(uint32_t n) {
    Prefix();
    Base::WriteUint(n);
  }
  void Bool(bool b) {
    Prefix();
    Base::WriteBool(b);
  }
  void Null() {
    Prefix();
    Base::WriteNull();
  }
  void SameLine() { same_line_ = true; }
  // `"key": "value"` / `"key": n` / `"key": true`.
  void Member(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void Member(std::string_view key, uint32_t value) {
    Key(key);
    Uint(value);
  }
  // Not an overload of Member: a string literal would convert to bool before string_view.
  void BoolMember(std::string_view key, bool value) {
    Key(key);
    Bool(value);
  }

 private:
  struct Level {
    Layout layout;
    uint32_t members = 0;  // keys in an object, values in an array
  };

  // Strings may hold any bytes: what is not UTF-8 is written as U+FFFD, so the document is
  // always valid JSON.
  void WriteText(std::string_view s) {
    // Most strings (ids, paths, statuses) are printable ASCII with nothing to escape: copied
    // whole, as RapidJSON would write them, instead of byte by byte through its escaping.
    if (std::all_of(s.begin(), s.end(), [](char ch) {
          auto c = static_cast<unsigned char>(ch);
          return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
        })) {
      os_->out.Put('"');
      os_->out.Append(s);
      os_->out.Put('"');
      return;
    }
    if (FirstInvalidUtf8(s) == s.size()) {
      Base::WriteString(s.data(), static_cast<rapidjson::SizeType>(s.size()));
      return;
    }
    std::string valid = ValidUtf8(s);
    Base::WriteString(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
  }

  void Indent() {
    static constexpr std::string_view kSpaces = "                                ";
    os_->Put('\n');
    for (size_t left = 2 * levels_.size(); left > 0;) {
      size_t n = std::min(left, kSpaces.size());
      os_->out.Append(kSpaces.substr(0, n));
      left -= n;
    }
  }

  // Separators and whitespace before a key, or before a value that is not an object's value.
  void Prefix() {
    if (after_key_) {
      os_->Put(':');
      os_->Put(' ');
      after_key_ = false;
      return;
    }
    if (levels_.empty()) return;
    Level& level = levels_.back();
    if (level.members > 0) os_->Put(',');
    if (level.layout == Layout::kLines && !(same_line_ && level.members > 0)) {
      Indent();
    } else if (level.members > 0) {
      os_->Put(' ');
    }
    same_line_ = false;
    ++level.members;
  }

  void Open(Layout layout) { levels_.push_back({layout}); }
  void Close() {
    Level level = levels_.back();
    levels_.pop_back();
    if (level.layout == Layout::kLines && level.members > 0) Indent();
  }

  std::vector<Level> levels_;
  bool after_key_ = false;
  bool same_line_ = false;
};

using Layout = LayoutWriter::Layout;

}  // namespace srm::rt
