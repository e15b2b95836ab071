// The formatter: a walk of the ANTLR parse tree marks what each token is (a block's brace, the
// start of a declaration or statement, a unary minus, a call's parenthesis...), then a pass over
// the tokens lays them out. The author's line breaks are kept (at most one blank line in a row),
// spacing and indentation are canonical, and comments are taken from the text between tokens
// (the lexer skips them), so none is lost. The walker derives from the generated, all-pure-virtual
// SRMVisitor: a new grammar alternative does not compile until the formatter handles it.
#include "compiler/syntax/format.h"

#include <algorithm>

#include "SRMVisitor.h"
#include "compiler/syntax/parse_support.h"
#include "compiler/syntax/parser.h"

namespace srm::syntax {
namespace {

using internal::P;
using internal::ParseRun;

struct Tok {
  std::string text;
  uint32_t begin = 0, end = 0;  // bytes
  bool glue_before = false;     // no space between the token before and this one
  bool glue_after = false;      // no space between this token and the next
  bool item_start = false;      // starts a declaration, statement or block item: a new line
  bool top_decl = false;        // starts a top-level declaration
  size_t decl_last = 0;         // top_decl: the index of the declaration's last token
  bool block_open = false;      // `{` of a block (control, service, profile, for, shared)
  bool block_close = false;     // its `}`
  bool binary_op = false;       // a binary operator (the first word of `not in`)
};

// Marks the tokens of the parse tree; every visit walks the children.
class Marker : public srm_antlr::SRMVisitor {
 public:
  explicit Marker(std::vector<Tok>& toks) : toks_(toks) {}

  Tok& At(antlr4::Token* t) { return toks_[t->getTokenIndex()]; }
  antlrcpp::Any Walk(antlr4::ParserRuleContext* ctx) { return visitChildren(ctx); }
  // No spaces inside: control ids, patterns and dates are written as one word.
  antlrcpp::Any Glued(antlr4::ParserRuleContext* ctx) {
    for (size_t i = ctx->getStart()->getTokenIndex() + 1; i <= ctx->getStop()->getTokenIndex(); ++i)
      toks_[i].glue_before = true;
    return Walk(ctx);
  }
  antlrcpp::Any Item(antlr4::ParserRuleContext* ctx) {
    At(ctx->getStart()).item_start = true;
    return Walk(ctx);
  }
  // Marks the `{` and `}` that are direct children of ctx as a block's.
  antlrcpp::Any Block(antlr4::ParserRuleContext* ctx, bool item) {
    for (antlr4::tree::ParseTree* child : ctx->children) {
      auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child);
      if (term == nullptr) continue;
      std::string s = term->getText();
      if (s == "{") At(term->getSymbol()).block_open = true;
      if (s == "}") At(term->getSymbol()).block_close = true;
    }
    return item ? Item(ctx) : Walk(ctx);
  }
  // The first token of ctx whose text is `text`, among its direct children.
  Tok* Child(antlr4::ParserRuleContext* ctx, std::string_view text) {
    for (antlr4::tree::ParseTree* child : ctx->children) {
      auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child);
      if (term != nullptr && term->getText() == text) return &At(term->getSymbol());
    }
    return nullptr;
  }

