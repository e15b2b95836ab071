// SchemaMap lookups and its text form (one line per record, field and type, tab-separated,
// with \\, \t and \n escaped), which compiled checkers embed.
#include "runtime/inventory/schema_map.h"

#include <fmt/format.h>

#include <charconv>

namespace srm::rt {
namespace {

void Escape(std::string_view s, std::string& out) {
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

bool Unescape(std::string_view s, std::string& out) {
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i == s.size()) return false;
    switch (s[i]) {
      case '\\':
        out += '\\';
        break;
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      default:
        return false;
    }
  }
  return true;
}

std::vector<std::string_view> Split(std::string_view line) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == '\t') {
      parts.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

bool ToInt(std::string_view s, int32_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

constexpr std::string_view kHeader = "srm-schema-map 1";

}  // namespace

const TypeMap* SchemaMap::ForBound(InputFormat format, std::string_view type) const {
  size_t slot = BindingSlot(format);
  if (slot == kBindingCount) return nullptr;
  for (const TypeMap& t : types) {
    if (!t.bound_types[slot].empty() && t.bound_types[slot] == type) return &t;
  }
  return nullptr;
}

std::string SchemaMap::Serialize() const {
  std::string out(kHeader);
  out += '\n';
  for (const RecordMap& r : records) {
    out += fmt::format("record\t{}\n", r.fields.size());
    for (const FieldMap& f : r.fields) {
      out += "field\t";
      Escape(f.name, out);
      for (const std::string& path : f.paths) {
        out += '\t';
        Escape(path, out);
      }
      out += fmt::format("\t{}\t{}\n", f.list ? 1 : 0, f.record);
    }
  }
  for (const TypeMap& t : types) {
    out += "type\t";
    Escape(t.type, out);
    for (const std::string& bound : t.bound_types) {
      out += '\t';
      Escape(bound, out);
    }
    out += fmt::format("\t{}\n", t.props);
  }
  return out;
}

bool SchemaMap::Parse(std::string_view text, SchemaMap& out, std::string& error) {
  out = SchemaMap{};
  size_t line_no = 0;
  auto fail = [&](std::string_view why) {
    error = fmt::format("schema map line {}: {}", line_no, why);
    return false;
  };
  size_t pos = 0;
  int32_t fields_left = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line_no == 1) {
      if (line != kHeader) return fail("bad header");
      continue;
    }
    std::vector<std::string_view> parts = Split(line);
    if (parts[0] == "record" && parts.size() == 2) {
      if (fields_left != 0) return fail("record has too few fields");
      if (!ToInt(parts[1], fields_left) || fields_left < 0) return fail("bad field count");
      out.records.emplace_back();
    } else if (parts[0] == "field" && parts.size() == 4 + kBindingCount) {
      if (fields_left <= 0) return fail("field outside a record");
      --fields_left;
      FieldMap f;
      int32_t list = 0;
      bool ok = Unescape(parts[1], f.name);
      for (size_t s = 0; s < kBindingCount; ++s) ok = ok && Unescape(parts[2 + s], f.paths[s]);
      if (!ok || !ToInt(parts[2 + kBindingCount], list) ||
          !ToInt(parts[3 + kBindingCount], f.record))
        return fail("bad field");
      f.list = list != 0;
      out.records.back().fields.push_back(std::move(f));
    } else if (parts[0] == "type" && parts.size() == 3 + kBindingCount) {
      TypeMap t;
      bool ok = Unescape(parts[1], t.type);
      for (size_t s = 0; s < kBindingCount; ++s)
        ok = ok && Unescape(parts[2 + s], t.bound_types[s]);
      if (!ok || !ToInt(parts[2 + kBindingCount], t.props)) return fail("bad type");
      out.types.push_back(std::move(t));
    } else {
      return fail("unknown line");
    }
  }
  if (fields_left != 0) return fail("record has too few fields");
  int32_t n = static_cast<int32_t>(out.records.size());
  for (const RecordMap& r : out.records) {
    for (const FieldMap& f : r.fields) {
      if (f.record < -1 || f.record >= n) return fail("field names an unknown record");
    }
  }
  for (const TypeMap& t : out.types) {
    if (t.props < -1 || t.props >= n) return fail("type names an unknown record");
  }
  return true;
}

}  // namespace srm::rt
