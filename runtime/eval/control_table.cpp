#include "runtime/eval/control_table.h"

#include <fnmatch.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "runtime/support/json_read.h"
#include "runtime/support/suggest.h"

namespace srm::rt {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void Put(JsonWriter& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}
void Put(JsonWriter& w, const char* key, uint32_t value) {
  w.Key(key);
  w.Uint(value);
}

bool ParseControl(const rapidjson::Value& v, ControlMeta& c) {
  if (!v.IsObject()) return false;
  bool ok = JsonGet(v, "order", c.order) && JsonGet(v, "id", c.id) &&
            JsonGet(v, "module", c.module) && JsonGet(v, "title", c.title) &&
            JsonGet(v, "description", c.description) && JsonGet(v, "remediation", c.remediation) &&
            JsonGet(v, "service", c.service) && JsonGet(v, "layer", c.layer) &&
            JsonGet(v, "owner", c.owner) && JsonGet(v, "severity", c.severity);
  if (!ok) return false;
  auto types = v.FindMember("resource_types");
  if (types == v.MemberEnd() || !types->value.IsArray()) return false;
  for (const rapidjson::Value& t : types->value.GetArray()) {
    if (!t.IsString()) return false;
    c.resource_types.emplace_back(t.GetString(), t.GetStringLength());
  }
  auto frameworks = v.FindMember("frameworks");
  if (frameworks == v.MemberEnd() || !frameworks->value.IsArray()) return false;
  for (const rapidjson::Value& f : frameworks->value.GetArray()) {
    FrameworkRef ref;
    if (!f.IsObject() || !JsonGet(f, "framework", ref.framework) ||
        !JsonGet(f, "reference", ref.reference))
      return false;
    c.frameworks.push_back(std::move(ref));
  }
  auto location = v.FindMember("location");
  if (location == v.MemberEnd() || !location->value.IsObject()) return false;
  const rapidjson::Value& l = location->value;
  return JsonGet(l, "file", c.location.file) && JsonGet(l, "line", c.location.line) &&
         JsonGet(l, "column", c.location.column) && JsonGet(l, "end_line", c.location.end_line) &&
         JsonGet(l, "end_column", c.location.end_column);
}

}  // namespace

