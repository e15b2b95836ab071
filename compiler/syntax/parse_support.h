// Internals of the parser: code-point/byte offset mapping, the ANTLR error listener, and one
// lex+parse run with its nesting limits. Included by parser.cpp and format.cpp only.
#pragma once

#include <antlr4-runtime.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "SRMLexer.h"
#include "SRMParser.h"
#include "compiler/ast/diagnostics.h"
#include "compiler/syntax/parser.h"

namespace srm::syntax::internal {

using P = srm_antlr::SRMParser;

// Code point index -> byte offset for one parsed text.
class OffsetMap {
 public:
  OffsetMap(std::string_view text, uint32_t base) : base_(base) {
    bool ascii = true;
    for (unsigned char c : text) ascii = ascii && c < 0x80;
    if (ascii) return;
    for (uint32_t i = 0; i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) cps_.push_back(i);
    }
    cps_.push_back(static_cast<uint32_t>(text.size()));
  }
  uint32_t Byte(size_t cp) const {
    if (cps_.empty()) return base_ + static_cast<uint32_t>(cp);
    if (cp >= cps_.size()) return base_ + cps_.back();
    return base_ + cps_[cp];
  }

 private:
  uint32_t base_;
  std::vector<uint32_t> cps_;
};

// Reports a parser error in words: the expected tokens by category ("a name", "an expression",
// "a control clause"), what was found, '==' for '=', a missing ';' at the end of the token
// before, and a note at the innermost bracket still open (syntax_error.cpp).
void ReportParseError(antlr4::Parser& parser, antlr4::Token* token, std::exception_ptr e,
                      const OffsetMap& map, uint32_t file, DiagnosticEngine& diags);

class ErrorListener : public antlr4::BaseErrorListener {
 public:
  ErrorListener(const OffsetMap& map, uint32_t file, DiagnosticEngine& diags)
      : map_(map), file_(file), diags_(diags) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* token, size_t, size_t,
                   const std::string& msg, std::exception_ptr e) override {
    if (reported_) return;  // the first error is the useful one; the rest are cascades
    reported_ = true;
    if (ReportUnparenthesizedBinder(recognizer, token)) return;
    uint32_t begin = map_.Byte(token ? token->getStartIndex() : 0);
    uint32_t end = token ? map_.Byte(token->getStopIndex() + 1) : begin + 1;
    if (token != nullptr && token->getType() == srm_antlr::SRMLexer::UNKNOWN_CHAR) {
      ast::SourceRange at{file_, begin, begin + 1};
      if (token->getText() == "\"")
        diags_.Report(at, diag::UnterminatedString);
      else
        diags_.Report(at, diag::UnexpectedCharacter, token->getText());
      return;
    }
    if (auto* parser = dynamic_cast<antlr4::Parser*>(recognizer)) {
      ReportParseError(*parser, token, e, map_, file_, diags_);
      return;
    }
    ast::SourceRange at{file_, begin, std::max(end, begin + 1)};
    if (token != nullptr && token->getType() == antlr4::Token::EOF)
      diags_.Report(at, diag::UnexpectedEndOfFile, msg);
    else
      diags_.Report(at, diag::SyntaxError, msg);
  }
  bool reported() const { return reported_; }

 private:
  // `a and any x in xs: p`, `1 + let y = 2 in y`, `let v = if c then 1 else 2 in v`: a binder
  // (let, if, any, all, count) where an operand is expected must be in parentheses (the grammar
  // keeps binders out of operands; see SRM.g4). The parser stumbles on the binder itself, or,
  // for `count` (also a name), on the word after it; says so in words instead of listing tokens.
  bool ReportUnparenthesizedBinder(antlr4::Recognizer* recognizer, antlr4::Token* token) {
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (parser == nullptr || token == nullptr) return false;
    antlr4::TokenStream* tokens = parser->getTokenStream();
    auto text_at = [&](size_t back) -> std::string {
      size_t i = token->getTokenIndex();
      return i >= back ? tokens->get(i - back)->getText() : std::string();
    };
    static const std::set<std::string> kBinders = {"let", "if", "any", "all", "count"};
    size_t back = 0;
    if (kBinders.count(token->getText()) == 0 || token->getText() == "count") {
      if (text_at(1) != "count") return false;
      back = 1;  // `count` was read as a name; the word after it stopped the parse
    }
    std::string before = text_at(back + 1);
    bool operand = ast::BinaryOpFromText(before).has_value() ||
                   ast::UnaryOpFromText(before).has_value() || before == "=";
    if (!operand) return false;
    antlr4::Token* binder = tokens->get(token->getTokenIndex() - back);
    uint32_t begin = map_.Byte(binder->getStartIndex());
    uint32_t end = map_.Byte(binder->getStopIndex() + 1);
    diags_.Report({file_, begin, end}, diag::BinderNeedsParens, binder->getText(), before)
        .AddNote(diag::ParenthesizeBinder, binder->getText());
    return true;
  }

  const OffsetMap& map_;
  uint32_t file_;
  DiagnosticEngine& diags_;
  bool reported_ = false;
};

