// ANTLR parse tree to AST. Offsets from ANTLR are code-point indices; they are mapped back to
// byte offsets so that every range in the AST is in bytes of the source file.
#include "compiler/syntax/parser.h"

#include <charconv>

#include "compiler/syntax/parse_support.h"

namespace srm::syntax {
namespace {

using ast::SourceRange;
using internal::ErrorListener;
using internal::FindInvalidUtf8;
using internal::OffsetMap;
using internal::P;
using internal::ParseRun;

class Builder {
 public:
  Builder(uint32_t file, std::string_view text, const OffsetMap& map, ast::IdAllocator& ids,
          DiagnosticEngine& diags)
      : file_(file), text_(text), map_(map), ids_(ids), diags_(diags) {}

  bool ok() const { return ok_; }

  SourceRange Range(antlr4::ParserRuleContext* ctx) const {
    uint32_t begin = map_.Byte(ctx->getStart()->getStartIndex());
    antlr4::Token* stop = ctx->getStop();
    uint32_t end = begin;
    if (stop != nullptr && stop->getType() != antlr4::Token::EOF &&
        stop->getStopIndex() + 1 > ctx->getStart()->getStartIndex())
      end = map_.Byte(stop->getStopIndex() + 1);
    return {file_, begin, end};
  }
  SourceRange Range(antlr4::Token* t) const {
    return {file_, map_.Byte(t->getStartIndex()), map_.Byte(t->getStopIndex() + 1)};
  }
  SourceRange Range(antlr4::tree::TerminalNode* n) const { return Range(n->getSymbol()); }

  ast::Ident Ident(P::IdentContext* ctx) const { return {ctx->getText(), Range(ctx)}; }

  ast::QualName QualName(P::QualNameContext* ctx) const {
    ast::QualName q;
    for (P::IdentContext* id : ctx->ident()) q.parts.push_back(Ident(id));
    q.range = Range(ctx);
    return q;
  }

  // Appends the character escape `\e` (at byte offset `at`) stands for; reports unknown ones.
  void Escape(char e, uint32_t at, std::string& out) {
    switch (e) {
      case 'n':
        out += '\n';
        return;
      case 't':
        out += '\t';
        return;
      case 'r':
        out += '\r';
        return;
      case '"':
      case '\\':
      case '{':
      case '}':
        out += e;
        return;
      default:
        diags_.Report({file_, at, at + 2}, diag::UnknownEscape, e).AddNote(diag::ValidEscapes);
        ok_ = false;
    }
  }

  // Decodes a string literal token; reports bad escapes.
  std::string String(antlr4::tree::TerminalNode* node) {
    SourceRange r = Range(node);
    std::string_view raw = text_.substr(r.begin - map_.Byte(0), r.end - r.begin);
    std::string out;
    for (size_t i = 1; i + 1 < raw.size(); ++i) {
      char c = raw[i];
      if (c != '\\') {
        out += c;
        continue;
      }
      ++i;
      Escape(raw[i], r.begin + static_cast<uint32_t>(i) - 1, out);
    }
    return out;
  }

  // An assert message: text with `{expr}` interpolations, parsed with the expression grammar.
  ast::Message Message(antlr4::tree::TerminalNode* node) {
    ast::Message msg;
    SourceRange r = Range(node);
    msg.range = r;
    std::string_view raw = text_.substr(r.begin - map_.Byte(0), r.end - r.begin);
    std::string lit;
    for (size_t i = 1; i + 1 < raw.size(); ++i) {
      char c = raw[i];
      if (c == '\\') {
        ++i;
        Escape(raw[i], r.begin + static_cast<uint32_t>(i) - 1, lit);
        continue;
      }
      if (c == '}') {
        uint32_t at = r.begin + static_cast<uint32_t>(i);
        diags_.Report({file_, at, at + 1}, diag::UnmatchedCloseBrace);
        ok_ = false;
        continue;
      }
      if (c != '{') {
        lit += c;
        continue;
      }
      size_t close = raw.find('}', i + 1);
      uint32_t at = r.begin + static_cast<uint32_t>(i);
      if (close == std::string_view::npos || close + 1 >= raw.size() + 0 ||
          close >= raw.size() - 1) {
        diags_.Report({file_, at, at + 1}, diag::UnterminatedInterpolation)
            .AddNote(diag::WriteLiteralBrace);
        ok_ = false;
        break;
      }
      std::string_view inner = raw.substr(i + 1, close - i - 1);
      if (inner.find_first_not_of(" \t") == std::string_view::npos) {
        diags_
            .Report({file_, at, at + static_cast<uint32_t>(close - i + 1)},
                    diag::EmptyInterpolation)
            .AddNote(diag::WriteLiteralBraces);
        ok_ = false;
      } else if (inner.find_first_of("\"\\{") != std::string_view::npos) {
        diags_
            .Report({file_, at, at + static_cast<uint32_t>(close - i + 1)},
                    diag::LiteralInInterpolation)
            .AddNote(diag::BindWithLet);
        ok_ = false;
      } else if (ast::ExprPtr e = SubExpr(inner, at + 1)) {
        if (!lit.empty()) msg.parts.emplace_back(std::move(lit));
        lit.clear();
        msg.parts.emplace_back(std::move(e));
      } else {
        ok_ = false;
      }
      i = close;
    }
    if (!lit.empty()) msg.parts.emplace_back(std::move(lit));
    return msg;
  }

