#include "runtime/report/matrix.h"

#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include "runtime/report/markdown_text.h"
#include "runtime/report/matrix_html.h"
#include "runtime/support/choices.h"
#include "runtime/support/json_text.h"

namespace srm::rt {
namespace {

// What a cell says in one word: its owner, "shared", or "-" for a layer the service does not
// assign.
std::string CellOwner(const MatrixCell& cell) {
  if (!cell.assigned) return "-";
  return cell.shared ? "shared" : cell.parties.front();
}

size_t ControlCount(const ResponsibilityMatrix& m) {
  size_t n = 0;
  for (const MatrixService& s : m.services) {
    for (const MatrixCell& c : s.cells) n += c.controls.size();
  }
  return n;
}

std::string Plural(size_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// The duty of `party` in `duties`, or nullptr.
const std::string* DutyOf(const MatrixDuties& duties, const std::string& party) {
  for (size_t i = 0; i < duties.parties.size() && i < duties.duties.size(); ++i) {
    if (duties.parties[i] == party) return &duties.duties[i];
  }
  return nullptr;
}

// The service's own duties of `control`, or nullptr when it states none.
const MatrixDuties* OwnDuties(const MatrixSharedControl& control, const std::string& service) {
  for (const auto& [name, duties] : control.services) {
    if (name == service) return &duties;
  }
  return nullptr;
}

// The shared controls on `layer`: "Name (Party: duty; Party: duty)" with the duties on
// `service`, separated by " | ".
std::string SharedControlsOn(const ResponsibilityMatrix& m, const MatrixService& service,
                             const std::string& layer) {
  std::string out;
  for (const MatrixSharedControl& sc : m.shared_controls) {
    if (std::find(sc.layers.begin(), sc.layers.end(), layer) == sc.layers.end()) continue;
    MatrixDuties d = DutiesOn(m, sc, service);
    std::string duties;
    for (size_t p = 0; p < d.parties.size(); ++p)
      duties += (p == 0 ? "" : "; ") + d.parties[p] + ": " + d.duties[p];
    out += (out.empty() ? "" : " | ") + sc.name + " (" + duties + ")";
  }
  return out;
}

// --- Markdown ------------------------------------------------------------------------------------

// A link to the service's section: GitHub's anchor of a heading is its text in lower case (a
// service name is an identifier: letters, digits and `_`).
std::string ServiceLink(const std::string& name) {
  std::string anchor;
  for (char ch : name) anchor += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return "[" + MarkdownText(name) + "](#" + anchor + ")";
}

// The shared controls: a section each, with a column per party: what it does in general, then
// on each service that states its own duties (*general*: the party's general duty applies).
std::string RenderSharedControlsMarkdown(const ResponsibilityMatrix& m) {
  if (m.shared_controls.empty()) return "";
  std::string out =
      "\n## Shared controls\n\nDuties both parties perform, each on its own part: what each "
      "does in general, and on the services that state their own part (*general*: the general "
      "duty applies there; `-`: the party has no part of it there).\n";
  std::string head = "| Service |", rule = "|---|";
  for (const std::string& p : m.parties) {
    head += " " + MarkdownText(p) + " |";
    rule += "---|";
  }
  // Per party: the duty stated, else `absent` where it has a part (or on the general row), "-".
  auto row = [&](const std::string& first, const MatrixDuties& d, const MatrixSharedControl& sc,
                 const MatrixService* service) {
    std::string line = "| " + first + " |";
    for (const std::string& p : m.parties) {
      const std::string* duty = DutyOf(d, p);
      std::string text = "-";
      if (duty != nullptr)
        text = MarkdownText(*duty);
      else if (service != nullptr && HasPart(m, sc, *service, p) && DutyOf(sc.general, p))
        text = "*general*";
      line += " " + text + " |";
    }
    return line + "\n";
  };
  for (const MatrixSharedControl& sc : m.shared_controls) {
    out += "\n### " + MarkdownText(sc.name) + "\n\n";
    if (!sc.title.empty()) out += MarkdownText(sc.title) + ". ";
    out += "Module " + MarkdownCode(sc.module) + ", ";
    if (sc.layers.empty()) {
      out += "on no layer: each party does it for itself, the same on every service.\n";
    } else {
      std::string layers;
      for (const std::string& l : sc.layers)
        layers += (layers.empty() ? "" : ", ") + MarkdownCode(l);
      out += "on " + layers + ".\n";
    }
    out += "\n" + head + "\n" + rule + "\n" + row("*general*", sc.general, sc, nullptr);
    for (const auto& [name, duties] : sc.services) {
      // A named reference: clang 14 does not capture structured bindings in lambdas.
      const std::string& service = name;
      auto s = std::find_if(m.services.begin(), m.services.end(),
                            [&service](const MatrixService& x) { return x.name == service; });
      out += row(ServiceLink(name), duties, sc, s == m.services.end() ? nullptr : &*s);
    }
  }
  return out;
}

// An overview table (a row per service, a column per layer: the owner and the number of
// controls), then a section per service: each layer with its owner, what each party does where
// the layer is shared, and the controls.
std::string RenderMarkdown(const ResponsibilityMatrix& m) {
  std::string out = "# Responsibility matrix\n\n";
  out += fmt::format("{}, {}, {} on their layers.\n", Plural(m.services.size(), "service"),
                     Plural(m.layers.size(), "layer"), Plural(ControlCount(m), "control"));
  if (m.services.empty()) return out;
  out +=
      "\nEach cell names the party that owns the layer, or *shared*, and in parentheses the "
      "number of controls that check it; `-`: the service does not assign that layer.\n";
  out += "\n| Service | Category |";
  std::string rule = "|---|---|";
  for (const std::string& layer : m.layers) {
    out += " " + MarkdownText(layer) + " |";
    rule += "---|";
  }
  out += "\n" + rule + "\n";
  for (const MatrixService& s : m.services) {
    out += "| " + ServiceLink(s.name) + " | " + MarkdownText(s.category) + " |";
    for (const MatrixCell& c : s.cells) {
      std::string owner = MarkdownText(CellOwner(c));
      if (c.shared) owner = "*" + owner + "*";
      if (!c.controls.empty()) owner += fmt::format(" ({})", c.controls.size());
      out += " " + owner + " |";
    }
    out += "\n";
  }
  out += RenderSharedControlsMarkdown(m);
  for (const MatrixService& s : m.services) {
    out += "\n## " + MarkdownText(s.name) + "\n\n";
    if (!s.description.empty()) out += MarkdownText(s.description) + ". ";
    out += "Module " + MarkdownCode(s.module) +
           (s.model.empty()
                ? ""
                : ", model " + MarkdownCode(s.model) + " (" + MarkdownText(s.category) + ")") +
           ".\n";
    out += "\n| Layer | Owner | Duties | Controls |\n|---|---|---|---|\n";
    for (size_t i = 0; i < m.layers.size(); ++i) {
      const MatrixCell& c = s.cells[i];
      if (!c.assigned) continue;
      std::string duties, controls;
      for (size_t p = 0; p < c.duties.size(); ++p) {
        duties += (p == 0 ? "" : "<br>") + ("**" + MarkdownText(c.parties[p]) + "**: ") +
                  MarkdownText(c.duties[p]);
      }
      for (const std::string& id : c.controls)
        controls += (controls.empty() ? "" : ", ") + MarkdownCode(id);
      out += "| " + MarkdownText(m.layers[i]) + " | " + MarkdownText(CellOwner(c)) + " | " +
             duties + " | " + controls + " |\n";
    }
  }
  return out;
}

// --- CSV -----------------------------------------------------------------------------------------

// A field of RFC 4180 CSV (with LF line ends): quoted when it holds a comma, a quote or a line
// break.
std::string CsvField(const std::string& value) {
  std::string s = ValidUtf8(value);
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

// One row per assigned cell, in service then layer order. `parties` and `controls` are lists
// separated by spaces; `duties` is "Party: duty" per sharing party, separated by " | ";
// `shared_controls` is "Name (Party: duty; Party: duty)" per shared control on the layer, with
// its duties on the service, separated by " | ".
std::string RenderCsv(const ResponsibilityMatrix& m) {
  std::string out =
      "service,module,model,category,layer,owner,parties,duties,controls,shared_controls\n";
  for (const MatrixService& s : m.services) {
    for (size_t i = 0; i < m.layers.size(); ++i) {
      const MatrixCell& c = s.cells[i];
      if (!c.assigned) continue;
      std::string parties, duties, controls;
      for (size_t p = 0; p < c.parties.size(); ++p) {
        parties += (p == 0 ? "" : " ") + c.parties[p];
        if (p < c.duties.size())
          duties += (p == 0 ? "" : " | ") + c.parties[p] + ": " + c.duties[p];
      }
      for (const std::string& id : c.controls) controls += (controls.empty() ? "" : " ") + id;
      for (const std::string& field :
           {s.name, s.module, s.model, s.category, m.layers[i], CellOwner(c), parties, duties}) {
        out += CsvField(field) + ",";
      }
      out += CsvField(controls) + "," + CsvField(SharedControlsOn(m, s, m.layers[i])) + "\n";
    }
  }
  return out;
}

// --- JSON ----------------------------------------------------------------------------------------

std::string RenderJson(const ResponsibilityMatrix& m) {
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
  auto strings = [&](const char* key, const std::vector<std::string>& values) {
    w.Key(key);
    w.StartArray();
    for (const std::string& v : values) string(v);
    w.EndArray();
  };
  w.StartObject();
  strings("parties", m.parties);
  strings("layers", m.layers);
  w.Key("services");
  w.StartArray();
  for (const MatrixService& s : m.services) {
    w.StartObject();
    member("name", s.name);
    member("module", s.module);
    if (!s.description.empty()) member("description", s.description);
    if (!s.model.empty()) member("model", s.model);
    if (!s.category.empty()) member("category", s.category);
    w.Key("layers");
    w.StartObject();
    for (size_t i = 0; i < m.layers.size(); ++i) {
      const MatrixCell& c = s.cells[i];
      if (!c.assigned) continue;
      w.Key(m.layers[i].c_str());
      w.StartObject();
      member("owner", CellOwner(c));
      if (c.shared) {
        w.Key("duties");
        w.StartObject();
        for (size_t p = 0; p < c.parties.size() && p < c.duties.size(); ++p) {
          w.Key(c.parties[p].c_str());
          string(c.duties[p]);
        }
        w.EndObject();
      }
      strings("controls", c.controls);
      w.EndObject();
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  auto duties = [&](const char* key, const MatrixDuties& d) {
    w.Key(key);
    w.StartObject();
    for (size_t p = 0; p < d.parties.size() && p < d.duties.size(); ++p) {
      w.Key(d.parties[p].c_str());
      string(d.duties[p]);
    }
    w.EndObject();
  };
  w.Key("shared_controls");
  w.StartArray();
  for (const MatrixSharedControl& sc : m.shared_controls) {
    w.StartObject();
    member("name", sc.name);
    member("module", sc.module);
    member("title", sc.title);
    strings("layers", sc.layers);
    duties("duties", sc.general);
    w.Key("services");
    w.StartObject();
    for (const auto& [service, own] : sc.services) duties(service.c_str(), own);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.Key("counts");
  w.StartObject();
  w.Key("services");
  w.Uint(static_cast<unsigned>(m.services.size()));
  w.Key("layers");
  w.Uint(static_cast<unsigned>(m.layers.size()));
  w.Key("controls");
  w.Uint(static_cast<unsigned>(ControlCount(m)));
  w.Key("shared_controls");
  w.Uint(static_cast<unsigned>(m.shared_controls.size()));
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

// The --format choices, in the order --help lists them.
enum class MatrixFormat : uint8_t { kMarkdown, kCsv, kJson, kHtml };
constexpr Choices<MatrixFormat, 4> kMatrixFormats = {{
    {MatrixFormat::kMarkdown, "md"},
    {MatrixFormat::kCsv, "csv"},
    {MatrixFormat::kJson, "json"},
    {MatrixFormat::kHtml, "html"},
}};

}  // namespace

bool HasPart(const ResponsibilityMatrix& m, const MatrixSharedControl& control,
             const MatrixService& service, const std::string& party) {
  if (control.layers.empty()) return true;
  for (const std::string& layer : control.layers) {
    size_t i =
        static_cast<size_t>(std::find(m.layers.begin(), m.layers.end(), layer) - m.layers.begin());
    if (i >= service.cells.size()) continue;
    const std::vector<std::string>& parties = service.cells[i].parties;
    if (std::find(parties.begin(), parties.end(), party) != parties.end()) return true;
  }
  return false;
}

MatrixDuties DutiesOn(const ResponsibilityMatrix& m, const MatrixSharedControl& control,
                      const MatrixService& service) {
  const MatrixDuties* own = OwnDuties(control, service.name);
  MatrixDuties out;
  auto add = [&](const std::string& party, const std::string& duty) {
    if (!HasPart(m, control, service, party)) return;
    out.parties.push_back(party);
    out.duties.push_back(duty);
  };
  for (size_t i = 0; i < control.general.parties.size(); ++i) {
    const std::string& party = control.general.parties[i];
    const std::string* duty = own != nullptr ? DutyOf(*own, party) : nullptr;
    add(party, duty != nullptr ? *duty : control.general.duties[i]);
  }
  for (size_t i = 0; own != nullptr && i < own->parties.size(); ++i) {
    if (DutyOf(control.general, own->parties[i]) == nullptr) add(own->parties[i], own->duties[i]);
  }
  return out;
}

std::vector<std::string> MatrixFormatNames() { return ChoiceNames(kMatrixFormats); }

std::string RenderMatrix(const ResponsibilityMatrix& matrix, const std::string& format) {
  switch (FindChoice(kMatrixFormats, format)) {
    case MatrixFormat::kMarkdown:
      return RenderMarkdown(matrix);
    case MatrixFormat::kCsv:
      return RenderCsv(matrix);
    case MatrixFormat::kJson:
      return RenderJson(matrix);
    case MatrixFormat::kHtml:
      return RenderMatrixHtml(matrix);
  }
  return RenderMarkdown(matrix);
}

}  // namespace srm::rt
