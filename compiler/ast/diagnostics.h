// The one diagnostics engine: every stage reports here; nothing is thrown across stages.
// Every diagnostic has a kind from diagnostic_kinds.def (id, severity, message format); messages
// are formatted from the kind's format, checked against the arguments at compile time.
#pragma once

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
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

enum class DiagKind : uint16_t {
#define SRM_DIAG(Id, Name, Severity, Format) k##Name,
#include "compiler/ast/diagnostic_kinds.def"
};
enum class NoteKind : uint16_t {
#define SRM_NOTE(Name, Format) k##Name,
#include "compiler/ast/diagnostic_kinds.def"
};

struct DiagKindInfo {
  std::string_view id;  // "E0101"
  std::string_view name;
  Severity severity;
  std::string_view format;
};
inline constexpr DiagKindInfo kDiagKinds[] = {
#define SRM_DIAG(Id, Name, Sev, Format) {#Id, #Name, Severity::k##Sev, Format},
#include "compiler/ast/diagnostic_kinds.def"
};
struct NoteKindInfo {
  std::string_view name;
  std::string_view format;
};
inline constexpr NoteKindInfo kNoteKinds[] = {
#define SRM_NOTE(Name, Format) {#Name, Format},
#include "compiler/ast/diagnostic_kinds.def"
};
constexpr const DiagKindInfo& Info(DiagKind k) { return kDiagKinds[static_cast<size_t>(k)]; }
constexpr const NoteKindInfo& Info(NoteKind k) { return kNoteKinds[static_cast<size_t>(k)]; }

// One tag object per kind (`diag::UnknownName`), so that a call site names its kind and the
// kind's format is a constant the arguments are checked against.
namespace diag {
template <DiagKind K>
struct DiagTag {
  static constexpr std::string_view kFormat = Info(K).format;
};
template <NoteKind K>
struct NoteTag {
  static constexpr std::string_view kFormat = Info(K).format;
};
#define SRM_DIAG(Id, Name, Severity, Format) inline constexpr DiagTag<DiagKind::k##Name> Name{};
#define SRM_NOTE(Name, Format) inline constexpr NoteTag<NoteKind::k##Name> Name{};
#include "compiler/ast/diagnostic_kinds.def"
}  // namespace diag

struct Note {
  NoteKind kind;
  std::optional<ast::SourceRange> range;
  std::string message;
};

struct Diagnostic {
  DiagKind kind;
  Severity severity = Severity::kError;
  std::optional<ast::SourceRange> range;  // absent for file-less diagnostics (driver)
  std::string message;
  std::vector<Note> notes;

  template <NoteKind K, typename... Args>
  Diagnostic& AddNote(diag::NoteTag<K>, Args&&... args) {
    notes.push_back({K, std::nullopt, Format<diag::NoteTag<K>>(std::forward<Args>(args)...)});
    return *this;
  }
  template <NoteKind K, typename... Args>
  Diagnostic& AddNote(const ast::SourceRange& r, diag::NoteTag<K>, Args&&... args) {
    notes.push_back({K, r, Format<diag::NoteTag<K>>(std::forward<Args>(args)...)});
    return *this;
  }

  template <typename Tag, typename... Args>
  static std::string Format(Args&&... args) {
    return fmt::format(fmt::format_string<Args...>(Tag::kFormat), std::forward<Args>(args)...);
  }
};

class DiagnosticEngine {
 public:
  explicit DiagnosticEngine(const SourceManager& sources) : sources_(sources) {}

  // Reports a diagnostic of kind K (its severity comes from the kind) at `range`.
  template <DiagKind K, typename... Args>
  Diagnostic& Report(const ast::SourceRange& range, diag::DiagTag<K>, Args&&... args) {
    return Add(K, range, Diagnostic::Format<diag::DiagTag<K>>(std::forward<Args>(args)...));
  }
  // A diagnostic with no source location (a policy file that cannot be read, a backend
  // failure), rendered as `srm: error[ID]: ...`.
  template <DiagKind K, typename... Args>
  Diagnostic& Report(diag::DiagTag<K>, Args&&... args) {
    return Add(K, std::nullopt, Diagnostic::Format<diag::DiagTag<K>>(std::forward<Args>(args)...));
  }
  // A note of its own, with no location: `srm: note: ...`.
  template <NoteKind K, typename... Args>
  void Remark(diag::NoteTag<K>, Args&&... args) {
    remarks_.push_back(Diagnostic::Format<diag::NoteTag<K>>(std::forward<Args>(args)...));
    order_.push_back({true, remarks_.size() - 1});
  }

  size_t error_count() const;
  const std::vector<Diagnostic>& diagnostics() const { return diags_; }

  // Sorted by (file, offset), stable, file-less ones first; clang-style text with the kind's
  // id (`error[E0101]:`). `color` adds ANSI colours.
  std::string Render(bool color) const;

 private:
  Diagnostic& Add(DiagKind kind, std::optional<ast::SourceRange> range, std::string message);
  void RenderOne(std::string& out, Severity sev, std::string_view id,
                 const std::optional<ast::SourceRange>& range, const std::string& message,
                 bool top_level, bool color) const;

  const SourceManager& sources_;
  std::vector<Diagnostic> diags_;
  std::vector<std::string> remarks_;
  struct Entry {
    bool remark;
    size_t index;
  };
  std::vector<Entry> order_;  // diagnostics and remarks in the order they were reported
};

}  // namespace srm
