// Parser errors in words: what was expected (named by category, not as ANTLR's token set),
// what was found, a note at the bracket that is still open, '==' for '=', and a missing ';'
// at the end of the token before it.
#include <algorithm>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/syntax/parse_support.h"
#include "runtime/support/suggest.h"

namespace srm::syntax::internal {
namespace {

// Words that start an expression besides names, numbers and strings.
bool StartsExpression(const std::string& t) {
  static const std::set<std::string> kStarts = {"(",      "[", "true", "false", "null", "not",
                                                "exists", "-", "let",  "if",    "any",  "all"};
  return kStarts.count(t) > 0;
}

bool IsOperator(const std::string& t) {
  if (t == "." || t == "?." || t == "[" || t == "(" || t == "not") return true;
  for (std::string_view s : ast::OperatorSpellings())
    if (s == t) return true;
  return false;
}

// The construct the parser was in, in words, for an expected set too long to list.
std::string RuleInWords(antlr4::ParserRuleContext* ctx) {
  for (; ctx != nullptr; ctx = dynamic_cast<antlr4::ParserRuleContext*>(ctx->parent)) {
    switch (ctx->getRuleIndex()) {
      case P::RuleFile:
      case P::RuleDecl:
        return "a declaration (party, layer, type, resource, service, fn, control or shared "
               "control)";
      case P::RuleControlDecl:
      case P::RuleControlItem:
        return "a control clause (title, description, remediation, service, layer, owner, "
               "severity, maps or for)";
      case P::RuleServiceDecl:
      case P::RuleServiceItem:
        return "a service item (model, resources, 'PARTY owns ...', shared or shared control)";
      case P::RuleSharedControlDecl:
        return "a party's duty (PARTY: \"DUTY\";)";
      case P::RuleStmt:
        return "a statement (let or assert)";
      case P::RuleFrameworkDecl:
      case P::RuleRequirementDecl:
        return "a requirement (requirement \"ID\" \"TITLE\";)";
      case P::RuleTestDecl:
      case P::RuleTestItem:
        return "a test item (inventory or expect)";
      case P::RuleExpr:
      case P::RuleOpExpr:
      case P::RulePrimary:
        return "an expression";
      case P::RuleType:
      case P::RuleBaseType:
        return "a type";
      case P::RuleRecordType:
      case P::RuleField:
        return "a field";
      default:
        break;
    }
  }
  return "something else";
}

// The expected token set in words: "';' or 'else'", "a name", "an expression or ']'".
std::string ExpectedInWords(const antlr4::misc::IntervalSet& set, const antlr4::dfa::Vocabulary& v,
                            antlr4::ParserRuleContext* ctx, const std::string& closer) {
  std::vector<std::string> texts;  // literal tokens, without quotes
  bool ident = false, integer = false, string = false, block = false, eof = false;
  for (size_t t : set.toList()) {
    if (t == antlr4::Token::EOF) {
      eof = true;
    } else if (t == P::IDENT) {
      ident = true;
    } else if (t == P::INT) {
      integer = true;
    } else if (t == P::STRING) {
      string = true;
    } else if (t == P::TEXT_BLOCK) {
      block = true;
    } else {
      std::string lit = v.getLiteralName(t);
      if (lit.size() >= 2) texts.push_back(lit.substr(1, lit.size() - 2));
    }
  }
  bool expression = ident && integer && string;
  size_t operators = std::count_if(texts.begin(), texts.end(), [](const std::string& t) {
    return IsOperator(t) && t != "(" && t != "[" && t != "-" && t != "not";
  });
  static const std::set<std::string> kSoftKeywords = {
      "type",     "title",   "description", "remediation", "service", "layer",     "owner",
      "severity", "maps",    "model",       "resources",   "owns",    "shared",    "count",
      "module",   "party",   "resource",    "string",      "int",     "bool",      "list",
      "strict",   "profile", "waive",       "on",          "until",   "because",   "by",
      "advisory", "soft",    "hard",        "framework",   "test",    "inventory", "expect",
      "is",       "map",     "requirement", "attest"};
  std::vector<std::string> words;
  bool has_closer = false, has_semicolon = false;
  for (const std::string& t : texts) {
    if (ident && kSoftKeywords.count(t)) continue;  // names that are keywords elsewhere
    if (expression && StartsExpression(t)) continue;
    if (operators >= 3 && IsOperator(t)) continue;
    if (t == closer || t == ";") {
      (t == ";" ? has_semicolon : has_closer) = true;
      continue;
    }
    words.push_back("'" + t + "'");
  }
  // The bracket to close and ';' first: they are what is missing most often.
  std::vector<std::string> head;
  if (has_closer) head.push_back("'" + closer + "'");
  if (has_semicolon) head.push_back("';'");
  if (expression) {
    head.push_back("an expression");
  } else {
    if (ident) head.push_back("a name");
    if (integer) head.push_back("a number");
    if (string) head.push_back("a string");
  }
  if (block) head.push_back("a \"\"\"text block\"\"\"");
  if (operators >= 3) head.push_back("an operator");
  if (words.size() > 4) {
    words = {RuleInWords(ctx)};
    if (std::find(head.begin(), head.end(), words[0]) != head.end()) words.clear();
  }
  head.insert(head.end(), words.begin(), words.end());
  if (eof) head.push_back("the end of the file");
  return head.empty() ? "something else" : JoinOr(head);
}

std::string FoundInWords(antlr4::Token* token) {
  if (token == nullptr || token->getType() == antlr4::Token::EOF) return "the end of the file";
  std::string text = token->getText();
  if (token->getType() == P::STRING) {
    if (text.size() > 24) text = text.substr(0, 20) + "...\"";
    return "string " + text;
  }
  if (token->getType() == P::INT) return "number " + text;
  return "'" + text + "'";
}

size_t TokenType(antlr4::Parser& parser, const std::string& text) {
  return parser.getTokenType("'" + text + "'");
}

}  // namespace

void ReportParseError(antlr4::Parser& parser, antlr4::Token* token, std::exception_ptr e,
                      const OffsetMap& map, uint32_t file, DiagnosticEngine& diags) {
  antlr4::misc::IntervalSet expected;
  antlr4::ParserRuleContext* ctx = parser.getContext();
  bool have_set = false;
  if (e) {
    try {
      std::rethrow_exception(e);
    } catch (antlr4::RecognitionException& ex) {
      expected = ex.getExpectedTokens();
      if (auto* c = dynamic_cast<antlr4::ParserRuleContext*>(ex.getCtx())) ctx = c;
      have_set = true;
    } catch (...) {
    }
  }
  if (!have_set) expected = parser.getExpectedTokens();

  // The innermost bracket still open before the offending token.
  antlr4::TokenStream* tokens = parser.getTokenStream();
  size_t index = token != nullptr ? token->getTokenIndex() : tokens->size();
  std::vector<antlr4::Token*> open;
  for (size_t i = 0; i < index && i < tokens->size(); ++i) {
    antlr4::Token* t = tokens->get(i);
    std::string s = t->getText();
    if (s == "{" || s == "(" || s == "[") open.push_back(t);
    if ((s == "}" || s == ")" || s == "]") && !open.empty()) open.pop_back();
  }
  std::string closer;
  if (!open.empty()) {
    std::string o = open.back()->getText();
    closer = o == "{" ? "}" : o == "(" ? ")" : "]";
  }

  std::string what = ExpectedInWords(expected, parser.getVocabulary(), ctx, closer);
  std::string found = FoundInWords(token);
  uint32_t begin = map.Byte(token != nullptr ? token->getStartIndex() : 0);
  uint32_t end = token != nullptr ? map.Byte(token->getStopIndex() + 1) : begin + 1;
  bool at_eof = token == nullptr || token->getType() == antlr4::Token::EOF;
  if (at_eof) end = begin;
  ast::SourceRange at{file, begin, std::max(end, begin + 1)};

  Diagnostic* d = nullptr;
  if (token != nullptr && token->getText() == "=") {
    d = &diags.Report(at, diag::AssignInExpression, what);
    d->AddNote(diag::UseDoubleEquals);
  } else if (expected.contains(TokenType(parser, ";")) && index > 0) {
    // A missing ';' belongs at the end of the token before (clang, rustc).
    antlr4::Token* prev = tokens->get(index - 1);
    uint32_t after = map.Byte(prev->getStopIndex() + 1);
    std::string message = "expected " + what + " after " + FoundInWords(prev);
    if (at_eof)
      d = &diags.Report({file, after, after + 1}, diag::UnexpectedEndOfFile, message);
    else
      d = &diags.Report({file, after, after + 1}, diag::SyntaxError, message + ", found " + found);
  } else if (token != nullptr && token->getText() == "import") {
    d = &diags.Report(at, diag::SyntaxError, "expected " + what + ", found " + found);
    d->AddNote(diag::ImportsFirst);
  } else if (at_eof) {
    d = &diags.Report(at, diag::UnexpectedEndOfFile, "expected " + what);
  } else {
    d = &diags.Report(at, diag::SyntaxError, "expected " + what + ", found " + found);
  }
  if (!closer.empty() && expected.contains(TokenType(parser, closer))) {
    antlr4::Token* o = open.back();
    uint32_t ob = map.Byte(o->getStartIndex());
    d->AddNote({file, ob, ob + 1}, diag::ToMatchThis, o->getText());
  }
}

}  // namespace srm::syntax::internal
