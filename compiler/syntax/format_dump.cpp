// The AST as text without source ranges and node ids, so that `srm fmt` can check that the
// formatted file means the same as the original. Every variant is visited with one lambda per
// kind: a new kind does not compile until it is dumped.
#include <sstream>

#include "compiler/ast/overloaded.h"
#include "compiler/syntax/format.h"
#include "runtime/support/json_text.h"

namespace srm::syntax {
namespace {

class Dumper {
 public:
  std::string Take() { return out_.str(); }

  void Line(std::string_view s) { out_ << std::string(depth_ * 2, ' ') << s << "\n"; }
  static std::string Q(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    return out + "\"";
  }
  static std::string Name(const ast::QualName& q) { return q.Text(); }

  struct Nest {
    explicit Nest(Dumper& d) : d_(d) { ++d_.depth_; }
    ~Nest() { --d_.depth_; }
    Dumper& d_;
  };

  void Type(const ast::TypeExpr* t) {
    if (t == nullptr) return Line("<no type>");
    std::string opt = t->optional ? "?" : "";
    std::visit(Overloaded{
                   [&](const ast::PrimTypeExpr& p) {
                     switch (p.kind) {
                       case ast::PrimKind::kString:
                         return Line("string" + opt);
                       case ast::PrimKind::kInt:
                         return Line("int" + opt);
                       case ast::PrimKind::kBool:
                         return Line("bool" + opt);
                     }
                   },
                   [&](const ast::ListTypeExpr& l) {
                     Line("list" + opt);
                     Nest n(*this);
                     Type(l.element.get());
                   },
                   [&](const ast::MapTypeExpr& m) {
                     Line("map" + opt);
                     Nest n(*this);
                     Type(m.value.get());
                   },
                   [&](const ast::RecordTypeExpr& r) {
                     Line("record" + opt);
                     Nest n(*this);
                     for (const ast::FieldDecl& f : r.fields) {
                       std::string sources;
                       for (const ast::FieldSource& s : f.sources)
                         sources += " " + s.format.name + "=" + Q(s.path);
                       Line("field " + f.name.name + sources);
                       Nest m(*this);
                       Type(f.type.get());
                     }
                   },
                   [&](const ast::NamedTypeExpr& n) { Line("named " + Name(n.name) + opt); },
                   [&](const ast::UnionTypeExpr& u) {
                     Line("union" + opt);
                     Nest n(*this);
                     for (const ast::TypeExprPtr& arm : u.arms) Type(arm.get());
                   },
               },
               t->node);
  }

  void Expr(const ast::Expr* e) {
    if (e == nullptr) return Line("<none>");
    std::visit(Overloaded{
                   [&](const ast::NullLit&) { Line("null"); },
                   [&](const ast::BoolLit& b) { Line(b.value ? "true" : "false"); },
                   [&](const ast::IntLit& i) { Line("int " + std::to_string(i.value)); },
                   [&](const ast::StringLit& s) { Line("string " + Q(s.value)); },
                   [&](const ast::ListLit& l) {
                     Line("list");
                     Nest n(*this);
                     for (const ast::ExprPtr& item : l.items) Expr(item.get());
                   },
                   [&](const ast::NameRef& n) { Line("name " + n.name.name); },
                   [&](const ast::MemberExpr& m) {
                     Line(std::string(m.optional_chain ? "?." : ".") + m.field.name);
                     Nest n(*this);
                     Expr(m.base.get());
                   },
                   [&](const ast::IndexExpr& i) {
                     Line("index");
                     Nest n(*this);
                     Expr(i.base.get());
                     Expr(i.index.get());
                   },
                   [&](const ast::CallExpr& c) {
                     Line("call " + Name(c.callee));
                     Nest n(*this);
                     for (const ast::ExprPtr& a : c.args) Expr(a.get());
                   },
                   [&](const ast::UnaryExpr& u) {
                     Line(std::string("unary ") + ast::UnaryOpText(u.op));
                     Nest n(*this);
                     Expr(u.operand.get());
                   },
                   [&](const ast::BinaryExpr& b) {
                     Line(std::string("binary ") + ast::BinaryOpText(b.op));
                     Nest n(*this);
                     Expr(b.lhs.get());
                     Expr(b.rhs.get());
                   },
                   [&](const ast::QuantExpr& q) {
                     const char* kind = "";
                     switch (q.kind) {
                       case ast::QuantKind::kAny:
                         kind = "any";
                         break;
                       case ast::QuantKind::kAll:
                         kind = "all";
                         break;
                       case ast::QuantKind::kCount:
                         kind = "count";
                         break;
                     }
                     Line(std::string(kind) + " " + q.var.name);
                     Nest n(*this);
                     Expr(q.list.get());
                     Expr(q.body.get());
                   },
                   [&](const ast::LetExpr& l) {
                     Line("let " + l.var.name);
                     Nest n(*this);
                     Expr(l.value.get());
                     Expr(l.body.get());
                   },
                   [&](const ast::IfExpr& i) {
                     Line("if");
                     Nest n(*this);
                     Expr(i.cond.get());
                     Expr(i.then_expr.get());
                     Expr(i.else_expr.get());
                   },
                   [&](const ast::CompExpr& c) {
                     Line("comprehension " + c.var.name);
                     Nest n(*this);
                     Expr(c.elem.get());
                     Expr(c.list.get());
                     Expr(c.cond.get());
                   },
               },
               e->node);
  }

