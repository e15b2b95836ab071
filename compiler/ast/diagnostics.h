// The one diagnostics engine: every stage reports here; nothing is thrown across stages.
// Diagnostics are sorted by location and rendered clang-style (location, source line, caret).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "runtime/support/source.h"
#include "runtime/support/suggest.h"

namespace srm {

// Owns the policy source files of one compilation; SourceRange::file indexes into it.
class SourceManager {
 public:
  uint32_t Add(std::string path, std::string text);
  const rt::SourceFile& file(uint32_t i) const { return *files_[i]; }
  size_t size() const { return files_.size(); }
  std::string Where(const ast::SourceRange& r) const;  // "path:line:col"

 private:
  std::vector<std::unique_ptr<rt::SourceFile>> files_;
};

enum class Severity { kError, kWarning, kNote };

struct Note {
  std::optional<ast::SourceRange> range;
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  std::optional<ast::SourceRange> range;  // absent for file-less errors
  std::string message;
  std::vector<Note> notes;

  Diagnostic& AddNote(std::string msg) {
    notes.push_back({std::nullopt, std::move(msg)});
    return *this;
  }
  Diagnostic& AddNote(const ast::SourceRange& r, std::string msg) {
    notes.push_back({r, std::move(msg)});
    return *this;
  }
};

class DiagnosticEngine {
 public:
  explicit DiagnosticEngine(const SourceManager& sources) : sources_(sources) {}

  Diagnostic& Error(const ast::SourceRange& range, std::string message);
  Diagnostic& Warning(const ast::SourceRange& range, std::string message);
  // An error with no source location, e.g. about a file that cannot be read.
  Diagnostic& Error(std::string message);

  size_t error_count() const;
  bool HasErrors() const { return error_count() > 0; }
  const std::vector<Diagnostic>& diagnostics() const { return diags_; }

  // Sorted by (file, offset), stable; clang-style text. `color` adds ANSI colours.
  std::string Render(bool color) const;

 private:
  void RenderOne(std::string& out, Severity sev, const std::optional<ast::SourceRange>& range,
                 const std::string& message, bool color) const;

  const SourceManager& sources_;
  std::vector<Diagnostic> diags_;
};

}  // namespace srm
