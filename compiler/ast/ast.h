// The SRM abstract syntax tree. Every node has a NodeId and a source range; semantic results
// live in side tables keyed by NodeId. Expression and type kinds are std::variants so that
// visitors (std::visit with one lambda per kind) stop compiling when a kind is added.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace srm::ast {

using NodeId = uint32_t;

struct SourceRange {
  uint32_t file = 0;   // index into the program's source files
  uint32_t begin = 0;  // byte offset
  uint32_t end = 0;    // byte offset, exclusive
};

struct Ident {
  std::string name;
  SourceRange range;
};

// `name` or `module.name`.
struct QualName {
  std::vector<Ident> parts;  // one or two
  SourceRange range;
  std::string Text() const;
};

// ---------------------------------------------------------------- types
struct TypeExpr;
using TypeExprPtr = std::unique_ptr<TypeExpr>;

enum class PrimKind : uint8_t { kString, kInt, kBool };
struct PrimTypeExpr {
  PrimKind kind;
};
struct ListTypeExpr {
  TypeExprPtr element;
};
// `map<T>`: an object with arbitrary keys whose values are T.
struct MapTypeExpr {
  TypeExprPtr value;
};
// `tf "path"` / `config "path"` after a field's type.
struct FieldSource {
  Ident format;
  std::string path;
  SourceRange path_range;
};
struct FieldDecl {
  NodeId id = 0;
  Ident name;
  TypeExprPtr type;
  std::vector<FieldSource> sources;
};
struct RecordTypeExpr {
  std::vector<FieldDecl> fields;
};
struct NamedTypeExpr {
  QualName name;
};
// `(bool | string)`: data of one of the arms' JSON kinds.
struct UnionTypeExpr {
  std::vector<TypeExprPtr> arms;
};

struct TypeExpr {
  NodeId id = 0;
  SourceRange range;
  bool optional = false;
  std::variant<PrimTypeExpr, ListTypeExpr, MapTypeExpr, RecordTypeExpr, NamedTypeExpr,
               UnionTypeExpr>
      node;
};

// ---------------------------------------------------------------- expressions
struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct NullLit {};
struct BoolLit {
  bool value;
};
struct IntLit {
  int64_t value;
};
struct StringLit {
  std::string value;  // escapes decoded
};
struct ListLit {
  std::vector<ExprPtr> items;
};
struct NameRef {
  Ident name;
};
struct MemberExpr {
  ExprPtr base;
  Ident field;
  bool optional_chain = false;  // `?.`
};
struct IndexExpr {
  ExprPtr base;
  ExprPtr index;
};
struct CallExpr {
  QualName callee;
  std::vector<ExprPtr> args;
};
// Operators: one table (operators.def) gives their names, spellings and classes.
enum class UnaryOp : uint8_t {
#define SRM_UNARY_OP(Name, Spelling) k##Name,
#include "compiler/ast/operators.def"
};
const char* UnaryOpText(UnaryOp op);
std::optional<UnaryOp> UnaryOpFromText(std::string_view text);
struct UnaryExpr {
  UnaryOp op;
  ExprPtr operand;
};
// What a binary operator does; the checker types operands by class, never by enum order.
enum class BinaryClass : uint8_t {
  kArithmetic,  // int (and `+` on strings) -> int/string
  kCoalesce,    // `??`: a default for an absent value
  kEquality,    // == != on scalars and null
  kOrdering,    // < <= > >= on ints or strings
  kMembership,  // in, not in
  kMatch,       // matches
  kLogical,     // and, or
};
enum class BinaryOp : uint8_t {
#define SRM_BINARY_OP(Name, Spelling, Class) k##Name,
#include "compiler/ast/operators.def"
};
BinaryClass ClassOf(BinaryOp op);
// Comparisons, membership, matches and logic give bool; arithmetic and `??` do not.
bool YieldsBool(BinaryOp op);
std::optional<BinaryOp> BinaryOpFromText(std::string_view text);
// Every operator spelling, binary and unary (the parser's operator limit counts these tokens).
const std::vector<std::string_view>& OperatorSpellings();
const char* BinaryOpText(BinaryOp op);
struct BinaryExpr {
  BinaryOp op;
  ExprPtr lhs;
  ExprPtr rhs;
};
enum class QuantKind : uint8_t { kAny, kAll, kCount };
struct QuantExpr {
  QuantKind kind;
  NodeId var_id = 0;  // the bound variable's declaration id
  Ident var;
  ExprPtr list;
  ExprPtr body;
};
struct LetExpr {
  NodeId var_id = 0;
  Ident var;
  ExprPtr value;
  ExprPtr body;
};
struct IfExpr {
  ExprPtr cond;
  ExprPtr then_expr;
  ExprPtr else_expr;
};
// A list comprehension `[elem for var in list if cond]`: the values of `elem` for the elements
// of `list` that satisfy `cond` (all of them without `if`), in order.
struct CompExpr {
  NodeId var_id = 0;
  Ident var;
  ExprPtr elem;
  ExprPtr list;
  ExprPtr cond;  // nullptr without `if`
};

