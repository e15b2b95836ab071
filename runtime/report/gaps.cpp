#include "runtime/report/gaps.h"

#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cstdint>

#include "runtime/report/markdown_text.h"
#include "runtime/report/text_writer.h"
#include "runtime/support/choices.h"
#include "runtime/support/json_text.h"

namespace srm::rt {

bool GapLayer::Checked() const {
  return std::any_of(controls.begin(), controls.end(), [](const GapControl& c) {
    return c.counts.pass + c.counts.fail + c.counts.error + c.counts.waived != 0;
  });
}

bool GapLayer::MetWithWaivers() const {
  bool waived = false;
  for (const GapControl& c : controls) {
    if (c.counts.fail + c.counts.error != 0) return false;
    waived = waived || c.counts.waived != 0;
  }
  return waived;
}

size_t GapsReport::LayerCount() const {
  size_t n = 0;
  for (const GapService& s : services) n += s.layers.size();
  return n;
}

size_t GapsReport::GapCount() const {
  size_t n = 0;
  for (const GapService& s : services) {
    n += static_cast<size_t>(
        std::count_if(s.layers.begin(), s.layers.end(), [](const GapLayer& l) { return l.Gap(); }));
  }
  return n;
}

size_t GapsReport::UncheckedCount() const {
  size_t n = 0;
  for (const GapService& s : services) {
    n += static_cast<size_t>(std::count_if(s.layers.begin(), s.layers.end(), [](const GapLayer& l) {
      return !l.Gap() && !l.Checked();
    }));
  }
  return n;
}

size_t GapsReport::WaivedCount() const {
  size_t n = 0;
  for (const GapService& s : services) {
    n += static_cast<size_t>(std::count_if(s.layers.begin(), s.layers.end(),
                                           [](const GapLayer& l) { return l.MetWithWaivers(); }));
  }
  return n;
}

bool GapsReport::AnyWaived() const {
  for (const GapService& s : services) {
    for (const GapLayer& l : s.layers) {
      for (const GapControl& c : l.controls) {
        if (c.counts.waived != 0) return true;
      }
    }
  }
  return false;
}

namespace {

std::string Plural(size_t n, const std::string& word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// "9 services present, 53 Customer layers, 40 covered, 13 gaps", with "40 covered (2 of them
// checked nothing)" when the controls of covered layers all SKIP, and "(..., 1 met with
// waivers)" when the only failures of covered layers are waived.
std::string SummaryText(const GapsReport& g) {
  size_t layers = g.LayerCount(), gaps = g.GapCount(), unchecked = g.UncheckedCount(),
         waived = g.WaivedCount();
  std::string covered = fmt::format("{} covered", layers - gaps);
  std::string notes;
  if (unchecked != 0) notes = fmt::format("{} of them checked nothing", unchecked);
  if (waived != 0) notes += fmt::format("{}{} met with waivers", notes.empty() ? "" : ", ", waived);
  if (!notes.empty()) covered += " (" + notes + ")";
  return fmt::format("{} present, {}, {}, {}", Plural(g.services.size(), "service"),
                     Plural(layers, g.party + " layer"), covered, Plural(gaps, "gap"));
}

// The owner of a customer layer in one word: the party, or "shared".
std::string Owner(const GapLayer& l) { return l.shared ? "shared" : l.parties.front(); }

// --- Text ----------------------------------------------------------------------------------------

// A service per paragraph: its category and resources, then each customer layer with its owner
// (a shared layer with what each party does), the controls on it with their verdict counts, a
// GAP line where there is none, an UNCHECKED line where each one SKIPs and a WAIVED line where
// the only failures are waived (a WAIVED count on each control when any is waived); the
// summary, the resource types of no service and the expired waivers last.
std::string RenderText(const GapsReport& g) {
  uint32_t most = 0;
  bool any_waived = g.AnyWaived();
  for (const GapService& s : g.services) {
    for (const GapLayer& l : s.layers) {
      for (const GapControl& c : l.controls)
        most = std::max(
            {most, c.counts.pass, c.counts.fail, c.counts.error, c.counts.skip, c.counts.waived});
    }
  }
  size_t width = fmt::format("{}", most).size();
  constexpr size_t kLayerWidth = 16;
  std::string out;
  for (const GapService& s : g.services) {
    std::string resources;
    for (const auto& [type, n] : s.resources)
      resources += (resources.empty() ? "" : ", ") + fmt::format("{} {}", n, EscapeText(type));
    out += EscapeText(s.name) + (s.category.empty() ? "" : " (" + EscapeText(s.category) + ")") +
           ": " + resources + "\n";
    size_t id_width = 0;
    for (const GapLayer& l : s.layers) {
      for (const GapControl& c : l.controls) id_width = std::max(id_width, EscapeText(c.id).size());
    }
    for (const GapLayer& l : s.layers) {
      out += fmt::format("  {:<{}}{}\n", EscapeText(l.layer), kLayerWidth, EscapeText(Owner(l)));
      for (size_t p = 0; p < l.duties.size() && p < l.parties.size(); ++p) {
        out += fmt::format("  {:<{}}{}: {}\n", "", kLayerWidth, EscapeText(l.parties[p]),
                           EscapeText(l.duties[p]));
      }
      if (l.Gap()) out += "    GAP  no " + EscapeText(g.party) + " control covers this layer\n";
      for (const GapControl& c : l.controls) {
        out += fmt::format("    {:<{}}  PASS {:<{}}  FAIL {:<{}}  ERROR {:<{}}  ", EscapeText(c.id),
                           id_width, c.counts.pass, width, c.counts.fail, width, c.counts.error,
                           width);
        out += any_waived
                   ? fmt::format("SKIP {:<{}}  WAIVED {}\n", c.counts.skip, width, c.counts.waived)
                   : fmt::format("SKIP {}\n", c.counts.skip);
      }
      if (!l.Gap() && !l.Checked())
        out += "    UNCHECKED  no control checked a resource here (each one SKIPs)\n";
      if (l.MetWithWaivers()) out += "    WAIVED  every failure here is waived: met with waivers\n";
    }
    out += "\n";
  }
  if (g.services.empty()) out += "No service of the policies has a resource in the inventory.\n";
  out += "Summary: " + SummaryText(g) + "\n";
  if (!g.unassigned.empty()) {
    std::string types;
    for (const auto& [type, n] : g.unassigned)
      types += (types.empty() ? "" : ", ") + fmt::format("{} ({})", EscapeText(type), n);
    out += "Resource types of no service: " + types + "\n";
  }
  for (const std::string& e : g.expired_waivers) out += "Expired waiver: " + EscapeText(e) + "\n";
  return out;
}

// --- Markdown ------------------------------------------------------------------------------------

// The summary, then a section per service: its category and resources, a table with a row per
// control on a customer layer (the layer and its owner on its first row) and its verdict
// counts (a WAIVED column when any finding is waived), or a **gap** row for a layer without
// control; then what each party does on the shared layers. The expired waivers after the
// summary.
std::string RenderMarkdown(const GapsReport& g) {
  bool any_waived = g.AnyWaived();
  std::string blank = any_waived ? " |  |  |  |  |  |\n" : " |  |  |  |  |\n";
  std::string out = "# Responsibility gaps\n\n" + SummaryText(g) + ".\n";
  if (!g.unassigned.empty()) {
    std::string types;
    for (const auto& [type, n] : g.unassigned)
      types += (types.empty() ? "" : ", ") + fmt::format("{} ({})", MarkdownCode(type), n);
    out += "\nResource types of no service: " + types + ".\n";
  }
  if (!g.expired_waivers.empty()) out += "\nExpired waivers:\n\n";
  for (const std::string& e : g.expired_waivers) out += "- " + MarkdownText(e) + "\n";
  for (const GapService& s : g.services) {
    out += "\n## " + MarkdownText(s.name) + "\n\n";
    if (!s.category.empty()) out += "Category " + MarkdownText(s.category) + ". ";
    std::string resources;
    for (const auto& [type, n] : s.resources)
      resources += (resources.empty() ? "" : ", ") + fmt::format("{} {}", n, MarkdownCode(type));
    out += "Resources: " + resources + ".\n";
    out += any_waived ? "\n| Layer | Owner | Control | PASS | FAIL | ERROR | SKIP | WAIVED |\n"
                        "|---|---|---|---:|---:|---:|---:|---:|\n"
                      : "\n| Layer | Owner | Control | PASS | FAIL | ERROR | SKIP |\n"
                        "|---|---|---|---:|---:|---:|---:|\n";
    std::string duties;
    for (const GapLayer& l : s.layers) {
      std::string head = "| " + MarkdownText(l.layer) + " | " + MarkdownText(Owner(l)) + " | ";
      if (l.Gap()) out += head + "**gap**: no control" + blank;
      for (const GapControl& c : l.controls) {
        out += head + MarkdownCode(c.id) +
               fmt::format(" | {} | {} | {} | {} |", c.counts.pass, c.counts.fail, c.counts.error,
                           c.counts.skip) +
               (any_waived ? fmt::format(" {} |\n", c.counts.waived) : "\n");
        head = "|  |  | ";
      }
      if (!l.Gap() && !l.Checked())
        out += "|  |  | **unchecked**: no control checked a resource (each one SKIPs)" + blank;
      if (l.MetWithWaivers())
        out += "|  |  | **met with waivers**: every failure is waived" + blank;
      for (size_t p = 0; p < l.duties.size() && p < l.parties.size(); ++p) {
        duties += (p == 0 ? "- " + MarkdownText(l.layer) + ": " : "; ") + "**" +
                  MarkdownText(l.parties[p]) + "**: " + MarkdownText(l.duties[p]);
      }
      if (!l.duties.empty()) duties += "\n";
    }
    if (!duties.empty()) out += "\nShared layers:\n\n" + duties;
  }
  return out;
}

// --- JSON ----------------------------------------------------------------------------------------

std::string RenderJson(const GapsReport& g) {
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
  auto number = [&](const char* key, size_t n) {
    w.Key(key);
    w.Uint64(n);
  };
  auto type_counts = [&](const char* key, const std::vector<std::pair<std::string, uint32_t>>& v) {
    w.Key(key);
    w.StartObject();
    for (const auto& [type, n] : v) {
      string(type);
      w.Uint(n);
    }
    w.EndObject();
  };
  w.StartObject();
  member("party", g.party);
  w.Key("inventories");
  w.StartArray();
  for (const std::string& path : g.inventories) string(path);
  w.EndArray();
  w.Key("services");
  w.StartArray();
  for (const GapService& s : g.services) {
    w.StartObject();
    member("name", s.name);
    member("module", s.module);
    member("category", s.category);
    type_counts("resources", s.resources);
    w.Key("layers");
    w.StartArray();
    for (const GapLayer& l : s.layers) {
      w.StartObject();
      member("layer", l.layer);
      member("owner", Owner(l));
      w.Key("duties");
      w.StartObject();
      for (size_t p = 0; p < l.duties.size() && p < l.parties.size(); ++p) {
        string(l.parties[p]);
        string(l.duties[p]);
      }
      w.EndObject();
      w.Key("controls");
      w.StartArray();
      for (const GapControl& c : l.controls) {
        w.StartObject();
        member("id", c.id);
        number("pass", c.counts.pass);
        number("fail", c.counts.fail);
        number("error", c.counts.error);
        number("skip", c.counts.skip);
        number("waived", c.counts.waived);
        w.EndObject();
      }
      w.EndArray();
      w.Key("gap");
      w.Bool(l.Gap());
      w.Key("checked");
      w.Bool(l.Checked());
      w.Key("met_with_waivers");
      w.Bool(l.MetWithWaivers());
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  type_counts("unassigned", g.unassigned);
  w.Key("expired_waivers");
  w.StartArray();
  for (const std::string& e : g.expired_waivers) string(e);
  w.EndArray();
  w.Key("counts");
  w.StartObject();
  number("services", g.services.size());
  number("layers", g.LayerCount());
  number("covered", g.LayerCount() - g.GapCount());
  number("gaps", g.GapCount());
  number("unchecked", g.UncheckedCount());
  number("met_with_waivers", g.WaivedCount());
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

// The --format choices, in the order --help lists them.
enum class GapsFormat : uint8_t { kText, kJson, kMarkdown };
constexpr Choices<GapsFormat, 3> kGapsFormats = {{
    {GapsFormat::kText, "text"},
    {GapsFormat::kJson, "json"},
    {GapsFormat::kMarkdown, "md"},
}};

}  // namespace

std::vector<std::string> GapsFormatNames() { return ChoiceNames(kGapsFormats); }

std::string RenderGaps(const GapsReport& gaps, const std::string& format) {
  switch (FindChoice(kGapsFormats, format)) {
    case GapsFormat::kText:
      return RenderText(gaps);
    case GapsFormat::kJson:
      return RenderJson(gaps);
    case GapsFormat::kMarkdown:
      return RenderMarkdown(gaps);
  }
  return RenderText(gaps);
}

}  // namespace srm::rt