  antlrcpp::Any visitFile(P::FileContext* ctx) override {
    for (antlr4::tree::ParseTree* child : ctx->children) {
      auto* rule = dynamic_cast<antlr4::ParserRuleContext*>(child);
      if (rule == nullptr) continue;
      Tok& first = At(rule->getStart());
      first.top_decl = first.item_start = true;
      first.decl_last = rule->getStop()->getTokenIndex();
    }
    return Walk(ctx);
  }
  antlrcpp::Any visitExprOnly(P::ExprOnlyContext* c) override { return Walk(c); }
  antlrcpp::Any visitModuleDecl(P::ModuleDeclContext* c) override { return Walk(c); }
  antlrcpp::Any visitImportDecl(P::ImportDeclContext* c) override { return Walk(c); }
  antlrcpp::Any visitDeclParty(P::DeclPartyContext* c) override { return Walk(c); }
  antlrcpp::Any visitDeclLayer(P::DeclLayerContext* c) override { return Walk(c); }
  antlrcpp::Any visitDeclType(P::DeclTypeContext* c) override { return Walk(c); }
  antlrcpp::Any visitDeclResource(P::DeclResourceContext* c) override { return Walk(c); }
  antlrcpp::Any visitDeclService(P::DeclServiceContext* c) override { return Walk(c); }
  antlrcpp::Any visitDeclFn(P::DeclFnContext* c) override { return Walk(c); }
  antlrcpp::Any visitDeclControl(P::DeclControlContext* c) override { return Walk(c); }
  antlrcpp::Any visitDeclProfile(P::DeclProfileContext* c) override { return Walk(c); }
  antlrcpp::Any visitDeclWaive(P::DeclWaiveContext* c) override { return Walk(c); }
  antlrcpp::Any visitDeclTest(P::DeclTestContext* c) override { return Walk(c); }
  antlrcpp::Any visitDeclFramework(P::DeclFrameworkContext* c) override { return Walk(c); }
  antlrcpp::Any visitDeclAttest(P::DeclAttestContext* c) override { return Walk(c); }
  antlrcpp::Any visitDeclSharedControl(P::DeclSharedControlContext* c) override { return Walk(c); }

  antlrcpp::Any visitFrameworkDecl(P::FrameworkDeclContext* c) override { return Block(c, false); }
  antlrcpp::Any visitRequirementDecl(P::RequirementDeclContext* c) override { return Item(c); }
  antlrcpp::Any visitAttestDecl(P::AttestDeclContext* c) override { return Walk(c); }

  antlrcpp::Any visitTestDecl(P::TestDeclContext* c) override { return Block(c, false); }
  antlrcpp::Any visitTestInventoryFile(P::TestInventoryFileContext* c) override { return Item(c); }
  antlrcpp::Any visitTestInventoryInline(P::TestInventoryInlineContext* c) override {
    return Item(c);
  }
  antlrcpp::Any visitTestExpect(P::TestExpectContext* c) override { return Item(c); }

  antlrcpp::Any visitProfileDecl(P::ProfileDeclContext* c) override { return Block(c, false); }
  antlrcpp::Any visitProfileRule(P::ProfileRuleContext* c) override { return Item(c); }
  antlrcpp::Any visitProfileWaive(P::ProfileWaiveContext* c) override { return Item(c); }
  antlrcpp::Any visitModuleSelector(P::ModuleSelectorContext* c) override { return Walk(c); }
  antlrcpp::Any visitFrameworkSelector(P::FrameworkSelectorContext* c) override { return Walk(c); }
  antlrcpp::Any visitSeveritySelector(P::SeveritySelectorContext* c) override { return Walk(c); }
  antlrcpp::Any visitControlSelector(P::ControlSelectorContext* c) override { return Walk(c); }
  antlrcpp::Any visitControlPattern(P::ControlPatternContext* c) override { return Glued(c); }
  antlrcpp::Any visitPatternPart(P::PatternPartContext* c) override { return Walk(c); }
  antlrcpp::Any visitWaiveDecl(P::WaiveDeclContext* c) override { return Walk(c); }
  antlrcpp::Any visitDate(P::DateContext* c) override { return Glued(c); }

  antlrcpp::Any visitPartyDecl(P::PartyDeclContext* c) override { return Walk(c); }
  antlrcpp::Any visitLayerDecl(P::LayerDeclContext* c) override { return Walk(c); }
  antlrcpp::Any visitTypeDecl(P::TypeDeclContext* c) override { return Walk(c); }
  antlrcpp::Any visitResourceDecl(P::ResourceDeclContext* c) override { return Walk(c); }
  antlrcpp::Any visitCfnBinding(P::CfnBindingContext* c) override { return Walk(c); }
  antlrcpp::Any visitFormatBinding(P::FormatBindingContext* c) override { return Walk(c); }