struct Expr {
  NodeId id = 0;
  SourceRange range;
  std::variant<NullLit, BoolLit, IntLit, StringLit, ListLit, NameRef, MemberExpr, IndexExpr,
               CallExpr, UnaryExpr, BinaryExpr, QuantExpr, LetExpr, IfExpr, CompExpr>
      node;
};

// An assert message: literal text with `{expr}` interpolations.
struct Message {
  SourceRange range;
  std::vector<std::variant<std::string, ExprPtr>> parts;
};

// ---------------------------------------------------------------- statements
struct LetStmt {
  NodeId var_id = 0;
  Ident var;
  ExprPtr value;
};
struct AssertStmt {
  ExprPtr cond;
  std::optional<Message> message;
};
struct Stmt {
  NodeId id = 0;
  SourceRange range;
  std::variant<LetStmt, AssertStmt> node;
};

// ---------------------------------------------------------------- declarations
struct PartyDecl {
  Ident name;
  std::string description;
};
struct LayerDecl {
  Ident name;
};
struct TypeDecl {
  Ident name;
  TypeExprPtr type;
};
// `tf "aws_s3_bucket"` / `config` / `config "AWS::S3::Bucket"` in a resource declaration.
struct FormatBinding {
  Ident format;
  std::string type;  // empty when not written
  bool has_type = false;
  SourceRange range;
};
struct ResourceDecl {
  Ident name;
  std::string cfn_type;  // "AWS::S3::Bucket"; empty when only other formats are bound
  SourceRange cfn_type_range;
  bool has_cfn_type = false;
  std::vector<FormatBinding> bindings;
  TypeExprPtr schema;  // always a RecordTypeExpr
  SourceRange range;   // from the name to the end of the bindings
};

struct OwnsClause {
  QualName party;
  std::vector<QualName> layers;
  SourceRange range;
};
struct SharedEntry {
  QualName party;
  std::string description;
  SourceRange range;
};
struct SharedClause {
  std::vector<QualName> layers;
  std::vector<SharedEntry> entries;
  SourceRange range;
};
// `shared control PatchManagement { Customer: "..."; }` in a service: what each listed party
// does for this service, instead of the shared control's general duties.
struct SharedControlDuty {
  QualName control;
  std::vector<SharedEntry> entries;
  SourceRange range;
};
struct ServiceDecl {
  Ident name;
  std::string description;
  std::optional<Ident> model;
  std::vector<QualName> resources;
  std::vector<OwnsClause> owns;
  std::vector<SharedClause> shared;
  std::vector<SharedControlDuty> shared_controls;
};

// `shared control PatchManagement "Patch management" on guest_os, platform { AWS: "..."; }`: a
// duty both parties perform, each on its own part, the layers it is a duty of (none: each party
// does it for itself, e.g. training its own people) and what each party does in general.
struct SharedControlDecl {
  Ident name;
  std::string title;
  std::vector<QualName> layers;
  std::vector<SharedEntry> entries;
};

struct Param {
  NodeId id = 0;
  Ident name;
  TypeExprPtr type;
};
struct FnDecl {
  Ident name;
  std::vector<Param> params;
  TypeExprPtr result;
  ExprPtr body;
};

struct FrameworkRef {
  Ident framework;
  std::string reference;
  SourceRange range;
};
struct ForBlock {
  NodeId var_id = 0;
  Ident var;
  QualName resource_type;
  ExprPtr when;  // may be null
  std::vector<Stmt> body;
  SourceRange range;
};
// Control clauses are optional in the syntax; sema reports missing or repeated ones.
struct ControlDecl {
  Ident name;
  std::vector<std::pair<std::string, SourceRange>> clause_seen;  // for duplicate detection
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> remediation;
  std::optional<QualName> service;
  std::optional<QualName> layer;
  std::optional<QualName> owner;
  std::optional<Ident> severity;
  std::vector<FrameworkRef> maps;
  std::vector<ForBlock> fors;
};

