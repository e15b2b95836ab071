// ANTLR parse tree to AST. The builder is a visitor of the generated, all-pure-virtual
// SRMVisitor: every labelled alternative of the grammar has its method, so a new one does not
// compile until it is handled. Offsets from ANTLR are code-point indices; they are mapped back to
// byte offsets so that every range in the AST is in bytes of the source file.
#include "compiler/syntax/parser.h"

#include <charconv>
#include <tuple>

#include "SRMVisitor.h"
#include "compiler/syntax/parse_support.h"
#include "runtime/report/policy_rules.h"
#include "runtime/support/json_text.h"

namespace srm::syntax {
namespace {

using ast::SourceRange;
using internal::ErrorListener;
using internal::OffsetMap;
using internal::P;
using internal::ParseRun;

// Results travel through antlrcpp::Any: each visit method returns the AST piece of its context
// (ExprPtr, TypeExprPtr, Stmt, Ident, ...), taken back with the typed helpers below. Control and
// service items and declarations add to the node being built instead.
class Builder : public srm_antlr::SRMVisitor {
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
    P::ExprOnlyContext* ctx = run.Parse(&P::exprOnly);
    if (run.listener.reported()) return nullptr;
    Builder sub(file_, inner, run.map, ids_, diags_);
    ast::ExprPtr e = sub.Take<ast::ExprPtr>(ctx);
    return sub.ok() ? std::move(e) : nullptr;
  }

  ast::File File(P::FileContext* ctx) { return Take<ast::File>(ctx); }

  // --- typed access to the visitor's results
  template <typename T>
  T Take(antlr4::tree::ParseTree* node) {
    antlrcpp::Any result = node->accept(this);
    return std::move(result.as<T>());
  }
  ast::ExprPtr Expr(antlr4::tree::ParseTree* ctx) { return Take<ast::ExprPtr>(ctx); }
  ast::TypeExprPtr Type(P::TypeContext* ctx) { return Take<ast::TypeExprPtr>(ctx); }

  ast::ExprPtr Make(antlr4::ParserRuleContext* ctx, auto node) {
    auto e = std::make_unique<ast::Expr>();
    e->id = ids_.Next();
    e->range = Range(ctx);
    e->node = std::move(node);
    return e;
  }

  // --- files and declarations
  antlrcpp::Any visitFile(P::FileContext* ctx) override {
    ast::File f;
    f.source = file_;
    if (ctx->moduleDecl() != nullptr) {
      f.module = Take<ast::Ident>(ctx->moduleDecl());
      f.strict = ctx->moduleDecl()->strict != nullptr;
    }
    for (P::ImportDeclContext* i : ctx->importDecl()) f.imports.push_back(Take<ast::Import>(i));
    decls_ = &f.decls;
    file_node_ = &f;
    for (P::DeclContext* d : ctx->decl()) d->accept(this);
    decls_ = nullptr;
    file_node_ = nullptr;
    return f;
  }
  antlrcpp::Any visitExprOnly(P::ExprOnlyContext* ctx) override { return Expr(ctx->expr()); }
  antlrcpp::Any visitModuleDecl(P::ModuleDeclContext* ctx) override { return Ident(ctx->ident()); }
  antlrcpp::Any visitImportDecl(P::ImportDeclContext* ctx) override {
    return ast::Import{Ident(ctx->ident())};
  }

  antlrcpp::Any visitDeclParty(P::DeclPartyContext* c) override {
    return c->partyDecl()->accept(this);
  }
  antlrcpp::Any visitDeclLayer(P::DeclLayerContext* c) override {
    return c->layerDecl()->accept(this);
  }
  antlrcpp::Any visitDeclType(P::DeclTypeContext* c) override {
    return c->typeDecl()->accept(this);
  }
  antlrcpp::Any visitDeclResource(P::DeclResourceContext* c) override {
    return c->resourceDecl()->accept(this);
  }
  antlrcpp::Any visitDeclService(P::DeclServiceContext* c) override {
    return c->serviceDecl()->accept(this);
  }
  antlrcpp::Any visitDeclFn(P::DeclFnContext* c) override { return c->fnDecl()->accept(this); }
  antlrcpp::Any visitDeclControl(P::DeclControlContext* c) override {
    return c->controlDecl()->accept(this);
  }

  antlrcpp::Any visitDeclFramework(P::DeclFrameworkContext* c) override {
    return c->frameworkDecl()->accept(this);
  }
  antlrcpp::Any visitDeclAttest(P::DeclAttestContext* c) override {
    return c->attestDecl()->accept(this);
  }
  antlrcpp::Any visitDeclSharedControl(P::DeclSharedControlContext* c) override {
    return c->sharedControlDecl()->accept(this);
  }