  antlrcpp::Any visitServiceDecl(P::ServiceDeclContext* c) override { return Block(c, false); }
  antlrcpp::Any visitServiceModel(P::ServiceModelContext* c) override { return Item(c); }
  antlrcpp::Any visitServiceResources(P::ServiceResourcesContext* c) override { return Item(c); }
  antlrcpp::Any visitServiceOwns(P::ServiceOwnsContext* c) override { return Item(c); }
  antlrcpp::Any visitServiceShared(P::ServiceSharedContext* c) override { return Block(c, true); }
  antlrcpp::Any visitServiceSharedControl(P::ServiceSharedControlContext* c) override {
    return Block(c, true);
  }
  antlrcpp::Any visitSharedEntry(P::SharedEntryContext* c) override { return Item(c); }
  antlrcpp::Any visitSharedControlDecl(P::SharedControlDeclContext* c) override {
    return Block(c, false);
  }

  antlrcpp::Any visitFnDecl(P::FnDeclContext* c) override {
    Child(c, "(")->glue_before = true;
    return Walk(c);
  }
  antlrcpp::Any visitParam(P::ParamContext* c) override { return Walk(c); }

  antlrcpp::Any visitControlDecl(P::ControlDeclContext* c) override { return Block(c, false); }
  antlrcpp::Any visitControlId(P::ControlIdContext* c) override { return Glued(c); }
  antlrcpp::Any visitControlTitle(P::ControlTitleContext* c) override { return Walk(c); }
  antlrcpp::Any visitControlDescription(P::ControlDescriptionContext* c) override {
    return Walk(c);
  }
  antlrcpp::Any visitControlRemediation(P::ControlRemediationContext* c) override {
    return Walk(c);
  }
  antlrcpp::Any visitControlService(P::ControlServiceContext* c) override { return Walk(c); }
  antlrcpp::Any visitControlLayer(P::ControlLayerContext* c) override { return Walk(c); }
  antlrcpp::Any visitControlOwner(P::ControlOwnerContext* c) override { return Walk(c); }
  antlrcpp::Any visitControlSeverity(P::ControlSeverityContext* c) override { return Walk(c); }
  antlrcpp::Any visitControlMaps(P::ControlMapsContext* c) override { return Walk(c); }
  antlrcpp::Any visitControlFor(P::ControlForContext* c) override { return Block(c, true); }
  antlrcpp::Any visitMapping(P::MappingContext* c) override { return Walk(c); }

  antlrcpp::Any visitLetStmt(P::LetStmtContext* c) override { return Item(c); }
  antlrcpp::Any visitAssertStmt(P::AssertStmtContext* c) override { return Item(c); }

  antlrcpp::Any visitType(P::TypeContext* c) override {
    if (c->optional != nullptr) At(c->optional).glue_before = true;
    return Walk(c);
  }
  antlrcpp::Any visitStringType(P::StringTypeContext* c) override { return Walk(c); }
  antlrcpp::Any visitIntType(P::IntTypeContext* c) override { return Walk(c); }
  antlrcpp::Any visitBoolType(P::BoolTypeContext* c) override { return Walk(c); }
  antlrcpp::Any visitListType(P::ListTypeContext* c) override {
    Tok* open = Child(c, "<");
    open->glue_before = open->glue_after = true;
    Child(c, ">")->glue_before = true;
    return Walk(c);
  }
  antlrcpp::Any visitMapType(P::MapTypeContext* c) override {
    Tok* open = Child(c, "<");
    open->glue_before = open->glue_after = true;
    Child(c, ">")->glue_before = true;
    return Walk(c);
  }
  antlrcpp::Any visitRecordTypeRef(P::RecordTypeRefContext* c) override { return Walk(c); }
  antlrcpp::Any visitNamedType(P::NamedTypeContext* c) override { return Walk(c); }
  antlrcpp::Any visitUnionType(P::UnionTypeContext* c) override { return Walk(c); }
  antlrcpp::Any visitRecordType(P::RecordTypeContext* c) override { return Walk(c); }
  antlrcpp::Any visitField(P::FieldContext* c) override { return Walk(c); }
  antlrcpp::Any visitFieldSource(P::FieldSourceContext* c) override { return Walk(c); }