  ast::ExprPtr SubExpr(std::string_view inner, uint32_t base) {
    ParseRun run(inner, base, file_, diags_);
    if (!run.CheckNesting(file_, diags_)) return nullptr;
    P::ExprOnlyContext* ctx = run.parser.exprOnly();
    if (run.listener.reported()) return nullptr;
    Builder sub(file_, inner, run.map, ids_, diags_);
    ast::ExprPtr e = sub.Expr(ctx->expr());
    return sub.ok() ? std::move(e) : nullptr;
  }

  ast::TypeExprPtr Type(P::TypeContext* ctx) {
    auto t = std::make_unique<ast::TypeExpr>();
    t->id = ids_.Next();
    t->range = Range(ctx);
    t->optional = ctx->optional != nullptr;
    P::BaseTypeContext* b = ctx->baseType();
    if (dynamic_cast<P::StringTypeContext*>(b)) {
      t->node = ast::PrimTypeExpr{ast::PrimKind::kString};
    } else if (dynamic_cast<P::IntTypeContext*>(b)) {
      t->node = ast::PrimTypeExpr{ast::PrimKind::kInt};
    } else if (dynamic_cast<P::BoolTypeContext*>(b)) {
      t->node = ast::PrimTypeExpr{ast::PrimKind::kBool};
    } else if (auto* l = dynamic_cast<P::ListTypeContext*>(b)) {
      t->node = ast::ListTypeExpr{Type(l->type())};
    } else if (auto* r = dynamic_cast<P::RecordTypeRefContext*>(b)) {
      t->node = Record(r->recordType());
    } else if (auto* n = dynamic_cast<P::NamedTypeContext*>(b)) {
      t->node = ast::NamedTypeExpr{QualName(n->qualName())};
    }
    return t;
  }

  ast::RecordTypeExpr Record(P::RecordTypeContext* ctx) {
    ast::RecordTypeExpr rec;
    for (P::FieldContext* f : ctx->field()) {
      ast::FieldDecl field{ids_.Next(), Ident(f->ident()), Type(f->type()), {}};
      for (P::FieldSourceContext* src : f->fieldSource()) {
        field.sources.push_back({Ident(src->ident()), String(src->STRING()), Range(src->STRING())});
      }
      rec.fields.push_back(std::move(field));
    }
    return rec;
  }

  ast::ExprPtr Make(antlr4::ParserRuleContext* ctx, auto node) {
    auto e = std::make_unique<ast::Expr>();
    e->id = ids_.Next();
    e->range = Range(ctx);
    e->node = std::move(node);
    return e;
  }