  // --- frameworks and attestations
  antlrcpp::Any visitFrameworkDecl(P::FrameworkDeclContext* ctx) override {
    ast::FrameworkDecl f;
    f.name = Ident(ctx->ident());
    if (ctx->STRING() != nullptr) f.title = String(ctx->STRING());
    for (P::RequirementDeclContext* r : ctx->requirementDecl())
      f.requirements.push_back(Take<ast::RequirementDecl>(r));
    AddDecl(ctx, std::move(f));
    return {};
  }
  antlrcpp::Any visitRequirementDecl(P::RequirementDeclContext* ctx) override {
    return ast::RequirementDecl{ids_.Next(), String(ctx->STRING(0)), Range(ctx->STRING(0)),
                                String(ctx->STRING(1)), Range(ctx)};
  }
  antlrcpp::Any visitAttestDecl(P::AttestDeclContext* ctx) override {
    ast::AttestDecl a;
    a.id = ids_.Next();
    std::vector<P::QualNameContext*> names = ctx->qualName();
    a.party = QualName(names[0]);
    for (size_t i = 1; i < names.size(); ++i) a.layers.push_back(QualName(names[i]));
    for (P::MappingContext* m : ctx->mapping()) a.covers.push_back(Take<ast::FrameworkRef>(m));
    a.range = Range(ctx);
    file_node_->attestations.push_back(std::move(a));
    return {};
  }

  antlrcpp::Any visitDeclProfile(P::DeclProfileContext* c) override {
    return c->profileDecl()->accept(this);
  }
  antlrcpp::Any visitDeclWaive(P::DeclWaiveContext* c) override {
    file_node_->waivers.push_back(Waiver(c->waiveDecl()));
    return {};
  }

  // --- tests (`srm test`)
  antlrcpp::Any visitDeclTest(P::DeclTestContext* c) override {
    return c->testDecl()->accept(this);
  }
  antlrcpp::Any visitTestDecl(P::TestDeclContext* ctx) override {
    ast::TestDecl t;
    t.name = String(ctx->STRING());
    t.name_range = Range(ctx->STRING());
    t.range = Range(ctx);
    for (P::TestItemContext* item : ctx->testItem()) {
      t.items.push_back(ast::TestItem{Range(item), Take<TestNode>(item)});
    }
    file_node_->tests.push_back(std::move(t));
    return {};
  }
  using TestNode = decltype(ast::TestItem::node);
  antlrcpp::Any visitTestInventoryFile(P::TestInventoryFileContext* ctx) override {
    return TestNode{ast::TestInventoryFile{String(ctx->STRING()), Range(ctx->STRING())}};
  }
  antlrcpp::Any visitTestInventoryInline(P::TestInventoryInlineContext* ctx) override {
    SourceRange r = Range(ctx->TEXT_BLOCK());
    r.begin += 3;  // without the quotes
    r.end -= 3;
    std::string text = ctx->TEXT_BLOCK()->getText();
    return TestNode{
        ast::TestInventoryInline{Ident(ctx->ident()), text.substr(3, text.size() - 6), r}};
  }
  antlrcpp::Any visitTestExpect(P::TestExpectContext* ctx) override {
    ast::TestExpect e;
    e.control = ControlId(ctx->controlId());
    if (ctx->STRING() != nullptr) e.resource = String(ctx->STRING());
    e.status = Ident(ctx->ident());
    return TestNode{std::move(e)};
  }