  antlrcpp::Any visitOperatorExpr(P::OperatorExprContext* c) override { return Walk(c); }
  antlrcpp::Any visitQuantExpr(P::QuantExprContext* c) override { return Walk(c); }
  antlrcpp::Any visitLetExpr(P::LetExprContext* c) override { return Walk(c); }
  antlrcpp::Any visitIfExpr(P::IfExprContext* c) override { return Walk(c); }
  antlrcpp::Any visitIndexExpr(P::IndexExprContext* c) override {
    Child(c, "[")->glue_before = true;
    return Walk(c);
  }
  antlrcpp::Any visitPrefixExpr(P::PrefixExprContext* c) override {
    if (c->op->getText() == "-") At(c->op).glue_after = true;
    return Walk(c);
  }
  antlrcpp::Any visitNotExpr(P::NotExprContext* c) override { return Walk(c); }
  antlrcpp::Any visitPrimaryExpr(P::PrimaryExprContext* c) override { return Walk(c); }
  antlrcpp::Any visitInExpr(P::InExprContext* c) override {
    At(c->negated != nullptr ? c->negated : c->op).binary_op = true;
    return Walk(c);
  }
  antlrcpp::Any visitMemberExpr(P::MemberExprContext* c) override { return Walk(c); }
  antlrcpp::Any visitBinaryExpr(P::BinaryExprContext* c) override {
    At(c->op).binary_op = true;
    return Walk(c);
  }
  antlrcpp::Any visitCallExpr(P::CallExprContext* c) override {
    Child(c, "(")->glue_before = true;
    return Walk(c);
  }
  antlrcpp::Any visitIntLit(P::IntLitContext* c) override { return Walk(c); }
  antlrcpp::Any visitStringLit(P::StringLitContext* c) override { return Walk(c); }
  antlrcpp::Any visitBoolLit(P::BoolLitContext* c) override { return Walk(c); }
  antlrcpp::Any visitNullLit(P::NullLitContext* c) override { return Walk(c); }
  antlrcpp::Any visitListLit(P::ListLitContext* c) override { return Walk(c); }
  antlrcpp::Any visitCompExpr(P::CompExprContext* c) override { return Walk(c); }
  antlrcpp::Any visitParenExpr(P::ParenExprContext* c) override { return Walk(c); }
  antlrcpp::Any visitNameExpr(P::NameExprContext* c) override { return Walk(c); }
  antlrcpp::Any visitQualName(P::QualNameContext* c) override { return Walk(c); }
  antlrcpp::Any visitIdent(P::IdentContext* c) override { return Walk(c); }

 private:
  std::vector<Tok>& toks_;
};

