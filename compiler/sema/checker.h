// The type checker's internal state, shared by its two halves: declarations and the
// responsibility model (checker.cpp) and expressions with flow narrowing (check_expr.cpp).
#pragma once

#include <array>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/sema/program.h"

namespace srm::sema {

// Paths (e.g. `b.BucketEncryption`) known to be present at a point of the program.
using Facts = std::set<std::string>;

struct Binding {
  std::string name;
  ast::NodeId binder = 0;
  const Type* type = nullptr;
};
using Env = std::vector<Binding>;

struct FnSig {
  std::vector<const Type*> params;
  const Type* result = nullptr;
};

class Checker {
 public:
  Checker(Program& program, DiagnosticEngine& diags) : p_(program), d_(diags) {}
  bool Run();

 private:
  // --- declarations (checker.cpp)
  void CollectDecls();
  void CheckImports();
  // Finds a visible declaration without reporting; Resolve reports unknown or wrong-kind names.
  const ast::Decl* Lookup(const ast::QualName& name) const;
  const ast::Decl* Resolve(const ast::QualName& name, const char* kind);
  const Type* ResolveType(const ast::TypeExpr& t, bool resource_schema = false);
  // `resolved` (the type of `t`), or an error type after E0342 when it is a union: unions are
  // only the types of fields.
  const Type* NoUnion(const ast::TypeExpr& t, const Type* resolved, const char* what);
  void ResolveResources();
  void CheckBindings(const ast::ResourceDecl& r, const ResourceInfo* info);
  // The bound format (input_formats.def) whose binding keyword is `keyword`; else reports
  // E0401 (a field source) or E0406 (a resource binding) with a "did you mean" and returns null.
  const rt::InputFormatInfo* FindBoundFormat(const ast::Ident& keyword, bool field_source);
  // The binding rules (rt::BindingRules) of a bound format; `bound_types`: the types already
  // bound in that format; `type`: the type this binding gives.
  void CheckTfBinding(const ast::ResourceDecl& r, const ast::FormatBinding& b,
                      std::map<std::string, const ast::ResourceDecl*>& bound_types);
  void CheckConfigBinding(const ast::ResourceDecl& r, const ast::FormatBinding& b,
                          const std::string& type,
                          std::map<std::string, const ast::ResourceDecl*>& bound_types);
  void CheckServices();
  // The parties of a shared block's entries (`P: "duty";`), each once; reports unknown and
  // repeated ones.
  std::vector<const ast::Decl*> SharedEntryParties(const std::vector<ast::SharedEntry>& entries);
  // `shared control` declarations and the duties services state (shared_controls.cpp).
  void CheckSharedControls();
  void CheckFns();
  void CheckRecursion();
  void CheckControls();
  void CheckControl(const ast::Decl& decl, const ast::ControlDecl& c);
  std::vector<std::string> VisibleNames(const char* kind) const;
  // For an unknown unqualified `name`: when another module declares it (of `kind`, if given),
  // adds "did you mean 'm.name'?" (and the import when m is not imported) to `d`.
  bool SuggestQualified(Diagnostic& d, const std::string& name, const char* kind);
  // One E0205 (or E0204) per file and module, at its first use, after all uses are known.
  void ReportMissingModules();
  std::string DisplayName(const ast::Decl* d) const;
  void SetFile(const ast::File& f);

  // --- frameworks and attestations (frameworks.cpp)
  // Framework names are one namespace across modules; fills Program::frameworks.
  void CollectFrameworks();
  // Each `F "ref"` of a `maps` clause names a declared framework and one of its requirements.
  void CheckMappings(const std::vector<ast::FrameworkRef>& refs);
  // `attest P on L... maps ...`: P and the layers exist, P owns or shares each layer on some
  // service, the mappings resolve; adds the attestation to the requirements it covers.
  void CheckAttestations();