  // --- profiles and waivers
  antlrcpp::Any visitProfileDecl(P::ProfileDeclContext* ctx) override {
    ast::ProfileDecl p;
    p.name = Ident(ctx->ident());
    p.range = Range(ctx);
    profile_ = &p;
    for (P::ProfileItemContext* item : ctx->profileItem()) item->accept(this);
    profile_ = nullptr;
    file_node_->profiles.push_back(std::move(p));
    return {};
  }
  antlrcpp::Any visitProfileRule(P::ProfileRuleContext* ctx) override {
    ast::ProfileRule rule;
    rule.level = {ctx->level->getText(), Range(ctx->level)};
    rule.range = Range(ctx);
    for (P::SelectorContext* sel : ctx->selector()) {
      rule.selectors.push_back(Take<ast::ProfileSelector>(sel));
    }
    profile_->rules.push_back(std::move(rule));
    return {};
  }
  antlrcpp::Any visitProfileWaive(P::ProfileWaiveContext* ctx) override {
    profile_->waivers.push_back(Waiver(ctx->waiveDecl()));
    return {};
  }
  antlrcpp::Any visitModuleSelector(P::ModuleSelectorContext* ctx) override {
    return ast::ProfileSelector{ast::SelectorKind::kModule, Ident(ctx->ident())};
  }
  antlrcpp::Any visitFrameworkSelector(P::FrameworkSelectorContext* ctx) override {
    return ast::ProfileSelector{ast::SelectorKind::kFramework, Ident(ctx->ident())};
  }
  antlrcpp::Any visitSeveritySelector(P::SeveritySelectorContext* ctx) override {
    return ast::ProfileSelector{ast::SelectorKind::kSeverity, Ident(ctx->ident())};
  }
  antlrcpp::Any visitControlSelector(P::ControlSelectorContext* ctx) override {
    return ast::ProfileSelector{ast::SelectorKind::kControl, Pattern(ctx->controlPattern())};
  }
  antlrcpp::Any visitControlPattern(P::ControlPatternContext* ctx) override { return Pattern(ctx); }
  antlrcpp::Any visitPatternPart(P::PatternPartContext* ctx) override {
    return ast::Ident{ctx->getText(), Range(ctx)};
  }
  antlrcpp::Any visitWaiveDecl(P::WaiveDeclContext* ctx) override { return Waiver(ctx); }
  antlrcpp::Any visitDate(P::DateContext* ctx) override { return Date(ctx); }

  // `CT.S3.*`: like a control id, the parts must touch.
  ast::Ident Pattern(P::ControlPatternContext* ctx) {
    ast::Ident id{ctx->getText(), Range(ctx)};
    if (id.range.end - id.range.begin != id.name.size()) {
      diags_.Report(id.range, diag::ControlIdSpaced, id.name);
      ok_ = false;
    }
    return id;
  }
  // YYYY-MM-DD, a day of the proleptic Gregorian calendar.
  ast::Ident Date(P::DateContext* ctx) {
    ast::Ident d{ctx->getText(), Range(ctx)};
    if (d.range.end - d.range.begin != d.name.size() || !rt::IsIsoDate(d.name)) {
      // As written (with its spaces, if any).
      std::string_view raw =
          text_.substr(d.range.begin - map_.Byte(0), d.range.end - d.range.begin);
      diags_.Report(d.range, diag::InvalidDate, raw);
      ok_ = false;
    }
    return d;
  }
  ast::WaiverDecl Waiver(P::WaiveDeclContext* ctx) {
    ast::WaiverDecl w;
    w.control = Pattern(ctx->controlPattern());
    w.resource = String(ctx->STRING(0));
    w.until = Date(ctx->date());
    w.reason = String(ctx->STRING(1));
    w.owner = String(ctx->STRING(2));
    w.range = Range(ctx);
    const std::tuple<const char*, const std::string*, int> texts[] = {{"because", &w.reason, 1},
                                                                      {"by", &w.owner, 2}};
    for (auto [clause, text, index] : texts) {
      if (text->find_first_not_of(" \t") != std::string::npos) continue;
      diags_.Report(Range(ctx->STRING(index)), diag::EmptyWaiverText, clause)
          .AddNote(diag::WaiverSays);
      ok_ = false;
    }
    return w;
  }

  void AddDecl(antlr4::ParserRuleContext* c, decltype(ast::Decl::node) node) {
    ast::Decl d;
    d.id = ids_.Next();
    d.range = Range(c);
    d.node = std::move(node);
    decls_->push_back(std::move(d));
  }