  ast::ExprPtr Expr(P::ExprContext* ctx) {
    if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) return Primary(c->primary());
    if (auto* c = dynamic_cast<P::MemberExprContext*>(ctx)) {
      return Make(ctx,
                  ast::MemberExpr{Expr(c->expr()), Ident(c->ident()), c->op->getText() == "?."});
    }
    if (auto* c = dynamic_cast<P::IndexExprContext*>(ctx)) {
      return Make(ctx, ast::IndexExpr{Expr(c->expr(0)), Expr(c->expr(1))});
    }
    if (auto* c = dynamic_cast<P::CallExprContext*>(ctx)) return Call(c);
    if (auto* c = dynamic_cast<P::PrefixExprContext*>(ctx)) {
      auto op = c->op->getText() == "-" ? ast::UnaryOp::kNeg : ast::UnaryOp::kExists;
      return Make(ctx, ast::UnaryExpr{op, Expr(c->expr())});
    }
    if (auto* c = dynamic_cast<P::NotExprContext*>(ctx)) {
      return Make(ctx, ast::UnaryExpr{ast::UnaryOp::kNot, Expr(c->expr())});
    }
    if (auto* c = dynamic_cast<P::BinaryExprContext*>(ctx)) {
      return Make(ctx,
                  ast::BinaryExpr{BinOp(c->op->getText()), Expr(c->expr(0)), Expr(c->expr(1))});
    }
    if (auto* c = dynamic_cast<P::InExprContext*>(ctx)) {
      auto op = c->negated != nullptr ? ast::BinaryOp::kNotIn : ast::BinaryOp::kIn;
      return Make(ctx, ast::BinaryExpr{op, Expr(c->expr(0)), Expr(c->expr(1))});
    }
    if (auto* c = dynamic_cast<P::QuantExprContext*>(ctx)) {
      std::string k = c->kind->getText();
      auto kind = k == "any"   ? ast::QuantKind::kAny
                  : k == "all" ? ast::QuantKind::kAll
                               : ast::QuantKind::kCount;
      return Make(ctx, ast::QuantExpr{kind, ids_.Next(), Ident(c->ident()), Expr(c->expr(0)),
                                      Expr(c->expr(1))});
    }
    if (auto* c = dynamic_cast<P::LetExprContext*>(ctx)) {
      return Make(ctx,
                  ast::LetExpr{ids_.Next(), Ident(c->ident()), Expr(c->expr(0)), Expr(c->expr(1))});
    }
    if (auto* c = dynamic_cast<P::IfExprContext*>(ctx)) {
      return Make(ctx, ast::IfExpr{Expr(c->expr(0)), Expr(c->expr(1)), Expr(c->expr(2))});
    }
    diags_.Report(Range(ctx), diag::UnhandledExpression);
    ok_ = false;
    return Make(ctx, ast::NullLit{});
  }

  static ast::BinaryOp BinOp(const std::string& op) {
    using B = ast::BinaryOp;
    static const std::pair<const char*, B> kOps[] = {
        {"*", B::kMul},           {"/", B::kDiv},   {"%", B::kMod},
        {"+", B::kAdd},           {"-", B::kSub},   {"??", B::kCoalesce},
        {"==", B::kEq},           {"!=", B::kNe},   {"<", B::kLt},
        {"<=", B::kLe},           {">", B::kGt},    {">=", B::kGe},
        {"matches", B::kMatches}, {"and", B::kAnd}, {"or", B::kOr}};
    for (const auto& [text, b] : kOps) {
      if (op == text) return b;
    }
    return B::kEq;
  }

  // Callee must be `name` or `module.name`.
  ast::ExprPtr Call(P::CallExprContext* c) {
    std::vector<P::ExprContext*> parts = c->expr();
    P::ExprContext* callee = parts[0];
    ast::QualName name;
    name.range = Range(callee);
    if (auto* p = dynamic_cast<P::PrimaryExprContext*>(callee)) {
      if (auto* n = dynamic_cast<P::NameExprContext*>(p->primary())) {
        name.parts.push_back(Ident(n->ident()));
      }
    } else if (auto* m = dynamic_cast<P::MemberExprContext*>(callee)) {
      auto* p = dynamic_cast<P::PrimaryExprContext*>(m->expr());
      auto* n = p ? dynamic_cast<P::NameExprContext*>(p->primary()) : nullptr;
      if (n != nullptr && m->op->getText() == ".") {
        name.parts.push_back(Ident(n->ident()));
        name.parts.push_back(Ident(m->ident()));
      }
    }
    if (name.parts.empty()) {
      diags_.Report(Range(callee), diag::CallNotByName);
      ok_ = false;
    }
    ast::CallExpr call{std::move(name), {}};
    for (size_t i = 1; i < parts.size(); ++i) call.args.push_back(Expr(parts[i]));
    return Make(c, std::move(call));
  }

  ast::ExprPtr Primary(P::PrimaryContext* ctx) {
    if (auto* c = dynamic_cast<P::IntLitContext*>(ctx)) {
      std::string s = c->INT()->getText();
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec != std::errc() || ptr != s.data() + s.size()) {
        diags_.Report(Range(ctx), diag::IntLiteralTooLarge, s);
        ok_ = false;
      }
      return Make(ctx, ast::IntLit{v});
    }
    if (auto* c = dynamic_cast<P::StringLitContext*>(ctx)) {
      return Make(ctx, ast::StringLit{String(c->STRING())});
    }
    if (auto* c = dynamic_cast<P::BoolLitContext*>(ctx)) {
      return Make(ctx, ast::BoolLit{c->value->getText() == "true"});
    }
    if (dynamic_cast<P::NullLitContext*>(ctx)) return Make(ctx, ast::NullLit{});
    if (auto* c = dynamic_cast<P::ListLitContext*>(ctx)) {
      ast::ListLit list;
      for (P::ExprContext* e : c->expr()) list.items.push_back(Expr(e));
      return Make(ctx, std::move(list));
    }
    if (auto* c = dynamic_cast<P::ParenExprContext*>(ctx)) {
      ast::ExprPtr inner = Expr(c->expr());
      inner->range = Range(ctx);
      return inner;
    }
    auto* n = dynamic_cast<P::NameExprContext*>(ctx);
    return Make(ctx, ast::NameRef{Ident(n->ident())});
  }