  void Stmt(const ast::Stmt& s) {
    std::visit(Overloaded{
                   [&](const ast::LetStmt& l) {
                     Line("let " + l.var.name);
                     Nest n(*this);
                     Expr(l.value.get());
                   },
                   [&](const ast::AssertStmt& a) {
                     Line("assert");
                     Nest n(*this);
                     Expr(a.cond.get());
                     if (!a.message) return;
                     Line("message");
                     Nest m(*this);
                     for (const auto& part : a.message->parts) {
                       std::visit(Overloaded{
                                      [&](const std::string& text) { Line("text " + Q(text)); },
                                      [&](const ast::ExprPtr& e) { Expr(e.get()); },
                                  },
                                  part);
                     }
                   },
               },
               s.node);
  }

  void Decl(const ast::Decl& d) {
    std::visit(
        Overloaded{
            [&](const ast::PartyDecl& p) { Line("party " + p.name.name + " " + Q(p.description)); },
            [&](const ast::LayerDecl& l) { Line("layer " + l.name.name); },
            [&](const ast::TypeDecl& t) {
              Line("type " + t.name.name);
              Nest n(*this);
              Type(t.type.get());
            },
            [&](const ast::ResourceDecl& r) {
              std::string bindings = r.has_cfn_type ? " cfn=" + Q(r.cfn_type) : "";
              for (const ast::FormatBinding& b : r.bindings)
                bindings += " " + b.format.name + (b.has_type ? "=" + Q(b.type) : "");
              Line("resource " + r.name.name + bindings);
              Nest n(*this);
              Type(r.schema.get());
            },
            [&](const ast::ServiceDecl& s) {
              Line("service " + s.name.name + " " + Q(s.description) +
                   (s.model ? " model " + s.model->name : ""));
              Nest n(*this);
              for (const ast::QualName& r : s.resources) Line("resource " + Name(r));
              for (const ast::OwnsClause& o : s.owns) {
                std::string layers;
                for (const ast::QualName& l : o.layers) layers += " " + Name(l);
                Line(Name(o.party) + " owns" + layers);
              }
              for (const ast::SharedClause& sh : s.shared) {
                std::string layers;
                for (const ast::QualName& l : sh.layers) layers += " " + Name(l);
                Line("shared" + layers);
                Nest m(*this);
                for (const ast::SharedEntry& e : sh.entries)
                  Line(Name(e.party) + ": " + Q(e.description));
              }
              for (const ast::SharedControlDuty& duty : s.shared_controls) {
                Line("shared control " + Name(duty.control));
                Nest m(*this);
                for (const ast::SharedEntry& e : duty.entries)
                  Line(Name(e.party) + ": " + Q(e.description));
              }
            },
            [&](const ast::SharedControlDecl& sc) {
              std::string layers;
              for (const ast::QualName& l : sc.layers) layers += " " + Name(l);
              Line("shared control " + sc.name.name + " " + Q(sc.title) + " on" + layers);
              Nest n(*this);
              for (const ast::SharedEntry& e : sc.entries)
                Line(Name(e.party) + ": " + Q(e.description));
            },
            [&](const ast::FnDecl& f) {
              Line("fn " + f.name.name);
              Nest n(*this);
              for (const ast::Param& p : f.params) {
                Line("param " + p.name.name);
                Nest m(*this);
                Type(p.type.get());
              }
              Line("result");
              Type(f.result.get());
              Line("body");
              Expr(f.body.get());
            },
            [&](const ast::ControlDecl& c) {
              Line("control " + c.name.name);
              Nest n(*this);
              std::string clauses;
              for (const auto& [clause, range] : c.clause_seen) clauses += " " + clause;
              Line("clauses" + clauses);
              auto opt = [&](const char* what, const std::optional<std::string>& s) {
                if (s) Line(std::string(what) + " " + Q(*s));
              };
              opt("title", c.title);
              opt("description", c.description);
              opt("remediation", c.remediation);
              if (c.service) Line("service " + Name(*c.service));
              if (c.layer) Line("layer " + Name(*c.layer));
              if (c.owner) Line("owner " + Name(*c.owner));
              if (c.severity) Line("severity " + c.severity->name);
              for (const ast::FrameworkRef& m : c.maps)
                Line("maps " + m.framework.name + " " + Q(m.reference));
              for (const ast::ForBlock& f : c.fors) {
                Line("for " + f.var.name + " in " + Name(f.resource_type));
                Nest m(*this);
                if (f.when) {
                  Line("when");
                  Expr(f.when.get());
                }
                for (const ast::Stmt& s : f.body) Stmt(s);
              }
            },
            [&](const ast::FrameworkDecl& f) {
              Line("framework " + f.name.name + " " + Q(f.title));
              Nest n(*this);
              for (const ast::RequirementDecl& r : f.requirements)
                Line("requirement " + Q(r.ref) + " " + Q(r.title));
            },
        },
        d.node);
  }