  antlrcpp::Any visitPartyDecl(P::PartyDeclContext* c) override {
    AddDecl(c, ast::PartyDecl{Ident(c->ident()), c->STRING() ? String(c->STRING()) : ""});
    return {};
  }
  antlrcpp::Any visitLayerDecl(P::LayerDeclContext* c) override {
    for (P::IdentContext* id : c->ident()) AddDecl(id, ast::LayerDecl{Ident(id)});
    return {};
  }
  antlrcpp::Any visitTypeDecl(P::TypeDeclContext* c) override {
    AddDecl(c, ast::TypeDecl{Ident(c->ident()), Type(c->type())});
    return {};
  }
  antlrcpp::Any visitResourceDecl(P::ResourceDeclContext* c) override {
    auto schema = std::make_unique<ast::TypeExpr>();
    schema->id = ids_.Next();
    schema->range = Range(c->recordType());
    schema->node = Record(c->recordType());
    ast::ResourceDecl decl;
    decl.name = Ident(c->ident());
    decl.range = decl.name.range;
    resource_ = &decl;
    for (P::ResourceBindingContext* b : c->resourceBinding()) {
      b->accept(this);
      decl.range.end = Range(b).end;
    }
    resource_ = nullptr;
    decl.schema = std::move(schema);
    AddDecl(c, std::move(decl));
    return {};
  }
  antlrcpp::Any visitCfnBinding(P::CfnBindingContext* b) override {
    if (resource_->has_cfn_type) {
      diags_.Report(Range(b->STRING()), diag::SecondCfnType);
      ok_ = false;
    } else {
      resource_->cfn_type = String(b->STRING());
      resource_->cfn_type_range = Range(b->STRING());
      resource_->has_cfn_type = true;
    }
    return {};
  }
  antlrcpp::Any visitFormatBinding(P::FormatBindingContext* b) override {
    ast::FormatBinding fb;
    fb.format = Ident(b->ident());
    fb.range = Range(b);
    if (b->STRING() != nullptr) {
      fb.type = String(b->STRING());
      fb.has_type = true;
    }
    resource_->bindings.push_back(std::move(fb));
    return {};
  }
  antlrcpp::Any visitFnDecl(P::FnDeclContext* c) override {
    ast::FnDecl fn;
    fn.name = Ident(c->ident());
    for (P::ParamContext* p : c->param()) fn.params.push_back(Take<ast::Param>(p));
    fn.result = Type(c->type());
    fn.body = Expr(c->expr());
    AddDecl(c, std::move(fn));
    return {};
  }
  antlrcpp::Any visitParam(P::ParamContext* p) override {
    return ast::Param{ids_.Next(), Ident(p->ident()), Type(p->type())};
  }

  // --- services
  antlrcpp::Any visitServiceDecl(P::ServiceDeclContext* ctx) override {
    ast::ServiceDecl s;
    s.name = Ident(ctx->ident());
    if (ctx->STRING() != nullptr) s.description = String(ctx->STRING());
    service_ = &s;
    for (P::ServiceItemContext* item : ctx->serviceItem()) item->accept(this);
    service_ = nullptr;
    AddDecl(ctx, std::move(s));
    return {};
  }
  antlrcpp::Any visitServiceModel(P::ServiceModelContext* i) override {
    service_->model = Ident(i->ident());
    return {};
  }
  antlrcpp::Any visitServiceResources(P::ServiceResourcesContext* i) override {
    for (P::QualNameContext* q : i->qualName()) service_->resources.push_back(QualName(q));
    return {};
  }
  antlrcpp::Any visitServiceOwns(P::ServiceOwnsContext* i) override {
    ast::OwnsClause o;
    std::vector<P::QualNameContext*> names = i->qualName();
    o.party = QualName(names[0]);
    for (size_t k = 1; k < names.size(); ++k) o.layers.push_back(QualName(names[k]));
    o.range = Range(i);
    service_->owns.push_back(std::move(o));
    return {};
  }
  antlrcpp::Any visitServiceShared(P::ServiceSharedContext* i) override {
    ast::SharedClause sh;
    for (P::QualNameContext* q : i->qualName()) sh.layers.push_back(QualName(q));
    for (P::SharedEntryContext* e : i->sharedEntry())
      sh.entries.push_back(Take<ast::SharedEntry>(e));
    sh.range = Range(i);
    service_->shared.push_back(std::move(sh));
    return {};
  }
  antlrcpp::Any visitServiceSharedControl(P::ServiceSharedControlContext* i) override {
    ast::SharedControlDuty duty;
    duty.control = QualName(i->qualName());
    for (P::SharedEntryContext* e : i->sharedEntry())
      duty.entries.push_back(Take<ast::SharedEntry>(e));
    duty.range = Range(i);
    service_->shared_controls.push_back(std::move(duty));
    return {};
  }
  antlrcpp::Any visitSharedControlDecl(P::SharedControlDeclContext* ctx) override {
    ast::SharedControlDecl sc;
    sc.name = Ident(ctx->ident());
    if (ctx->STRING() != nullptr) sc.title = String(ctx->STRING());
    for (P::QualNameContext* q : ctx->qualName()) sc.layers.push_back(QualName(q));
    for (P::SharedEntryContext* e : ctx->sharedEntry())
      sc.entries.push_back(Take<ast::SharedEntry>(e));
    AddDecl(ctx, std::move(sc));
    return {};
  }
  antlrcpp::Any visitSharedEntry(P::SharedEntryContext* e) override {
    return ast::SharedEntry{QualName(e->qualName()), String(e->STRING()), Range(e)};
  }