  ast::Stmt Stmt(P::StmtContext* ctx) {
    ast::Stmt s;
    s.id = ids_.Next();
    s.range = Range(ctx);
    if (auto* c = dynamic_cast<P::LetStmtContext*>(ctx)) {
      s.node = ast::LetStmt{ids_.Next(), Ident(c->ident()), Expr(c->expr())};
    } else {
      auto* a = dynamic_cast<P::AssertStmtContext*>(ctx);
      ast::AssertStmt as{Expr(a->expr()), std::nullopt};
      if (a->STRING() != nullptr) as.message = Message(a->STRING());
      s.node = std::move(as);
    }
    return s;
  }

  void Seen(ast::ControlDecl& c, const char* clause, antlr4::ParserRuleContext* ctx) {
    c.clause_seen.emplace_back(clause, Range(ctx));
  }

  ast::ControlDecl Control(P::ControlDeclContext* ctx) {
    ast::ControlDecl c;
    c.name = Ident(ctx->ident());
    for (P::ControlItemContext* item : ctx->controlItem()) {
      if (auto* i = dynamic_cast<P::ControlTitleContext*>(item)) {
        Seen(c, "title", item);
        c.title = String(i->STRING());
      } else if (auto* i = dynamic_cast<P::ControlDescriptionContext*>(item)) {
        Seen(c, "description", item);
        c.description = String(i->STRING());
      } else if (auto* i = dynamic_cast<P::ControlServiceContext*>(item)) {
        Seen(c, "service", item);
        c.service = QualName(i->qualName());
      } else if (auto* i = dynamic_cast<P::ControlLayerContext*>(item)) {
        Seen(c, "layer", item);
        c.layer = QualName(i->qualName());
      } else if (auto* i = dynamic_cast<P::ControlOwnerContext*>(item)) {
        Seen(c, "owner", item);
        c.owner = QualName(i->qualName());
      } else if (auto* i = dynamic_cast<P::ControlSeverityContext*>(item)) {
        Seen(c, "severity", item);
        c.severity = Ident(i->ident());
      } else if (auto* i = dynamic_cast<P::ControlMapsContext*>(item)) {
        for (P::MappingContext* m : i->mapping()) {
          c.maps.push_back({Ident(m->ident()), String(m->STRING()), Range(m)});
        }
      } else if (auto* i = dynamic_cast<P::ControlForContext*>(item)) {
        ast::ForBlock f;
        f.var_id = ids_.Next();
        f.var = Ident(i->ident());
        f.resource_type = QualName(i->qualName());
        if (i->expr() != nullptr) f.when = Expr(i->expr());
        for (P::StmtContext* s : i->stmt()) f.body.push_back(Stmt(s));
        f.range = Range(item);
        c.fors.push_back(std::move(f));
      }
    }
    return c;
  }

  ast::ServiceDecl Service(P::ServiceDeclContext* ctx) {
    ast::ServiceDecl s;
    s.name = Ident(ctx->ident());
    if (ctx->STRING() != nullptr) s.description = String(ctx->STRING());
    for (P::ServiceItemContext* item : ctx->serviceItem()) {
      if (auto* i = dynamic_cast<P::ServiceModelContext*>(item)) {
        s.model = Ident(i->ident());
      } else if (auto* i = dynamic_cast<P::ServiceResourcesContext*>(item)) {
        for (P::QualNameContext* q : i->qualName()) s.resources.push_back(QualName(q));
      } else if (auto* i = dynamic_cast<P::ServiceOwnsContext*>(item)) {
        ast::OwnsClause o;
        std::vector<P::QualNameContext*> names = i->qualName();
        o.party = QualName(names[0]);
        for (size_t k = 1; k < names.size(); ++k) o.layers.push_back(QualName(names[k]));
        o.range = Range(item);
        s.owns.push_back(std::move(o));
      } else if (auto* i = dynamic_cast<P::ServiceSharedContext*>(item)) {
        ast::SharedClause sh;
        for (P::QualNameContext* q : i->qualName()) sh.layers.push_back(QualName(q));
        for (P::SharedEntryContext* e : i->sharedEntry()) {
          sh.entries.push_back({QualName(e->qualName()), String(e->STRING()), Range(e)});
        }
        sh.range = Range(item);
        s.shared.push_back(std::move(sh));
      }
    }
    return s;
  }