  // --- expressions (check_expr.cpp)
  const Type* Expr(const ast::Expr& e, Env& env, const Facts& facts);
  const Type* ExprNode(const ast::Expr& e, Env& env, const Facts& facts);
  const Type* Member(const ast::Expr& e, const ast::MemberExpr& m, Env& env, const Facts& f);
  const Type* Call(const ast::Expr& e, const ast::CallExpr& c, Env& env, const Facts& f);
  // Whether a `for` block over `ri` fits a control on `layer` of `service` owned by `owner`: a
  // resource of the service, or of another that gives the layer to the owner too.
  bool InControlService(const ResourceInfo& ri, const ast::Decl* service, const ast::Decl* layer,
                        const ast::Decl* owner);
  // The resource type the second argument of related or ref_to names (`T` or `module.T`), or
  // nullptr (reported).
  const ResourceInfo* TypeArgument(const ast::Expr& arg, rt::Builtin builtin);
  const Type* Related(const ast::Expr& e, const ast::CallExpr& c, Env& env, const Facts& f);
  // ref_to(x, T), ref_id(x), ref_attribute(x), kind_of(x), join_parts(x): `x` data, not read
  // (docs/language.md "ref_to").
  const Type* RefTo(const ast::Expr& e, const ast::CallExpr& c, const rt::BuiltinSpec& b, Env& env,
                    const Facts& f);
  // Whether `x` is a list or map read from data: a property or record field, an element of one,
  // join_parts(...), or a name a `let` expression binds to one of these.
  bool DataContainer(const ast::Expr& x) const;
  // Whether `x` is data a special form can take unread: a property or record field, an element
  // `xs[i]`/`m[k]` of a data container, or a quantifier's variable over a data list (which
  // becomes a lazy binder).
  bool UnreadData(const ast::Expr& x);
  const Type* Binary(const ast::Expr& e, const ast::BinaryExpr& b, Env& env, const Facts& f);
  const Type* BuiltinCall(const ast::Expr& e, const rt::BuiltinSpec& b,
                          const std::vector<const Type*>& args);
  const Type* ExpectBool(const ast::Expr& e, Env& env, const Facts& f, const char* what);
  void CheckMessage(const ast::Message& m, Env& env, const Facts& f);
  void RequirePresent(const ast::Expr& e, const Type* t, const char* use);
  // Marks the strict scalar reads of `e` (itself, or the operands of `??`) whose mismatch is
  // kept as a value (MemberInfo::keeps_mismatch).
  void KeepMismatch(const ast::Expr& e);
  // Union types: a read of a union field is typed as one arm by the operator that takes it.
  // Reads `e` (a member read of a union field) as `arm`, strictly: data of another JSON kind is
  // a mismatch that compares false.
  void ViewUnionAs(const ast::Expr& e, const Type* arm);
  // The operands of `b` when one is a union: views it as the other side's type, or reports
  // E0344 and returns false. `l`/`r` become the operands' types after the view.
  bool UnionOperands(const ast::Expr& e, const ast::BinaryExpr& b, const Type*& l, const Type*& r);
  // E0343 for every union value no operator took.
  void ReportUnionUses();
  std::string PathKey(const ast::Expr& e) const;
  void AddFacts(const ast::Expr& e, bool positive, Facts& out) const;

  Program& p_;
  DiagnosticEngine& d_;
  // module -> name -> declaration
  std::map<std::string, std::map<std::string, const ast::Decl*>> modules_;
  std::unordered_map<const ast::Decl*, std::string> decl_module_;
  std::unordered_map<const ast::Decl*, const ast::File*> decl_file_;
  std::unordered_map<const ast::Decl*, const Type*> alias_types_;
  std::set<const ast::Decl*> alias_in_progress_;
  std::unordered_map<const ast::Decl*, ResourceInfo*> resource_infos_;
  // Per bound format (rt::BindingSlot): the resource each bound type belongs to.
  std::array<std::map<std::string, const ast::ResourceDecl*>, rt::kBindingCount> bound_types_;
  std::unordered_map<const ast::FnDecl*, FnSig> fn_sigs_;
  std::map<const ast::FnDecl*, std::set<const ast::FnDecl*>> call_graph_;
  std::unordered_map<const ast::FnDecl*, const ast::Decl*> fn_decls_;
  // service decl -> layer decl -> owners (one for owns, several for shared)
  std::map<const ast::Decl*, std::map<const ast::Decl*, std::vector<const ast::Decl*>>> ownership_;
  std::map<const ast::Decl*, std::map<const ast::Decl*, ast::SourceRange>> ownership_site_;

  // Declared frameworks by name: the declaration and its index in Program::frameworks.
  struct FrameworkEntry {
    const ast::FrameworkDecl* decl = nullptr;
    size_t index = 0;
    std::map<std::string, size_t> requirements;  // id -> index in the framework's list
  };
  std::map<std::string, FrameworkEntry> frameworks_;

  // current file context
  const ast::File* file_ = nullptr;
  std::string module_;
  std::set<std::string> imports_;
  // Uses of a module that the file does not import (or that does not exist), per file.
  std::map<std::pair<const ast::File*, std::string>, std::vector<ast::SourceRange>>
      missing_modules_;
  // (file, module) pairs whose "written with its prefix" note was given already.
  std::set<std::pair<const ast::File*, std::string>> qualify_noted_;
  const ast::FnDecl* current_fn_ = nullptr;
  // Expressions of union type not (yet) taken by an operator, by node id.
  std::map<ast::NodeId, const ast::Expr*> union_uses_;
  // The list each quantifier iterates, by the quantifier's binder id.
  std::unordered_map<ast::NodeId, const ast::Expr*> quant_lists_;
  // The value each `let` expression binds, by its binder id.
  std::unordered_map<ast::NodeId, const ast::Expr*> let_values_;
};

}  // namespace srm::sema