  // --- controls
  antlrcpp::Any visitControlDecl(P::ControlDeclContext* ctx) override {
    ast::ControlDecl c;
    c.name = ControlId(ctx->controlId());
    control_ = &c;
    for (P::ControlItemContext* item : ctx->controlItem()) item->accept(this);
    control_ = nullptr;
    AddDecl(ctx, std::move(c));
    return {};
  }
  // `CT.S3.PR.1`: the parts must touch; the id is the source text.
  ast::Ident ControlId(P::ControlIdContext* ctx) {
    ast::Ident id{ctx->getText(), Range(ctx)};
    if (id.range.end - id.range.begin != id.name.size()) {
      diags_.Report(id.range, diag::ControlIdSpaced, id.name);
      ok_ = false;
    }
    return id;
  }
  antlrcpp::Any visitControlId(P::ControlIdContext* ctx) override { return ControlId(ctx); }
  void Seen(const char* clause, antlr4::ParserRuleContext* ctx) {
    control_->clause_seen.emplace_back(clause, Range(ctx));
  }
  antlrcpp::Any visitControlTitle(P::ControlTitleContext* i) override {
    Seen("title", i);
    control_->title = String(i->STRING());
    return {};
  }
  antlrcpp::Any visitControlDescription(P::ControlDescriptionContext* i) override {
    Seen("description", i);
    control_->description = String(i->STRING());
    return {};
  }
  antlrcpp::Any visitControlRemediation(P::ControlRemediationContext* i) override {
    Seen("remediation", i);
    control_->remediation = String(i->STRING());
    return {};
  }
  antlrcpp::Any visitControlService(P::ControlServiceContext* i) override {
    Seen("service", i);
    control_->service = QualName(i->qualName());
    return {};
  }
  antlrcpp::Any visitControlLayer(P::ControlLayerContext* i) override {
    Seen("layer", i);
    control_->layer = QualName(i->qualName());
    return {};
  }
  antlrcpp::Any visitControlOwner(P::ControlOwnerContext* i) override {
    Seen("owner", i);
    control_->owner = QualName(i->qualName());
    return {};
  }
  antlrcpp::Any visitControlSeverity(P::ControlSeverityContext* i) override {
    Seen("severity", i);
    control_->severity = Ident(i->ident());
    return {};
  }
  antlrcpp::Any visitControlMaps(P::ControlMapsContext* i) override {
    for (P::MappingContext* m : i->mapping()) control_->maps.push_back(Take<ast::FrameworkRef>(m));
    return {};
  }
  antlrcpp::Any visitMapping(P::MappingContext* m) override {
    return ast::FrameworkRef{Ident(m->ident()), String(m->STRING()), Range(m)};
  }
  antlrcpp::Any visitControlFor(P::ControlForContext* i) override {
    ast::ForBlock f;
    f.var_id = ids_.Next();
    f.var = Ident(i->ident());
    f.resource_type = QualName(i->qualName());
    if (i->expr() != nullptr) f.when = Expr(i->expr());
    for (P::StmtContext* s : i->stmt()) f.body.push_back(Take<ast::Stmt>(s));
    f.range = Range(i);
    control_->fors.push_back(std::move(f));
    return {};
  }

  // --- statements
  ast::Stmt NewStmt(antlr4::ParserRuleContext* ctx) {
    ast::Stmt s;
    s.id = ids_.Next();
    s.range = Range(ctx);
    return s;
  }
  antlrcpp::Any visitLetStmt(P::LetStmtContext* c) override {
    ast::Stmt s = NewStmt(c);
    s.node = ast::LetStmt{ids_.Next(), Ident(c->ident()), Expr(c->expr())};
    return s;
  }
  antlrcpp::Any visitAssertStmt(P::AssertStmtContext* a) override {
    ast::Stmt s = NewStmt(a);
    ast::AssertStmt as{Expr(a->expr()), std::nullopt};
    if (a->STRING() != nullptr) as.message = Message(a->STRING());
    s.node = std::move(as);
    return s;
  }