  void Decl(P::DeclContext* ctx, std::vector<ast::Decl>& out) {
    auto add = [&](antlr4::ParserRuleContext* c, auto node) {
      ast::Decl d;
      d.id = ids_.Next();
      d.range = Range(c);
      d.node = std::move(node);
      out.push_back(std::move(d));
    };
    if (auto* c = ctx->partyDecl()) {
      add(c, ast::PartyDecl{Ident(c->ident()), c->STRING() ? String(c->STRING()) : ""});
    } else if (auto* c = ctx->layerDecl()) {
      for (P::IdentContext* id : c->ident()) add(id, ast::LayerDecl{Ident(id)});
    } else if (auto* c = ctx->typeDecl()) {
      add(c, ast::TypeDecl{Ident(c->ident()), Type(c->type())});
    } else if (auto* c = ctx->resourceDecl()) {
      auto schema = std::make_unique<ast::TypeExpr>();
      schema->id = ids_.Next();
      schema->range = Range(c->recordType());
      schema->node = Record(c->recordType());
      ast::ResourceDecl decl;
      decl.name = Ident(c->ident());
      decl.range = decl.name.range;
      for (P::ResourceBindingContext* b : c->resourceBinding()) {
        if (b->ident() == nullptr) {
          if (decl.has_cfn_type) {
            diags_.Report(Range(b->STRING()), diag::SecondCfnType);
            ok_ = false;
          } else {
            decl.cfn_type = String(b->STRING());
            decl.cfn_type_range = Range(b->STRING());
            decl.has_cfn_type = true;
          }
        } else {
          ast::FormatBinding fb;
          fb.format = Ident(b->ident());
          fb.range = Range(b);
          if (b->STRING() != nullptr) {
            fb.type = String(b->STRING());
            fb.has_type = true;
          }
          decl.bindings.push_back(std::move(fb));
        }
        decl.range.end = Range(b).end;
      }
      decl.schema = std::move(schema);
      add(c, std::move(decl));
    } else if (auto* c = ctx->serviceDecl()) {
      add(c, Service(c));
    } else if (auto* c = ctx->fnDecl()) {
      ast::FnDecl fn;
      fn.name = Ident(c->ident());
      for (P::ParamContext* p : c->param()) {
        fn.params.push_back({ids_.Next(), Ident(p->ident()), Type(p->type())});
      }
      fn.result = Type(c->type());
      fn.body = Expr(c->expr());
      add(c, std::move(fn));
    } else if (auto* c = ctx->controlDecl()) {
      add(c, Control(c));
    }
  }

  ast::File File(P::FileContext* ctx, uint32_t source) {
    ast::File f;
    f.source = source;
    if (ctx->moduleDecl() != nullptr) f.module = Ident(ctx->moduleDecl()->ident());
    for (P::ImportDeclContext* i : ctx->importDecl()) f.imports.push_back({Ident(i->ident())});
    for (P::DeclContext* d : ctx->decl()) Decl(d, f.decls);
    return f;
  }

 private:
  uint32_t file_;
  std::string_view text_;
  const OffsetMap& map_;
  ast::IdAllocator& ids_;
  DiagnosticEngine& diags_;
  bool ok_ = true;
};

}  // namespace

std::optional<ast::File> ParseFile(uint32_t source, const SourceManager& sources,
                                   ast::IdAllocator& ids, DiagnosticEngine& diags) {
  const std::string& text = sources.file(source).text();
  if (text.size() > kMaxPolicyBytes) {
    diags.Report({source, 0, 0}, diag::PolicyTooLarge, kMaxPolicyBytes >> 20);
    return std::nullopt;
  }
  if (size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos) {
    uint32_t at = static_cast<uint32_t>(bad);
    diags.Report({source, at, at + 1}, diag::PolicyNotUtf8);
    return std::nullopt;
  }
  if (size_t nul = text.find('\0'); nul != std::string::npos) {
    uint32_t at = static_cast<uint32_t>(nul);
    diags.Report({source, at, at + 1}, diag::PolicyHasNul);
    return std::nullopt;
  }
  ParseRun run(text, 0, source, diags);
  if (!run.CheckNesting(source, diags)) return std::nullopt;
  P::FileContext* tree = run.parser.file();
  if (run.listener.reported()) return std::nullopt;
  Builder builder(source, text, run.map, ids, diags);
  ast::File file = builder.File(tree, source);
  if (!builder.ok()) return std::nullopt;
  return file;
}

}  // namespace srm::syntax