// What lies between two tokens: newlines and comments (spaces and tabs are dropped).
struct GapItem {
  bool newline = false;
  std::string comment;  // when not a newline
  bool line_comment = false;
};
bool ParseGap(std::string_view gap, std::vector<GapItem>& items) {
  items.clear();
  for (size_t i = 0; i < gap.size();) {
    char c = gap[i];
    if (c == '\n') {
      items.push_back({true, "", false});
      ++i;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (gap.substr(i, 2) == "//") {
      size_t end = gap.find('\n', i);
      if (end == std::string_view::npos) end = gap.size();
      std::string_view text = gap.substr(i, end - i);
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
      items.push_back({false, std::string(text), true});
      i = end;
    } else if (gap.substr(i, 2) == "/*") {
      size_t end = gap.find("*/", i + 2);
      if (end == std::string_view::npos) return false;
      items.push_back({false, std::string(gap.substr(i, end + 2 - i)), false});
      i = end + 2;
    } else {
      return false;  // the lexer left something that is not a token: never reformat it
    }
  }
  return true;
}

constexpr bool kAlignAfterParen = true;
// Display columns of UTF-8 text: one per code point (continuation bytes take none).
size_t Columns(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

constexpr size_t kMaxWidth = 100;  // lines longer than this break before `and`, `or`, `else`
bool IsOpener(const std::string& s) { return s == "{" || s == "(" || s == "["; }
bool IsCloser(const std::string& s) { return s == "}" || s == ")" || s == "]"; }

// Lays the tokens out (see the file comment and docs/cli.md for the rules).
class Layout {
 public:
  Layout(const std::vector<Tok>& toks, std::string_view text) : toks_(toks), text_(text) {}

  bool Run(std::string& result) {
    std::vector<GapItem> gap;
    size_t decl_start_line = 0;
    bool have_decl = false;
    for (size_t i = 0; i <= toks_.size(); ++i) {
      uint32_t from = i == 0 ? 0 : toks_[i - 1].end;
      uint32_t to = i == toks_.size() ? static_cast<uint32_t>(text_.size()) : toks_[i].begin;
      if (!ParseGap(text_.substr(from, to - from), gap)) return false;
      const Tok* tok = i < toks_.size() ? &toks_[i] : nullptr;
      const Tok* prev = i > 0 ? &toks_[i - 1] : nullptr;
      // A blank line before a top-level declaration that spans lines or follows one that did.
      bool want_blank = false;
      if (tok != nullptr && tok->top_decl) {
        want_blank = have_decl && (lines_ > decl_start_line || SpansLines(i));
      }
      bool forced = tok != nullptr && prev != nullptr &&
                    ((prev->block_open && tok->text != "}") || prev->block_close ||
                     tok->item_start || (tok->block_close && prev->text != "{"));
      bool after_opener = prev != nullptr && IsOpener(prev->text);
      bool first_run = true;
      int nl = 0;
      bool must_break = false;
      bool lead_comment = false;  // a block comment starts the line the token would join
      for (size_t g = 0; g < gap.size(); ++g) {
        const GapItem& item = gap[g];
        if (item.newline) {
          ++nl;
          continue;
        }
        // `/* c */ x` stays before x when x must start a line.
        bool before_break = forced && !item.line_comment &&
                            std::none_of(gap.begin() + static_cast<long>(g), gap.end(),
                                         [](const GapItem& x) { return x.newline; });
        bool at_start = false;
        if (nl == 0 && !must_break && !out_.empty() && !at_line_start_ && !before_break) {
          if (item.line_comment) trailing_.push_back({lines_, Width(), LineBytes()});
          Append(item.line_comment ? "  " : " ");
          Append(item.comment);
        } else {
          int lines = std::clamp(nl, 1, 2);
          if (first_run && after_opener) lines = 1;
          if (first_run && want_blank) lines = 2;
          first_run = false;
          Break(lines);
          at_start = true;
          Indent(tok == nullptr ? 0 : IndentFor(i, true));
          Append(item.comment);
        }
        lead_comment = !item.line_comment && (at_start || lead_comment);
        must_break = item.line_comment;
        nl = 0;
      }
      if (tok == nullptr) break;
      if (!out_.empty() && (nl > 0 || must_break || (forced && !(lead_comment && nl == 0)))) {
        int lines = std::clamp(nl, 1, 2);
        if ((first_run && after_opener) || IsCloser(tok->text)) lines = 1;
        if (first_run && want_blank) lines = 2;
        Break(lines);
      }
      // A long line breaks before `and`, `or` or `else` when what follows up to the next such
      // place would pass the width.
      if (!at_line_start_ && BreakCandidate(*tok) && Width() + 1 + SegmentWidth(i) > kMaxWidth) {
        Break(1);
      }
      if (at_line_start_) {
        Indent(IndentFor(i, false));
      } else if (!Glue(*prev, *tok)) {
        Append(" ");
      }
      if (tok->top_decl) {
        decl_start_line = lines_;
        have_decl = true;
      }
      if (align_pending_ && !at_line_start_ && !stack_.empty()) {
        stack_.back().inner = static_cast<int>(Width());  // visual alignment after `(`
        stack_.back().cont = 0;
      }
      align_pending_ = false;
      Append(tok->text);
      if (IsOpener(tok->text)) Push(*tok);
      if (IsCloser(tok->text) && !stack_.empty()) stack_.pop_back();
    }
    if (!out_.empty()) out_ += "\n";
    AlignTrailingComments();
    result = std::move(out_);
    return true;
  }

 private:
  struct Open {
    bool block;
    int close;  // the indentation of its closing bracket on a line of its own
    int inner;  // of the items inside
    int cont;   // added for the continuation lines of an item
  };
  // Blocks (and the top level) indent their items by 2 from the block's own item, and
  // continuation lines by 2 (in a block, by 4 when they start with a binary operator); records
  // and brackets as a continuation line of the line they open on would
  // be, and their continuation lines by 2 more; after `(` with an item on the same line, the
  // lines inside align with that item.
  void Push(const Tok& tok) {
    if (tok.block_open) {
      int item = stack_.empty() ? 0 : stack_.back().inner;
      stack_.push_back({true, item, item + 2, 2});
      return;
    }
    int cont = stack_.empty() || stack_.back().block ? 2 : stack_.back().cont;
    stack_.push_back({false, line_indent_, line_indent_ + std::max(cont, 2), 2});
    align_pending_ = kAlignAfterParen && tok.text == "(";
  }

  static bool BreakCandidate(const Tok& t) {
    return (t.binary_op && (t.text == "and" || t.text == "or")) || t.text == "else";
  }
  // The width of tokens i... on one line, up to the next break candidate, the end of the item,
  // a line break or a comment (with the `;` that ends the item).
  size_t SegmentWidth(size_t i) const {
    size_t width = Columns(toks_[i].text);
    for (size_t k = i + 1; k < toks_.size(); ++k) {
      const Tok& t = toks_[k];
      std::string_view gap = text_.substr(toks_[k - 1].end, t.begin - toks_[k - 1].end);
      if (gap.find_first_not_of(" \t") != std::string_view::npos) break;  // newline, comment
      if (BreakCandidate(t) || t.text == "{" || t.item_start) break;
      width += Columns(t.text) + (Glue(toks_[k - 1], t) ? 0 : 1);
      if (t.text == ";") break;
    }
    return width;
  }

  bool SpansLines(size_t i) const {
    for (size_t k = i; k <= toks_[i].decl_last; ++k) {
      if (IsOpener(toks_[k].text)) return true;
      if (k > i && text_.substr(toks_[k - 1].end, toks_[k].begin - toks_[k - 1].end).find('\n') !=
                       std::string_view::npos)
        return true;
    }
    return false;
  }

  static bool Glue(const Tok& a, const Tok& b) {
    static const std::set<std::string, std::less<>> kNoSpaceBefore = {";", ",",  ")", "]",
                                                                      ".", "?.", ":"};
    static const std::set<std::string, std::less<>> kNoSpaceAfter = {"(", "[", ".", "?."};
    if (a.text == "{" && b.text == "}") return true;
    return b.glue_before || a.glue_after || kNoSpaceBefore.count(b.text) > 0 ||
           kNoSpaceAfter.count(a.text) > 0;
  }

  // The indentation of token i at the start of a line (or of a comment on its own line before
  // it): the enclosing bracket's, 2 more for a continuation of a statement or an item.
  int IndentFor(size_t i, bool comment) const {
    const Tok& tok = toks_[i];
    if (!comment && IsCloser(tok.text) && !stack_.empty()) return stack_.back().close;
    int base = stack_.empty() ? 0 : stack_.back().inner;
    if (i == 0 || tok.item_start || (comment && IsCloser(tok.text))) return base;
    const std::string& p = toks_[i - 1].text;
    bool block = stack_.empty() || stack_.back().block;
    bool separated = IsOpener(p) || (block ? (p == ";" || p == "}") : (p == "," || p == ";"));
    if (separated) return base;
    if (block) return base + (tok.binary_op && !stack_.empty() ? 4 : 2);
    return base + stack_.back().cont;
  }

  void Break(int lines) {
    if (out_.empty()) return;  // nothing before: no blank lines at the top
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    out_.append(static_cast<size_t>(lines), '\n');
    lines_ += static_cast<size_t>(lines);
    at_line_start_ = true;
  }
  void Indent(int n) {
    out_.append(static_cast<size_t>(n), ' ');
    line_indent_ = n;
  }
  void Append(std::string_view s) {
    out_ += s;
    lines_ += static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));  // block comments
    at_line_start_ = false;
  }
  // The columns of the line being written (LineBytes: its bytes).
  size_t Width() const { return Columns(std::string_view(out_).substr(out_.size() - LineBytes())); }
  size_t LineBytes() const {
    size_t start = out_.rfind('\n');
    return out_.size() - (start == std::string::npos ? 0 : start + 1);
  }

  // Trailing `//` comments on consecutive lines start in one column: two spaces after the
  // longest code of the run.
  void AlignTrailingComments() {
    std::vector<std::string> lines;
    for (size_t start = 0; start < out_.size();) {
      size_t end = out_.find('\n', start);
      lines.push_back(out_.substr(start, end - start));
      start = end + 1;
    }
    for (size_t k = 0; k < trailing_.size();) {
      size_t j = k;
      size_t width = 0;
      width = trailing_[k].code_width;
      ++j;
      while (j < trailing_.size() && trailing_[j].line == trailing_[j - 1].line + 1) {
        width = std::max(width, trailing_[j].code_width);
        ++j;
      }
      for (size_t m = k; m < j; ++m) {
        std::string& line = lines[trailing_[m].line];
        size_t code = trailing_[m].code_bytes;
        line = line.substr(0, code) + std::string(width + 2 - trailing_[m].code_width, ' ') +
               line.substr(code + 2);
      }
      k = j;
    }
    out_.clear();
    for (const std::string& line : lines) out_ += line + "\n";
  }

  struct Trailing {
    size_t line;
    size_t code_width;  // the line's columns before the two spaces and the comment
    size_t code_bytes;  // the same in bytes
  };

  const std::vector<Tok>& toks_;
  std::string_view text_;
  std::string out_;
  size_t lines_ = 0;  // newlines in out_
  bool at_line_start_ = true;
  int line_indent_ = 0;
  bool align_pending_ = false;  // the last token opened a `(` or `[`
  std::vector<Open> stack_;
  std::vector<Trailing> trailing_;
};