  // --- types
  antlrcpp::Any visitType(P::TypeContext* ctx) override {
    auto t = std::make_unique<ast::TypeExpr>();
    t->id = ids_.Next();
    t->range = Range(ctx);
    t->optional = ctx->optional != nullptr;
    t->node = Take<TypeNode>(ctx->baseType());
    return t;
  }
  using TypeNode = decltype(ast::TypeExpr::node);
  antlrcpp::Any visitStringType(P::StringTypeContext*) override {
    return TypeNode{ast::PrimTypeExpr{ast::PrimKind::kString}};
  }
  antlrcpp::Any visitIntType(P::IntTypeContext*) override {
    return TypeNode{ast::PrimTypeExpr{ast::PrimKind::kInt}};
  }
  antlrcpp::Any visitBoolType(P::BoolTypeContext*) override {
    return TypeNode{ast::PrimTypeExpr{ast::PrimKind::kBool}};
  }
  antlrcpp::Any visitListType(P::ListTypeContext* l) override {
    return TypeNode{ast::ListTypeExpr{Type(l->type())}};
  }
  antlrcpp::Any visitMapType(P::MapTypeContext* m) override {
    return TypeNode{ast::MapTypeExpr{Type(m->type())}};
  }
  antlrcpp::Any visitRecordTypeRef(P::RecordTypeRefContext* r) override {
    return TypeNode{Record(r->recordType())};
  }
  antlrcpp::Any visitNamedType(P::NamedTypeContext* n) override {
    return TypeNode{ast::NamedTypeExpr{QualName(n->qualName())}};
  }
  antlrcpp::Any visitUnionType(P::UnionTypeContext* u) override {
    ast::UnionTypeExpr un;
    for (P::TypeContext* t : u->type()) un.arms.push_back(Type(t));
    return TypeNode{std::move(un)};
  }
  antlrcpp::Any visitRecordType(P::RecordTypeContext* ctx) override { return Record(ctx); }
  ast::RecordTypeExpr Record(P::RecordTypeContext* ctx) {
    ast::RecordTypeExpr rec;
    for (P::FieldContext* f : ctx->field()) rec.fields.push_back(Take<ast::FieldDecl>(f));
    return rec;
  }
  antlrcpp::Any visitField(P::FieldContext* f) override {
    ast::FieldDecl field{ids_.Next(), Ident(f->ident()), Type(f->type()), {}};
    for (P::FieldSourceContext* src : f->fieldSource())
      field.sources.push_back(Take<ast::FieldSource>(src));
    return field;
  }
  antlrcpp::Any visitFieldSource(P::FieldSourceContext* src) override {
    return ast::FieldSource{Ident(src->ident()), String(src->STRING()), Range(src->STRING())};
  }

  // --- expressions
  antlrcpp::Any visitPrimaryExpr(P::PrimaryExprContext* c) override {
    return Take<ast::ExprPtr>(c->primary());
  }
  antlrcpp::Any visitMemberExpr(P::MemberExprContext* c) override {
    return Make(c, ast::MemberExpr{Expr(c->opExpr()), Ident(c->ident()), c->op->getText() == "?."});
  }
  antlrcpp::Any visitIndexExpr(P::IndexExprContext* c) override {
    return Make(c, ast::IndexExpr{Expr(c->opExpr()), Expr(c->expr())});
  }
  antlrcpp::Any visitCallExpr(P::CallExprContext* c) override {
    ast::ExprPtr callee = Expr(c->opExpr());
    ast::QualName name = CalleeName(*callee);
    if (name.parts.empty()) {
      diags_.Report(callee->range, diag::CallNotByName);
      ok_ = false;
    }
    ast::CallExpr call{std::move(name), {}};
    for (P::ExprContext* arg : c->expr()) call.args.push_back(Expr(arg));
    return Make(c, std::move(call));
  }
  // A callee must be `name` or `module.name`; anything else (a parenthesised name included: a
  // paren keeps the inner node but widens its range) gives an empty QualName.
  static ast::QualName CalleeName(const ast::Expr& e) {
    auto bare_name = [](const ast::Expr& x) -> const ast::NameRef* {
      const auto* n = std::get_if<ast::NameRef>(&x.node);
      bool bare =
          n != nullptr && x.range.begin == n->name.range.begin && x.range.end == n->name.range.end;
      return bare ? n : nullptr;
    };
    ast::QualName q;
    q.range = e.range;
    if (const ast::NameRef* n = bare_name(e)) {
      q.parts.push_back(n->name);
    } else if (const auto* m = std::get_if<ast::MemberExpr>(&e.node)) {
      const ast::NameRef* base = bare_name(*m->base);
      if (base != nullptr && !m->optional_chain && e.range.begin == m->base->range.begin &&
          e.range.end == m->field.range.end) {
        q.parts.push_back(base->name);
        q.parts.push_back(m->field);
      }
    }
    return q;
  }
  // Right-nested forms (prefix operators, `??`, let, if, quantifiers) may nest at most
  // kMaxBinders deep: a form past it is reported once (E0119) and built as `false`.
  class BinderScope {
   public:
    BinderScope(Builder& b, antlr4::ParserRuleContext* c) : b_(b) {
      if (++b_.binders_ <= kMaxBinders) return;
      ok_ = false;
      b_.ok_ = false;
      if (b_.binders_reported_) return;
      b_.binders_reported_ = true;
      b_.diags_.Report(b_.Range(c->getStart()), diag::TooManyBinders, kMaxBinders)
          .AddNote(diag::SplitExpression);
    }
    ~BinderScope() { --b_.binders_; }
    bool ok() const { return ok_; }

