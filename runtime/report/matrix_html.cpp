#include "runtime/report/matrix_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "runtime/report/text_writer.h"
#include "runtime/support/json_text.h"

namespace srm::rt {
namespace {

std::string Html(std::string_view s) { return HtmlText(s); }

}  // namespace

std::string HtmlText(std::string_view s) {
  std::string out;
  for (char ch : EscapeText(ValidUtf8(s))) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

namespace {

std::string Lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// A list of names for a data attribute, each surrounded by spaces (" AWS Customer "), so that
// the script tests membership with includes(" NAME ").
std::string Words(const std::vector<std::string>& names) {
  std::string out = " ";
  for (const std::string& n : names) out += n + " ";
  return Html(out);
}

// The colour of each party, by declaration order (the first is AWS in the stdlib).
constexpr std::array<const char*, 6> kPartyColours = {"#f9c77a", "#8ec1ef", "#a5d6a7",
                                                      "#d7b4e8", "#f2a5a0", "#c8c8c8"};

std::string PartyColour(const ResponsibilityMatrix& m, const std::string& party) {
  size_t i =
      static_cast<size_t>(std::find(m.parties.begin(), m.parties.end(), party) - m.parties.begin());
  return kPartyColours[i % kPartyColours.size()];
}

constexpr const char* kStyle = R"(
:root { font-family: system-ui, sans-serif; font-size: 14px; color: #1d1d1f; }
body { margin: 0; }
header { padding: 12px 16px; border-bottom: 1px solid #ddd; background: #fafafa; }
h1 { font-size: 20px; margin: 0 0 4px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; align-items: center; }
.filters input[type=search] { min-width: 260px; padding: 4px 6px; }
.legend { display: flex; gap: 6px; list-style: none; padding: 0; margin: 6px 0 0; }
.legend li { padding: 2px 8px; border-radius: 3px; }
.scroll { overflow: auto; max-height: calc(100vh - 150px); }
table { border-collapse: separate; border-spacing: 0; }
th, td { border-right: 1px solid #e3e3e3; border-bottom: 1px solid #e3e3e3; padding: 4px 6px;
  vertical-align: top; text-align: left; }
thead th { position: sticky; top: 0; background: #f0f0f0; z-index: 2; white-space: nowrap; }
th[scope=row] { position: sticky; left: 0; background: #fff; z-index: 1; min-width: 160px; }
thead th:first-child { left: 0; z-index: 3; }
th[scope=row] .desc { display: block; font-weight: normal; color: #555; font-size: 12px;
  max-width: 260px; }
td.cell { min-width: 90px; }
td.cell .owner { font-weight: 600; }
td.cell.dim { opacity: 0.2; }
td.cell details { font-size: 12px; }
td.cell ul { margin: 2px 0 0; padding-left: 14px; }
td.cell .duty { font-size: 12px; margin: 2px 0 0; }
tr[hidden] { display: none; }
#shared-controls { padding: 8px 16px; }
#shared-controls h2 { font-size: 16px; margin: 4px 0 8px; }
#shared-controls td { font-size: 12px; max-width: 320px; }
#shared-controls dl { margin: 2px 0 0; }
#shared-controls dd { margin: 0 0 4px 12px; }
)";

constexpr const char* kScript = R"(
(function () {
  var search = document.getElementById('search');
  var category = document.getElementById('category');
  var framework = document.getElementById('framework');
  var party = document.getElementById('party');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#matrix tbody tr'));
  function apply() {
    var text = search.value.trim().toLowerCase();
    var c = category.value, f = framework.value, p = party.value;
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!text || row.dataset.text.indexOf(text) >= 0) &&
               (!c || row.dataset.category === c) &&
               (!f || row.dataset.frameworks.indexOf(' ' + f + ' ') >= 0) &&
               (!p || row.dataset.parties.indexOf(' ' + p + ' ') >= 0);
      row.hidden = !ok;
      if (ok) shown++;
      row.querySelectorAll('td.cell').forEach(function (cell) {
        var dim = (p && cell.dataset.parties.indexOf(' ' + p + ' ') < 0) ||
                  (f && cell.dataset.frameworks.indexOf(' ' + f + ' ') < 0);
        cell.classList.toggle('dim', !!dim);
      });
    });
    document.getElementById('shown').textContent = String(shown);
  }
  [search, category, framework, party].forEach(function (el) {
    el.addEventListener('input', apply);
    el.addEventListener('change', apply);
  });
  apply();
})();
)";

// A <select> of `values` with an "all" option first.
std::string Select(const char* id, const char* label, const char* all,
                   const std::set<std::string>& values) {
  std::string out =
      fmt::format("<label>{} <select id=\"{}\"><option value=\"\">{}</option>", label, id, all);
  for (const std::string& v : values)
    out += "<option value=\"" + Html(v) + "\">" + Html(v) + "</option>";
  return out + "</select></label>\n";
}

std::string Cell(const ResponsibilityMatrix& m, const MatrixCell& c, std::string& row_text) {
  if (!c.assigned) return "<td class=\"cell\" data-parties=\" \" data-frameworks=\" \">-</td>";
  std::string style;
  if (c.shared) {
    // Stripes of the sharing parties' colours.
    std::string stops;
    for (size_t i = 0; i < c.parties.size(); ++i) {
      std::string colour = PartyColour(m, c.parties[i]);
      stops += fmt::format(", {} {}px, {} {}px", colour, i * 12, colour, (i + 1) * 12);
    }
    style = fmt::format("background: repeating-linear-gradient(135deg{})", stops);
  } else {
    style = "background: " + PartyColour(m, c.parties.front());
  }
  std::string title, duties;
  for (size_t i = 0; i < c.duties.size() && i < c.parties.size(); ++i) {
    // The tooltip shows one party per line (a character reference: a newline in an attribute).
    title += (i == 0 ? "" : "&#10;") + Html(c.parties[i] + ": " + c.duties[i]);
    row_text += " " + c.parties[i] + ": " + c.duties[i];
    duties += "<p class=\"duty\"><b>" + Html(c.parties[i]) + "</b>: " + Html(c.duties[i]) + "</p>";
  }
  std::string out = "<td class=\"cell\" style=\"" + style + "\" data-parties=\"" +
                    Words(c.parties) + "\" data-frameworks=\"" + Words(c.frameworks) + "\"" +
                    (title.empty() ? "" : " title=\"" + title + "\"") + ">";
  out += "<span class=\"owner\">" + Html(c.shared ? "shared" : c.parties.front()) + "</span>";
  if (c.shared) out += "<details><summary>duties</summary>" + duties + "</details>";
  if (!c.controls.empty()) {
    out += fmt::format("<details><summary>{} control{}</summary><ul>", c.controls.size(),
                       c.controls.size() == 1 ? "" : "s");
    for (const std::string& id : c.controls) {
      out += "<li>" + Html(id) + "</li>";
      row_text += " " + id;
    }
    out += "</ul></details>";
  }
  return out + "</td>";
}

// The shared controls below the matrix: a row each with its layers, what each party does in
// general, and the services that state their own part (unfolded on demand).
std::string SharedControls(const ResponsibilityMatrix& m) {
  if (m.shared_controls.empty()) return "";
  std::string out =
      "<section id=\"shared-controls\">\n<h2>Shared controls</h2>\n<table>\n<thead><tr>"
      "<th>Shared control</th><th>Layers</th>";
  for (const std::string& p : m.parties) out += "<th>" + Html(p) + "</th>";
  out += "<th>Per service</th></tr></thead>\n<tbody>\n";
  for (const MatrixSharedControl& sc : m.shared_controls) {
    std::string layers;
    for (const std::string& l : sc.layers) layers += (layers.empty() ? "" : ", ") + l;
    out += "<tr><th scope=\"row\">" + Html(sc.name) + "<span class=\"desc\">" + Html(sc.title) +
           "</span></th><td>" + Html(layers.empty() ? "none: each party for itself" : layers) +
           "</td>";
    for (const std::string& p : m.parties) {
      std::string duty = "-";
      for (size_t i = 0; i < sc.general.parties.size(); ++i) {
        if (sc.general.parties[i] == p) duty = sc.general.duties[i];
      }
      out += "<td>" + Html(duty) + "</td>";
    }
    out += "<td>";
    if (!sc.services.empty()) {
      out += fmt::format("<details><summary>{} service{}</summary><dl>", sc.services.size(),
                         sc.services.size() == 1 ? "" : "s");
      for (const auto& [service, own] : sc.services) {
        out += "<dt><a href=\"#" + Html(Lower(service)) + "\">" + Html(service) + "</a></dt>";
        for (size_t i = 0; i < own.parties.size() && i < own.duties.size(); ++i)
          out += "<dd><b>" + Html(own.parties[i]) + "</b>: " + Html(own.duties[i]) + "</dd>";
      }
      out += "</dl></details>";
    }
    out += "</td></tr>\n";
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

}  // namespace

std::string RenderMatrixHtml(const ResponsibilityMatrix& m) {
  std::set<std::string> categories, frameworks;
  size_t controls = 0;
  for (const MatrixService& s : m.services) {
    if (!s.category.empty()) categories.insert(s.category);
    for (const MatrixCell& c : s.cells) {
      frameworks.insert(c.frameworks.begin(), c.frameworks.end());
      controls += c.controls.size();
    }
  }
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Responsibility matrix</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<header>\n<h1>Responsibility matrix</h1>\n";
  out += fmt::format(
      "<p>{} service{}, {} layer{}, {} control{} on their layers. Showing <span "
      "id=\"shown\">{}</span>.</p>\n",
      m.services.size(), m.services.size() == 1 ? "" : "s", m.layers.size(),
      m.layers.size() == 1 ? "" : "s", controls, controls == 1 ? "" : "s", m.services.size());
  out +=
      "<div class=\"filters\">\n<input type=\"search\" id=\"search\" "
      "placeholder=\"Search services, duties, controls\" aria-label=\"Search\">\n";
  out += Select("category", "Category", "all", categories);
  out += Select("framework", "Framework", "all", frameworks);
  out += Select("party", "Party", "all", std::set<std::string>(m.parties.begin(), m.parties.end()));
  out += "</div>\n<ul class=\"legend\">";
  for (const std::string& p : m.parties)
    out += "<li style=\"background: " + PartyColour(m, p) + "\">" + Html(p) + "</li>";
  out += "<li>shared: stripes of both</li></ul>\n</header>\n";
  out +=
      "<div class=\"scroll\">\n<table id=\"matrix\">\n<thead><tr><th>Service</th>"
      "<th>Category</th>";
  for (const std::string& layer : m.layers) out += "<th>" + Html(layer) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const MatrixService& s : m.services) {
    std::string text = s.name + " " + s.description + " " + s.module + " " + s.category;
    std::string cells;
    std::set<std::string> row_frameworks, row_parties;
    for (const MatrixCell& c : s.cells) {
      cells += Cell(m, c, text);
      row_frameworks.insert(c.frameworks.begin(), c.frameworks.end());
      row_parties.insert(c.parties.begin(), c.parties.end());
    }
    out += "<tr data-category=\"" + Html(s.category) + "\" data-frameworks=\"" +
           Words({row_frameworks.begin(), row_frameworks.end()}) + "\" data-parties=\"" +
           Words({row_parties.begin(), row_parties.end()}) + "\" data-text=\"" + Html(Lower(text)) +
           "\">";
    out += "<th scope=\"row\" id=\"" + Html(Lower(s.name)) + "\">" + Html(s.name) +
           "<span class=\"desc\">" + Html(s.description) + "</span></th><td>" + Html(s.category) +
           "</td>" + cells + "</tr>\n";
  }
  out += "</tbody>\n</table>\n</div>\n" + SharedControls(m) + "<script>";
  out += kScript;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace srm::rt