// Lexes and parses `text`; fills `toks` (without EOF). False on a syntax error.
bool Tokens(const std::string& text, uint32_t source, DiagnosticEngine& diags,
            std::vector<Tok>& toks) {
  ParseRun run(text, 0, source, diags);
  if (!run.CheckNesting(source, diags)) return false;
  P::FileContext* tree = run.Parse(&P::file);
  if (run.listener.reported()) return false;
  toks.clear();
  for (antlr4::Token* t : run.tokens.getTokens()) {
    if (t->getType() == antlr4::Token::EOF) break;
    Tok tok;
    tok.begin = run.map.Byte(t->getStartIndex());
    tok.end = run.map.Byte(t->getStopIndex() + 1);
    tok.text = text.substr(tok.begin, tok.end - tok.begin);
    toks.push_back(std::move(tok));
  }
  Marker marker(toks);
  tree->accept(&marker);
  return true;
}

}  // namespace

std::vector<std::string> CommentsOf(const std::string& text) {
  SourceManager sources;
  DiagnosticEngine diags(sources);
  uint32_t id = sources.Add("<comments>", text);
  std::vector<Tok> toks;
  std::vector<std::string> comments;
  if (!Tokens(text, id, diags, toks)) return comments;
  std::vector<GapItem> gap;
  for (size_t i = 0; i <= toks.size(); ++i) {
    uint32_t from = i == 0 ? 0 : toks[i - 1].end;
    uint32_t to = i == toks.size() ? static_cast<uint32_t>(text.size()) : toks[i].begin;
    ParseGap(std::string_view(text).substr(from, to - from), gap);
    for (const GapItem& g : gap)
      if (!g.newline) comments.push_back(g.comment);
  }
  return comments;
}