   private:
    Builder& b_;
    bool ok_ = true;
  };
  ast::ExprPtr TooDeep(antlr4::ParserRuleContext* c) { return Make(c, ast::BoolLit{false}); }

  antlrcpp::Any visitOperatorExpr(P::OperatorExprContext* c) override { return Expr(c->opExpr()); }
  antlrcpp::Any visitPrefixExpr(P::PrefixExprContext* c) override {
    BinderScope scope(*this, c);
    if (!scope.ok()) return TooDeep(c);
    return Make(c, ast::UnaryExpr{UnaryOpFor(c->op->getText(), c), Expr(c->opExpr())});
  }
  antlrcpp::Any visitNotExpr(P::NotExprContext* c) override {
    BinderScope scope(*this, c);
    if (!scope.ok()) return TooDeep(c);
    return Make(c, ast::UnaryExpr{ast::UnaryOp::kNot, Expr(c->opExpr())});
  }
  antlrcpp::Any visitBinaryExpr(P::BinaryExprContext* c) override {
    ast::BinaryOp op = BinaryOpFor(c->op->getText(), c);
    if (op == ast::BinaryOp::kCoalesce) {  // right-associative: `a ?? b ?? c` nests to the right
      ast::ExprPtr lhs = Expr(c->opExpr(0));
      BinderScope scope(*this, c);
      if (!scope.ok()) return TooDeep(c);
      return Make(c, ast::BinaryExpr{op, std::move(lhs), Expr(c->opExpr(1))});
    }
    return Make(c, ast::BinaryExpr{op, Expr(c->opExpr(0)), Expr(c->opExpr(1))});
  }
  antlrcpp::Any visitInExpr(P::InExprContext* c) override {
    auto op = c->negated != nullptr ? ast::BinaryOp::kNotIn : ast::BinaryOp::kIn;
    return Make(c, ast::BinaryExpr{op, Expr(c->opExpr(0)), Expr(c->opExpr(1))});
  }
  antlrcpp::Any visitQuantExpr(P::QuantExprContext* c) override {
    BinderScope scope(*this, c);
    if (!scope.ok()) return TooDeep(c);
    std::string k = c->kind->getText();
    auto kind = k == "any"   ? ast::QuantKind::kAny
                : k == "all" ? ast::QuantKind::kAll
                             : ast::QuantKind::kCount;
    return Make(c, ast::QuantExpr{kind, ids_.Next(), Ident(c->ident()), Expr(c->expr(0)),
                                  Expr(c->expr(1))});
  }
  antlrcpp::Any visitLetExpr(P::LetExprContext* c) override {
    BinderScope scope(*this, c);
    if (!scope.ok()) return TooDeep(c);
    // `let a = x in ys in b` reads either way: the grammar takes `x in ys` as the value, and
    // the builder asks for parentheses instead of choosing silently.
    if (auto* in = dynamic_cast<P::InExprContext*>(c->opExpr())) {
      diags_.Report(Range(in), diag::LetValueMembership)
          .AddNote(diag::ParenthesizeLetValue, c->ident()->getText());
      ok_ = false;
    }
    return Make(c,
                ast::LetExpr{ids_.Next(), Ident(c->ident()), Expr(c->opExpr()), Expr(c->expr())});
  }
  antlrcpp::Any visitIfExpr(P::IfExprContext* c) override {
    BinderScope scope(*this, c);
    if (!scope.ok()) return TooDeep(c);
    return Make(c, ast::IfExpr{Expr(c->expr(0)), Expr(c->expr(1)), Expr(c->expr(2))});
  }

