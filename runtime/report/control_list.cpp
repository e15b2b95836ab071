#include "runtime/report/control_list.h"

#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <array>
#include <map>
#include <string_view>
#include <utility>

#include "runtime/report/markdown_text.h"
#include "runtime/report/text_writer.h"
#include "runtime/support/choices.h"
#include "runtime/support/json_text.h"

namespace srm::rt {
namespace {

// The frameworks a control maps to, each once, in order: "CIS, SOC2, PCI".
std::string FrameworkNames(const ControlMeta& c) {
  std::vector<std::string> names;
  for (const FrameworkRef& ref : c.frameworks) {
    if (std::find(names.begin(), names.end(), ref.framework) == names.end())
      names.push_back(ref.framework);
  }
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string RenderText(const ControlTable& table) {
  constexpr size_t kColumns = 8;
  using Row = std::array<std::string, kColumns>;
  // The LEVEL column only with a profile (`--profile`): every control then has a level.
  bool levels =
      !table.controls.empty() && table.controls.front()->enforcement != Enforcement::kNone;
  std::vector<Row> rows = {
      {"ID", "LEVEL", "SEVERITY", "SERVICE", "LAYER", "OWNER", "FRAMEWORKS", "TITLE"}};
  for (const std::shared_ptr<const ControlMeta>& c : table.controls) {
    rows.push_back({EscapeText(c->id), EnforcementName(c->enforcement), EscapeText(c->severity),
                    EscapeText(c->service), EscapeText(c->layer), EscapeText(c->owner),
                    EscapeText(FrameworkNames(*c)), EscapeText(c->title)});
  }
  std::array<size_t, kColumns> width{};
  for (const Row& row : rows) {
    for (size_t i = 0; i < kColumns; ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const Row& row : rows) {
    std::string line;
    for (size_t i = 0; i < kColumns; ++i) {
      if (i == 1 && !levels) continue;
      line += row[i];
      if (i + 1 < kColumns) line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  size_t n = table.controls.size();
  out += fmt::format("{} control{}\n", n, n == 1 ? "" : "s");
  return out;
}

std::string RenderJson(const ControlTable& table) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  auto string = [&](const std::string& s) {
    std::string valid = ValidUtf8(s);
    w.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
  };
  auto member = [&](const char* key, const std::string& value) {
    w.Key(key);
    string(value);
  };
  w.StartObject();
  w.Key("controls");
  w.StartArray();
  for (const std::shared_ptr<const ControlMeta>& c : table.controls) {
    w.StartObject();
    member("id", c->id);
    member("module", c->module);
    member("title", c->title);
    if (!c->description.empty()) member("description", c->description);
    w.Key("resource_types");
    w.StartArray();
    for (const std::string& t : c->resource_types) string(t);
    w.EndArray();
    member("service", c->service);
    member("layer", c->layer);
    member("owner", c->owner);
    member("severity", c->severity);
    if (c->enforcement != Enforcement::kNone)
      member("enforcement", EnforcementName(c->enforcement));
    w.Key("frameworks");
    w.StartArray();
    for (const FrameworkRef& ref : c->frameworks) string(ref.Label());
    w.EndArray();
    // The same mappings split: a reference may hold spaces ("GDPR Art. 5(1)(f)").
    w.Key("requirements");
    w.StartArray();
    for (const FrameworkRef& ref : c->frameworks) {
      w.StartObject();
      member("framework", ref.framework);
      member("requirement", ref.reference);
      w.EndObject();
    }
    w.EndArray();
    if (!c->remediation.empty()) member("remediation", c->remediation);
    member("policy_location", FormatLocation(c->location));
    w.EndObject();
  }
  w.EndArray();
  w.Key("count");
  w.Uint(static_cast<unsigned>(table.controls.size()));
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

// Every mapping with its reference: "SOC2 CC6.1, HIPAA 164.312(c)(1)".
std::string FrameworkLabels(const ControlMeta& c) {
  std::string out;
  for (const FrameworkRef& ref : c.frameworks) out += (out.empty() ? "" : ", ") + ref.Label();
  return out;
}

// The types a control checks: "`AWS::IAM::Role`, `AWS::IAM::User`".
std::string ResourceTypesMarkdown(const ControlMeta& c) {
  std::string out;
  for (const std::string& t : c.resource_types) out += (out.empty() ? "" : ", ") + MarkdownCode(t);
  return out;
}

// A catalogue for readers (auditors): a summary of the modules and services, then one section
// per module and one table per service, the controls in table order (by id).
std::string RenderMarkdown(const ControlTable& table) {
  using Controls = std::vector<const ControlMeta*>;
  std::map<std::string, std::map<std::string, Controls>> modules;  // module -> service -> controls
  for (const std::shared_ptr<const ControlMeta>& c : table.controls)
    modules[c->module][c->service].push_back(c.get());
  bool levels =
      !table.controls.empty() && table.controls.front()->enforcement != Enforcement::kNone;
  auto module_name = [](const std::string& m) {
    return m.empty() ? std::string("(no module)") : "`" + m + "`";
  };
  size_t n = table.controls.size();
  std::string out = "# Controls\n\n";
  out += fmt::format("{} control{} in {} module{}.\n", n, n == 1 ? "" : "s", modules.size(),
                     modules.size() == 1 ? "" : "s");
  if (n == 0) return out;
  out += "\n| Module | Service | Controls |\n|---|---|---:|\n";
  for (const auto& [module, services] : modules) {
    for (const auto& [service, controls] : services) {
      out += fmt::format("| {} | {} | {} |\n", module_name(module), MarkdownText(service),
                         controls.size());
    }
  }
  for (const auto& [module, services] : modules) {
    out += "\n## Module " + module_name(module) + "\n";
    for (const auto& [service, controls] : services) {
      out += "\n### " + MarkdownText(service) + "\n\n| Control |" + (levels ? " Level |" : "") +
             " Title | Resource type | Layer | Owner | Severity | Frameworks | Remediation |\n"
             "|---|" +
             (levels ? "---|" : "") + "---|---|---|---|---|---|---|\n";
      for (const ControlMeta* c : controls) {
        out += "| " + MarkdownCode(c->id) + " | ";
        if (levels) out += std::string(EnforcementName(c->enforcement)) + " | ";
        out += MarkdownText(c->title) + " | " + ResourceTypesMarkdown(*c) + " | " +
               MarkdownText(c->layer) + " | " + MarkdownText(c->owner) + " | " +
               MarkdownText(c->severity) + " | " + MarkdownText(FrameworkLabels(*c)) + " | " +
               MarkdownText(c->remediation) + " |\n";
      }
    }
  }
  return out;
}

// The --format choices, in the order --help lists them.
enum class ControlListFormat : uint8_t { kText, kJson, kMarkdown };
constexpr Choices<ControlListFormat, 3> kControlListFormats = {{
    {ControlListFormat::kText, "text"},
    {ControlListFormat::kJson, "json"},
    {ControlListFormat::kMarkdown, "md"},
}};

}  // namespace

std::vector<std::string> ControlListFormatNames() { return ChoiceNames(kControlListFormats); }

std::string RenderControlList(const ControlTable& table, const std::string& format) {
  switch (FindChoice(kControlListFormats, format)) {
    case ControlListFormat::kText:
      return RenderText(table);
    case ControlListFormat::kJson:
      return RenderJson(table);
    case ControlListFormat::kMarkdown:
      return RenderMarkdown(table);
  }
  return RenderText(table);
}

}  // namespace srm::rt