std::string ControlTable::Serialize() const {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("controls");
  w.StartArray();
  for (const auto& control : controls) {
    const ControlMeta& c = *control;
    w.StartObject();
    Put(w, "order", c.order);
    Put(w, "id", c.id);
    Put(w, "module", c.module);
    Put(w, "title", c.title);
    Put(w, "description", c.description);
    Put(w, "remediation", c.remediation);
    w.Key("resource_types");
    w.StartArray();
    for (const std::string& t : c.resource_types)
      w.String(t.data(), static_cast<rapidjson::SizeType>(t.size()));
    w.EndArray();
    Put(w, "service", c.service);
    Put(w, "layer", c.layer);
    Put(w, "owner", c.owner);
    Put(w, "severity", c.severity);
    w.Key("frameworks");
    w.StartArray();
    for (const FrameworkRef& ref : c.frameworks) {
      w.StartObject();
      Put(w, "framework", ref.framework);
      Put(w, "reference", ref.reference);
      w.EndObject();
    }
    w.EndArray();
    w.Key("location");
    w.StartObject();
    Put(w, "file", c.location.file);
    Put(w, "line", c.location.line);
    Put(w, "column", c.location.column);
    Put(w, "end_line", c.location.end_line);
    Put(w, "end_column", c.location.end_column);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  WritePolicyRules(profiles, waivers, w);
  w.Key("related_types");
  w.StartArray();
  for (const std::string& t : related_types)
    w.String(t.data(), static_cast<rapidjson::SizeType>(t.size()));
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

bool ControlTable::Parse(std::string_view text, ControlTable& out, std::string& error) {
  out = ControlTable{};
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    error = "not JSON (at byte " + std::to_string(doc.GetErrorOffset()) + ")";
    return false;
  }
  const rapidjson::Value& root = doc;  // const iterators: clang's C++20 == is then unambiguous
  auto controls = root.IsObject() ? root.FindMember("controls") : root.MemberEnd();
  if (!root.IsObject() || controls == root.MemberEnd() || !controls->value.IsArray()) {
    error = "no \"controls\" array";
    return false;
  }
  for (const rapidjson::Value& v : controls->value.GetArray()) {
    auto c = std::make_shared<ControlMeta>();
    size_t index = out.controls.size();
    if (!ParseControl(v, *c)) {
      error = "control " + std::to_string(index) + " is malformed";
      return false;
    }
    if (c->order != index || (index > 0 && !(out.controls.back()->id < c->id))) {
      error = "control " + std::to_string(index) + " is out of order";
      return false;
    }
    out.controls.push_back(std::move(c));
  }
  if (!ReadPolicyRules(doc, out.profiles, out.waivers)) {
    error = "malformed profiles or waivers";
    return false;
  }
  auto related = root.FindMember("related_types");
  if (related == root.MemberEnd() || !related->value.IsArray()) {
    error = "no \"related_types\" array";
    return false;
  }
  for (const rapidjson::Value& t : related->value.GetArray()) {
    if (!t.IsString()) {
      error = "malformed \"related_types\"";
      return false;
    }
    out.related_types.emplace_back(t.GetString(), t.GetStringLength());
  }
  return true;
}

std::set<std::string, std::less<>> BuiltTypes(const ControlTable& table) {
  std::set<std::string, std::less<>> types(table.related_types.begin(), table.related_types.end());
  for (const auto& control : table.controls)
    types.insert(control->resource_types.begin(), control->resource_types.end());
  return types;
}

bool IsControlGlob(std::string_view pattern) {
  return pattern.find_first_of("*?[") != std::string_view::npos;
}

bool SelectControls(const ControlTable& table, const std::vector<std::string>& requested,
                    ControlTable& selected, std::string& error) {
  selected = ControlTable{};
  std::vector<bool> wanted(table.controls.size(), requested.empty());
  for (const std::string& id : requested) {
    bool glob = IsControlGlob(id);
    bool matched = false;
    for (size_t i = 0; i < table.controls.size(); ++i) {
      const std::string& c = table.controls[i]->id;
      if (glob ? fnmatch(id.c_str(), c.c_str(), 0) == 0 : c == id) {
        wanted[i] = true;
        matched = true;
      }
    }
    if (matched) continue;
    std::vector<std::string> known;
    for (const auto& c : table.controls) {
      if (!glob) {
        known.push_back(c->id);
        continue;
      }
      // Suggestions for a glob are globs that match some id: the pattern with its literal
      // prefix, or its literal prefix and suffix, taken from an id ('CT.S4.*' -> 'CT.S3.*',
      // 'S3_*VERSONING' -> 'S3_*ERSIONING').
      size_t prefix = id.find_first_of("*?[");
      size_t suffix = id.size() - 1 - id.find_last_of("*?]");
      std::string middle = id.substr(prefix, id.size() - prefix - suffix);
      const std::string& c_id = c->id;
      std::string both = c_id.size() < prefix + suffix
                             ? std::string()
                             : c_id.substr(0, prefix) + middle + c_id.substr(c_id.size() - suffix);
      for (std::string candidate : {c_id.substr(0, prefix) + id.substr(prefix), both}) {
        if (!candidate.empty() && candidate != id &&
            fnmatch(candidate.c_str(), c_id.c_str(), 0) == 0)
          known.push_back(std::move(candidate));
      }
    }
    std::sort(known.begin(), known.end());
    known.erase(std::unique(known.begin(), known.end()), known.end());
    std::string best = ClosestMatch(id, known);
    error = std::string(glob ? "no control matches '" : "unknown control '") + id + "'" +
            (best.empty() ? "" : "; did you mean '" + best + "'?");
    return false;
  }
  for (size_t i = 0; i < table.controls.size(); ++i) {
    if (wanted[i]) selected.controls.push_back(table.controls[i]);
  }
  selected.profiles = table.profiles;
  selected.waivers = table.waivers;
  selected.related_types = table.related_types;
  return true;
}

}  // namespace srm::rt
