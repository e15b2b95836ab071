#include "compiler/ast/diagnostics.h"

#include <algorithm>

namespace srm {

namespace {
constexpr uint32_t kContext = 80;  // characters shown each side of a caret on long lines
}

uint32_t SourceManager::Add(std::string path, std::string text) {
  files_.push_back(std::make_unique<rt::SourceFile>(std::move(path), std::move(text)));
  return static_cast<uint32_t>(files_.size() - 1);
}

std::string SourceManager::Where(const ast::SourceRange& r) const {
  return files_[r.file]->Where(r.begin);
}

Diagnostic& DiagnosticEngine::Add(DiagKind kind, std::optional<ast::SourceRange> range,
                                  std::string message) {
  diags_.push_back({kind, Info(kind).severity, range, std::move(message), {}});
  order_.push_back({false, diags_.size() - 1});
  return diags_.back();
}

size_t DiagnosticEngine::error_count() const {
  return static_cast<size_t>(std::count_if(diags_.begin(), diags_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError;
  }));
}

void DiagnosticEngine::RenderOne(std::string& out, Severity sev, std::string_view id,
                                 const std::optional<ast::SourceRange>& range,
                                 const std::string& message, bool top_level, bool color) const {
  const char* bold = color ? "\033[1m" : "";
  const char* reset = color ? "\033[0m" : "";
  const char* label = "error";
  const char* label_color = color ? "\033[1;31m" : "";
  if (sev == Severity::kWarning) {
    label = "warning";
    label_color = color ? "\033[1;35m" : "";
  } else if (sev == Severity::kNote) {
    label = "note";
    label_color = color ? "\033[1;36m" : "";
  }
  if (range || top_level) {
    out += bold;
    out += range ? sources_.Where(*range) : "srm";
    out += ": ";
    out += reset;
  }
  out += label_color;
  out += label;
  if (!id.empty()) {
    out += "[";
    out += id;
    out += "]";
  }
  out += ":";
  out += reset;
  out += " ";
  out += bold;
  out += message;
  out += reset;
  out += "\n";
  if (!range) return;
  const rt::SourceFile& file = sources_.file(range->file);
  rt::LineCol lc = file.Locate(range->begin);
  std::string_view line = file.Line(lc.line);
  uint32_t line_end_offset = range->begin + static_cast<uint32_t>(line.size()) - (lc.col - 1);
  uint32_t end = std::min(range->end, line_end_offset);
  // Long lines are shown as a window around the caret.
  uint32_t col0 = lc.col - 1;
  uint32_t first = col0 > kContext ? col0 - kContext : 0;
  std::string_view shown = line.substr(first, 2 * kContext);
  if (first > 0) out += "...";
  out += shown;
  if (first + shown.size() < line.size()) out += "...";
  out += "\n";
  std::string caret(first > 0 ? 3 : 0, ' ');
  // One column per code point: skip UTF-8 continuation bytes.
  auto lead = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  for (uint32_t i = first; i < col0 && i < line.size(); ++i) {
    if (lead(line[i])) caret += line[i] == '\t' ? '\t' : ' ';
  }
  caret += '^';
  for (uint32_t i = range->begin + 1; i < end && i - range->begin + col0 < first + shown.size();
       ++i) {
    if (lead(line[i - range->begin + col0])) caret += '~';
  }
  out += color ? "\033[1;32m" : "";
  out += caret;
  out += reset;
  out += "\n";
}

std::string DiagnosticEngine::Render(bool color) const {
  // File-less entries (remarks included) first, in the order reported; then by location.
  std::vector<Entry> sorted = order_;
  auto range_of = [&](const Entry& e) -> const std::optional<ast::SourceRange>& {
    static const std::optional<ast::SourceRange> kNone;
    return e.remark ? kNone : diags_[e.index].range;
  };
  std::stable_sort(sorted.begin(), sorted.end(), [&](const Entry& ea, const Entry& eb) {
    const std::optional<ast::SourceRange>& a = range_of(ea);
    const std::optional<ast::SourceRange>& b = range_of(eb);
    if (a.has_value() != b.has_value()) return !a.has_value();
    if (!a) return false;
    if (a->file != b->file) return a->file < b->file;
    return a->begin < b->begin;
  });
  std::string out;
  for (const Entry& e : sorted) {
    if (e.remark) {
      RenderOne(out, Severity::kNote, "", std::nullopt, remarks_[e.index], true, color);
      continue;
    }
    const Diagnostic& d = diags_[e.index];
    RenderOne(out, d.severity, Info(d.kind).id, d.range, d.message, true, color);
    for (const Note& n : d.notes)
      RenderOne(out, Severity::kNote, "", n.range, n.message, false, color);
  }
  return out;
}

}  // namespace srm