  // The operator a token spells. The grammar's operator tokens and ast's operator table must
  // agree; a token the table does not know is an internal error, never a silent default.
  ast::BinaryOp BinaryOpFor(const std::string& text, antlr4::ParserRuleContext* ctx) {
    if (std::optional<ast::BinaryOp> op = ast::BinaryOpFromText(text)) return *op;
    diags_.Report(Range(ctx), diag::UnknownOperator, text);
    ok_ = false;
    return ast::BinaryOp::kEq;  // never evaluated: the file is rejected
  }
  ast::UnaryOp UnaryOpFor(const std::string& text, antlr4::ParserRuleContext* ctx) {
    if (std::optional<ast::UnaryOp> op = ast::UnaryOpFromText(text)) return *op;
    diags_.Report(Range(ctx), diag::UnknownOperator, text);
    ok_ = false;
    return ast::UnaryOp::kNot;  // never evaluated: the file is rejected
  }

  // --- primaries
  antlrcpp::Any visitIntLit(P::IntLitContext* c) override {
    std::string s = c->INT()->getText();
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size()) {
      diags_.Report(Range(c), diag::IntLiteralTooLarge, s);
      ok_ = false;
    }
    return Make(c, ast::IntLit{v});
  }
  antlrcpp::Any visitStringLit(P::StringLitContext* c) override {
    return Make(c, ast::StringLit{String(c->STRING())});
  }
  antlrcpp::Any visitBoolLit(P::BoolLitContext* c) override {
    return Make(c, ast::BoolLit{c->value->getText() == "true"});
  }
  antlrcpp::Any visitNullLit(P::NullLitContext* c) override { return Make(c, ast::NullLit{}); }
  antlrcpp::Any visitListLit(P::ListLitContext* c) override {
    ast::ListLit list;
    for (P::ExprContext* e : c->expr()) list.items.push_back(Expr(e));
    return Make(c, std::move(list));
  }
  antlrcpp::Any visitCompExpr(P::CompExprContext* c) override {
    BinderScope scope(*this, c);
    if (!scope.ok()) return TooDeep(c);
    ast::ExprPtr cond = c->expr().size() > 2 ? Expr(c->expr(2)) : nullptr;
    return Make(c, ast::CompExpr{ids_.Next(), Ident(c->ident()), Expr(c->expr(0)), Expr(c->expr(1)),
                                 std::move(cond)});
  }
  antlrcpp::Any visitParenExpr(P::ParenExprContext* c) override {
    ast::ExprPtr inner = Expr(c->expr());
    inner->range = Range(c);
    return inner;
  }
  antlrcpp::Any visitNameExpr(P::NameExprContext* c) override {
    return Make(c, ast::NameRef{Ident(c->ident())});
  }

  // --- names
  antlrcpp::Any visitQualName(P::QualNameContext* ctx) override { return QualName(ctx); }
  antlrcpp::Any visitIdent(P::IdentContext* ctx) override { return Ident(ctx); }

 private:
  uint32_t file_;
  std::string_view text_;
  const OffsetMap& map_;
  ast::IdAllocator& ids_;
  DiagnosticEngine& diags_;
  bool ok_ = true;
  uint32_t binders_ = 0;  // right-nested forms open around the expression being built
  bool binders_reported_ = false;
  // The node whose parts are being visited.
  std::vector<ast::Decl>* decls_ = nullptr;
  ast::ResourceDecl* resource_ = nullptr;
  ast::ServiceDecl* service_ = nullptr;
  ast::ControlDecl* control_ = nullptr;
  ast::File* file_node_ = nullptr;       // the file being built
  ast::ProfileDecl* profile_ = nullptr;  // the profile being built
};

}  // namespace

std::optional<ast::File> ParseFile(uint32_t source, const SourceManager& sources,
                                   ast::IdAllocator& ids, DiagnosticEngine& diags) {
  std::string_view text = sources.file(source).text();
  if (text.size() > kMaxPolicyBytes) {
    diags.Report({source, 0, 0}, diag::PolicyTooLarge, kMaxPolicyBytes >> 20);
    return std::nullopt;
  }
  if (size_t bad = rt::FirstInvalidUtf8(text); bad != text.size()) {
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
  P::FileContext* tree = run.Parse(&P::file);
  if (run.listener.reported()) return std::nullopt;
  Builder builder(source, text, run.map, ids, diags);
  ast::File file = builder.File(tree);
  if (!builder.ok()) return std::nullopt;
  return file;
}

}  // namespace srm::syntax
