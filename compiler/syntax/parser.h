// Parses an SRM source file into the AST. The only component that sees ANTLR: the generated
// parser and its runtime headers are included in parser.cpp alone.
#pragma once

#include <optional>

#include "compiler/ast/ast.h"
#include "compiler/ast/diagnostics.h"

namespace srm::syntax {

// Limits that keep hostile input from exhausting the stack.
inline constexpr uint32_t kMaxNesting = 200;     // open brackets
inline constexpr uint32_t kMaxOperators = 2000;  // operators, let/if/quantifiers in a statement
inline constexpr uint32_t kMaxBinders = 200;     // prefix operators and binders nested in each other
inline constexpr size_t kMaxPolicyBytes = rt::kMaxPolicyFileBytes;  // also enforced on reading

// Parses file `source` of `sources`. On a syntax error, reports it to `diags` and returns
// nullopt.
std::optional<ast::File> ParseFile(uint32_t source, const SourceManager& sources,
                                   ast::IdAllocator& ids, DiagnosticEngine& diags);

}  // namespace srm::syntax