  void Waiver(const ast::WaiverDecl& w) {
    Line("waive " + w.control.name + " on " + Q(w.resource) + " until " + w.until.name +
         " because " + Q(w.reason) + " by " + Q(w.owner));
  }

  void File(const ast::File& f) {
    Line("module " + f.ModuleName() + (f.strict ? " strict" : ""));
    for (const ast::Import& i : f.imports) Line("import " + i.module.name);
    for (const ast::Decl& d : f.decls) Decl(d);
    for (const ast::ProfileDecl& p : f.profiles) {
      Line("profile " + p.name.name);
      Nest n(*this);
      for (const ast::ProfileRule& r : p.rules) {
        std::string selectors;
        for (const ast::ProfileSelector& s : r.selectors) {
          switch (s.kind) {
            case ast::SelectorKind::kControl:
              break;
            case ast::SelectorKind::kModule:
              selectors += " module";
              break;
            case ast::SelectorKind::kFramework:
              selectors += " framework";
              break;
            case ast::SelectorKind::kSeverity:
              selectors += " severity";
              break;
          }
          selectors += " " + s.value.name + ",";
        }
        Line(r.level.name + selectors);
      }
      for (const ast::WaiverDecl& w : p.waivers) Waiver(w);
    }
    for (const ast::WaiverDecl& w : f.waivers) Waiver(w);
    for (const ast::AttestDecl& a : f.attestations) {
      std::string line = "attest " + Name(a.party) + " on";
      for (const ast::QualName& l : a.layers) line += " " + Name(l);
      line += " maps";
      for (const ast::FrameworkRef& m : a.covers)
        line += " " + m.framework.name + " " + Q(m.reference);
      Line(line);
    }
    for (const ast::TestDecl& t : f.tests) {
      Line("test " + Q(t.name));
      Nest n(*this);
      for (const ast::TestItem& item : t.items) {
        std::visit(Overloaded{
                       [&](const ast::TestInventoryFile& i) { Line("inventory " + Q(i.path)); },
                       [&](const ast::TestInventoryInline& i) {
                         Line("inventory " + i.syntax.name + " " + Q(i.text));
                       },
                       [&](const ast::TestExpect& e) {
                         Line("expect " + e.control.name +
                              (e.resource ? " on " + Q(*e.resource) : "") + " is " + e.status.name);
                       },
                   },
                   item.node);
      }
    }
  }

 private:
  std::ostringstream out_;
  size_t depth_ = 0;
};

}  // namespace

std::string DumpAst(const ast::File& file) {
  Dumper d;
  d.File(file);
  return d.Take();
}

}  // namespace srm::syntax