// Lexes and parses one text (a whole file or an interpolation), owning the ANTLR objects.
struct ParseRun {
  ParseRun(std::string_view text, uint32_t base, uint32_t file, DiagnosticEngine& diags)
      : map(text, base),
        input(std::string(text)),
        lexer(&input),
        tokens(&lexer),
        parser(&tokens),
        listener(map, file, diags) {
    lexer.removeErrorListeners();
    parser.removeErrorListeners();
    lexer.addErrorListener(&listener);
    parser.addErrorListener(&listener);
  }

  // Rejects input that would nest the recursive-descent parser too deeply.
  bool CheckNesting(uint32_t file, DiagnosticEngine& diags) {
    tokens.fill();
    // depth: open brackets. ops: operators and right-nested forms (prefix operators, `??`,
    // let, if, quantifiers) in one statement; each can add a level to the tree.
    uint32_t depth = 0, ops = 0;
    static const std::set<std::string, std::less<>> kOperators = [] {
      std::set<std::string, std::less<>> ops = {".",  "?.",  "[",   "(",    "let",
                                                "if", "any", "all", "count"};
      for (std::string_view s : ast::OperatorSpellings()) ops.emplace(s);
      return ops;
    }();
    antlr4::Token* prev = nullptr;
    for (antlr4::Token* t : tokens.getTokens()) {
      std::string s = t->getText();
      // A closed /* ... */ is skipped by the lexer; what remains as `/` `*` never closed.
      if (s == "*" && prev != nullptr && prev->getText() == "/" &&
          prev->getStopIndex() + 1 == t->getStartIndex()) {
        uint32_t b = map.Byte(prev->getStartIndex());
        diags.Report({file, b, b + 2}, diag::UnterminatedComment);
        return false;
      }
      prev = t;
      if (s == "(" || s == "[" || s == "{") ++depth;
      if ((s == ")" || s == "]" || s == "}") && depth > 0) --depth;
      if (s == ";" || s == "{" || s == "}") ops = 0;
      if (kOperators.count(s)) ++ops;
      if (depth > kMaxNesting || ops > kMaxOperators) {
        uint32_t b = map.Byte(t->getStartIndex());
        Diagnostic& d =
            depth > kMaxNesting
                ? diags.Report({file, b, b + 1}, diag::NestingTooDeep, kMaxNesting)
                : diags.Report({file, b, b + 1}, diag::ExpressionTooLong, kMaxOperators);
        d.AddNote(diag::SplitExpression);
        return false;
      }
    }
    return true;
  }

  // Parses the tokens with `rule` (e.g. &P::file) in two stages: first with SLL prediction and
  // a strategy that gives up at the first error (no full-context prediction, no recovery, no
  // diagnostics), then, only if that gave up, again from the first token with full LL
  // prediction and the normal error reporting. Input without syntax errors never needs the
  // second stage: ANTLR's standard two-stage parse, the same trees (the goldens and the
  // formatter's AST comparison check it), about a third of the stdlib's parse time saved.
  template <typename Context>
  Context* Parse(Context* (P::*rule)()) {
    auto* atn = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
    atn->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser.removeErrorListeners();
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    try {
      Context* ctx = (parser.*rule)();
      parser.addErrorListener(&listener);
      return ctx;
    } catch (const antlr4::ParseCancellationException&) {
    }
    tokens.seek(0);
    parser.reset();
    parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
    parser.addErrorListener(&listener);
    atn->setPredictionMode(antlr4::atn::PredictionMode::LL);
    return (parser.*rule)();
  }

  OffsetMap map;
  antlr4::ANTLRInputStream input;
  srm_antlr::SRMLexer lexer;
  antlr4::CommonTokenStream tokens;
  P parser;
  ErrorListener listener;
};

}  // namespace srm::syntax::internal