// ---------------------------------------------------------------- frameworks
// `requirement "164.312(b)" "Audit controls";`
struct RequirementDecl {
  NodeId id = 0;
  std::string ref;  // the framework's own id, as controls' `maps` write it
  SourceRange ref_range;
  std::string title;
  SourceRange range;
};
// `framework HIPAA "HIPAA Security Rule" { requirement ...; }`: the requirements `maps` may name.
// Framework names are one namespace across modules (a `maps` clause writes them bare).
struct FrameworkDecl {
  Ident name;
  std::string title;
  std::vector<RequirementDecl> requirements;
};

struct Decl {
  NodeId id = 0;
  SourceRange range;
  std::variant<PartyDecl, LayerDecl, TypeDecl, ResourceDecl, ServiceDecl, FnDecl, ControlDecl,
               FrameworkDecl, SharedControlDecl>
      node;
  const Ident& Name() const;
  const char* KindName() const;  // "party", "layer", ..., "shared control"
};

struct Import {
  Ident module;
};

// ---------------------------------------------------------------- profiles and waivers
// `waive CT.S3.PR.2 on "LogsBucket" until 2027-03-31 because "..." by "sec-team";`
struct WaiverDecl {
  Ident control;  // an id or a glob, as written
  std::string resource;
  Ident until;  // "2027-03-31", checked by the parser
  std::string reason, owner;
  SourceRange range;
};
// One selector of a profile rule: `CT.S3.*`, `module aws`, `framework HIPAA`, `severity high`.
enum class SelectorKind : uint8_t { kControl, kModule, kFramework, kSeverity };
struct ProfileSelector {
  SelectorKind kind = SelectorKind::kControl;
  Ident value;  // the pattern, module, framework or severity
};
// `hard CT.S3.*, framework HIPAA;`: the enforcement level of the controls the selectors select.
struct ProfileRule {
  Ident level;  // advisory, soft or hard
  std::vector<ProfileSelector> selectors;
  SourceRange range;
};
struct ProfileDecl {
  Ident name;
  std::vector<ProfileRule> rules;
  std::vector<WaiverDecl> waivers;
  SourceRange range;
};

// `attest AWS on facilities, hardware maps HIPAA "164.310(a)(1)";`: the party's own audit reports
// cover these requirements on these layers (the party must own or share each layer somewhere).
struct AttestDecl {
  NodeId id = 0;
  QualName party;
  std::vector<QualName> layers;
  std::vector<FrameworkRef> covers;
  SourceRange range;
};

// ---------------------------------------------------------------- tests (`srm test`)
// `inventory "fixtures/public.yaml";`: a file, relative to the .srm file's directory.
struct TestInventoryFile {
  std::string path;
  SourceRange path_range;
};
// `inventory yaml """...""";`: inline text in a syntax (json or yaml) named by `syntax`.
struct TestInventoryInline {
  Ident syntax;
  std::string text;        // between the triple quotes, as written
  SourceRange text_range;  // of the text, without the quotes
};
// `expect CT.S3.PR.1 on "Bucket" is FAIL;` (without `on`: every finding of the control).
struct TestExpect {
  Ident control;
  std::optional<std::string> resource;
  Ident status;
};
struct TestItem {
  SourceRange range;
  std::variant<TestInventoryFile, TestInventoryInline, TestExpect> node;
};
// `test "name" { items }`: evaluated by `srm test` alone; `srm check` and `compile` ignore it.
struct TestDecl {
  std::string name;
  SourceRange name_range;
  std::vector<TestItem> items;
  SourceRange range;
};

// One parsed .srm file.
struct File {
  uint32_t source = 0;          // index into the program's source files
  std::optional<Ident> module;  // absent: the file is in module "main"
  bool strict = false;          // `module m strict;`
  std::vector<Import> imports;
  std::vector<Decl> decls;
  // Profiles and waivers select and grade findings; they declare no name of the module's scope.
  std::vector<ProfileDecl> profiles;
  std::vector<WaiverDecl> waivers;  // at the top level
  std::vector<TestDecl> tests;      // policy unit tests (`srm test`)
  std::vector<AttestDecl> attestations;
  std::string ModuleName() const { return module ? module->name : "main"; }
};

// Allocates node ids; one per program so ids are unique across files.
class IdAllocator {
 public:
  NodeId Next() { return next_++; }
  NodeId count() const { return next_; }

 private:
  NodeId next_ = 1;
};

}  // namespace srm::ast