FormatResult FormatFile(uint32_t source, const SourceManager& sources, DiagnosticEngine& diags) {
  FormatResult result;
  ast::IdAllocator ids;
  // The full front-end parse first: it reports every syntax error the way `srm lint` does.
  std::optional<ast::File> before = ParseFile(source, sources, ids, diags);
  if (!before) return result;
  std::string text(sources.file(source).text());
  std::vector<Tok> toks;
  std::string out;
  if (!Tokens(text, source, diags, toks) || !Layout(toks, text).Run(out)) {
    result.internal_error = "the formatter could not read the file's tokens";
    return result;
  }
  // Fail closed: the formatted text must parse to the same AST and keep every comment.
  SourceManager again;
  DiagnosticEngine again_diags(again);
  uint32_t id = again.Add(sources.file(source).path(), out);
  std::optional<ast::File> after = ParseFile(id, again, ids, again_diags);
  if (!after) {
    result.internal_error = "the formatted text does not parse:\n" + again_diags.Render(false);
  } else if (DumpAst(*before) != DumpAst(*after)) {
    result.internal_error = "the formatted text would mean something else";
  } else if (CommentsOf(text) != CommentsOf(out)) {
    result.internal_error = "the formatted text would lose or change a comment";
  } else {
    result.text = std::move(out);
  }
  return result;
}

}  // namespace srm::syntax
