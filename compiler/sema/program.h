// A checked program: the parsed files plus the type checker's side tables keyed by NodeId.
// Both backends read only this (the AST and these tables), never the parse tree.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/ast/diagnostics.h"
#include "compiler/sema/types.h"
#include "runtime/eval/builtin_table.h"
#include "runtime/report/frameworks.h"
#include "runtime/report/policy_rules.h"

namespace srm::sema {

// Builtins are described once, in runtime/eval/builtins.def.
using Builtin = rt::Builtin;

struct ResourceInfo {
  const ast::ResourceDecl* decl = nullptr;
  std::string module;
  std::string qualified_name;  // "aws.S3Bucket"
  // The inventory type controls select: the CloudFormation type ("AWS::S3::Bucket"), else the
  // first bound type (Terraform, then AWS Config) of a resource declared only for those formats.
  std::string cfn_type;
  // Per bound format (rt::BindingSlot), the type bound there: `tf "aws_s3_bucket"`, `config`
  // (the CloudFormation type) or `config "AWS::S3::Bucket"`; empty when not bound.
  rt::BindingStrings bound_types;
  const Type* type = nullptr;    // kResource
  const Type* schema = nullptr;  // kRecord of the Properties
  std::string service;           // qualified name of the owning service ("" when none)
};

// A checked control, ready to evaluate. Its report metadata is in the control table
// (control_table.h), built from this and `decl`.
struct ControlInfo {
  const ast::ControlDecl* decl = nullptr;
  std::string id;  // "S3_DEFAULT_ENCRYPTION"
  std::string module;
  std::string title, description, remediation;
  std::string service;  // service name as written in findings ("S3")
  std::string layer, owner, severity;
  // The resource type of each `for` block, in order; empty unless every one resolved.
  std::vector<const ResourceInfo*> resources;
};

// What a member access reads.
enum class MemberKind : uint8_t { kResourceId, kResourceType, kProperty, kRecordField };
struct MemberInfo {
  MemberKind kind = MemberKind::kRecordField;
  std::string name;
  const Type* declared = nullptr;  // the field's declared type (for data validation)
  // Written in a strict module: data of another JSON kind is a mismatch (docs/language.md).
  bool strict = false;
  // A strict scalar read whose mismatch is kept as a value: the read is compared (`==`, `!=`,
  // ordering, `in`, `matches`), tested with `exists` or interpolated in a message, directly or
  // through `??`. Anywhere else a mismatch is an ERROR at the read.
  bool keeps_mismatch = false;
  // A read of a union field, viewed as one arm (`declared`) by the operator that takes it
  // (docs/language.md "Union types"): the union, and the JSON kinds of its other arms as bits
  // (1 << rt::ValueKind). Data of those kinds is "another arm": it differs from the compared
  // value (`!=` is true), while data of no arm is a mismatch.
  const Type* union_type = nullptr;
  uint32_t other_arms = 0;
  // A `(T | list<T>)` union iterated by a quantifier, viewed as list<T>: data of T's kind (the
  // one other arm) is a list of itself alone.
  bool one_or_many = false;
  // A union with a record arm read through `?.` (`s.Principal?.AWS`), viewed as that arm: data
  // of another arm's kind reads as absent (data of no arm's kind FAILs, as a strict read).
  bool other_arm_absent = false;
};

struct CallInfo {
  bool is_builtin = false;
  Builtin builtin = Builtin::kLen;
  const ast::FnDecl* fn = nullptr;
};

// A test of whether a value is present: `exists x`, and `x == null`, `null == x`, `x != null`,
// which compare nothing. Backends evaluate such an `==`/`!=` through this entry, never as a
// comparison of values; the type checker narrows with it.
struct PresenceTest {
  const ast::Expr* operand = nullptr;  // x
  bool present = true;                 // the test is true when x is present (else: absent)
};

struct Program {
  SourceManager sources;
  std::vector<ast::File> files;
  ast::IdAllocator ids;
  TypeTable types;

  // Side tables.
  std::unordered_map<ast::NodeId, const Type*> expr_types;
  std::unordered_map<ast::NodeId, ast::NodeId> name_bindings;  // NameRef expr -> binder id
  std::unordered_map<ast::NodeId, MemberInfo> members;
  std::unordered_map<ast::NodeId, CallInfo> calls;
  std::unordered_map<ast::NodeId, const Type*> binder_types;       // binder id -> type
  std::unordered_map<const ast::FnDecl*, const Type*> fn_results;  // declared result types
  std::unordered_map<ast::NodeId, const ResourceInfo*> related;    // related(), ref_to() -> T
  std::unordered_map<ast::NodeId, PresenceTest> presence_tests;    // test expr -> what it tests
  // Quantifier variables (binder ids) passed unread to ref_to, ref_id, ref_attribute, kind_of or
  // join_parts: each element of the quantifier's list (data) is bound unread, and read where the
  // variable is used otherwise (docs/language.md "ref_to").
  std::unordered_set<ast::NodeId> lazy_binders;
  // Assert statements (by Stmt id) that are guards: their condition proves a value present that
  // was not known present before, so the statements after them may rely on it. A failed guard
  // ends the evaluation of its resource; any other failed assert is recorded and evaluation goes
  // on, so that every failing assert of a resource is reported.
  std::unordered_set<ast::NodeId> guard_asserts;

  std::vector<std::unique_ptr<ResourceInfo>> resources;
  std::vector<ControlInfo> controls;  // sorted by id
  std::map<std::string, const ResourceInfo*> by_cfn_type;
  // Profiles resolved to the controls they select, and module-level waivers (policy_rules.h).
  std::vector<rt::Profile> profiles;
  std::vector<rt::Waiver> waivers;
  // The declared frameworks, sorted by name, with the attestations that cover their requirements.
  std::vector<rt::Framework> frameworks;

  const Type* TypeOf(const ast::Expr& e) const {
    auto it = expr_types.find(e.id);
    return it == expr_types.end() ? types.Error() : it->second;
  }
  // The presence test `e` is, or nullptr when it is none.
  const PresenceTest* PresenceTestOf(const ast::Expr& e) const {
    auto it = presence_tests.find(e.id);
    return it == presence_tests.end() ? nullptr : &it->second;
  }
};

// Type-checks `program.files`, filling the side tables and controls. Returns false when any
// error was reported.
bool Check(Program& program, DiagnosticEngine& diags);

// The file:line:col of the start of `r` (for reports and runtime tables).
inline rt::Location LocationOf(const Program& p, const ast::SourceRange& r) {
  const rt::SourceFile& file = p.sources.file(r.file);
  rt::LineCol at = file.Locate(r.begin);
  return {file.path(), at.line, at.col, 0, 0};
}

}  // namespace srm::sema
