// `srm fmt`: the canonical layout of SRM source (docs/cli.md, srm fmt). Formatting keeps every
// comment and the meaning: the result is re-parsed and its AST compared with the original's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/ast/diagnostics.h"

namespace srm::syntax {

struct FormatResult {
  // The formatted text; empty when the file has syntax errors (reported to the diagnostics) or
  // when `internal_error` is set.
  std::optional<std::string> text;
  // Set when the formatted text would not mean the same (or lost a comment): a formatter bug;
  // the caller must leave the file as it is.
  std::string internal_error;
};

// Formats file `source` of `sources`.
FormatResult FormatFile(uint32_t source, const SourceManager& sources, DiagnosticEngine& diags);

// The AST of a file as text, without source ranges and node ids: two files with the same dump
// mean the same (format_dump.cpp).
std::string DumpAst(const ast::File& file);

// The comments of a text in order (line comments without trailing spaces), found between the
// tokens of the SRM lexer.
std::vector<std::string> CommentsOf(const std::string& text);

}  // namespace srm::syntax
