#include "compiler/ast/ast.h"

#include <iterator>

#include "compiler/ast/overloaded.h"

namespace srm::ast {

std::string QualName::Text() const {
  std::string out;
  for (const Ident& p : parts) {
    if (!out.empty()) out += '.';
    out += p.name;
  }
  return out;
}

namespace {
struct BinaryOpInfo {
  BinaryOp op;
  const char* spelling;
  BinaryClass cls;
};
constexpr BinaryOpInfo kBinaryOps[] = {
#define SRM_BINARY_OP(Name, Spelling, Class) {BinaryOp::k##Name, Spelling, BinaryClass::k##Class},
#include "compiler/ast/operators.def"
};
struct UnaryOpInfo {
  UnaryOp op;
  const char* spelling;
};
constexpr UnaryOpInfo kUnaryOps[] = {
#define SRM_UNARY_OP(Name, Spelling) {UnaryOp::k##Name, Spelling},
#include "compiler/ast/operators.def"
};
// The tables are indexed by enum value: each row must sit at its operator's position.
constexpr bool InEnumOrder() {
  for (size_t i = 0; i < std::size(kBinaryOps); ++i)
    if (static_cast<size_t>(kBinaryOps[i].op) != i) return false;
  for (size_t i = 0; i < std::size(kUnaryOps); ++i)
    if (static_cast<size_t>(kUnaryOps[i].op) != i) return false;
  return true;
}
static_assert(InEnumOrder());
}  // namespace

const char* BinaryOpText(BinaryOp op) { return kBinaryOps[static_cast<size_t>(op)].spelling; }
BinaryClass ClassOf(BinaryOp op) { return kBinaryOps[static_cast<size_t>(op)].cls; }
const char* UnaryOpText(UnaryOp op) { return kUnaryOps[static_cast<size_t>(op)].spelling; }

bool YieldsBool(BinaryOp op) {
  switch (ClassOf(op)) {
    case BinaryClass::kArithmetic:
    case BinaryClass::kCoalesce:
      return false;
    case BinaryClass::kEquality:
    case BinaryClass::kOrdering:
    case BinaryClass::kMembership:
    case BinaryClass::kMatch:
    case BinaryClass::kLogical:
      return true;
  }
  return true;
}

std::optional<BinaryOp> BinaryOpFromText(std::string_view text) {
  for (const BinaryOpInfo& b : kBinaryOps)
    if (text == b.spelling) return b.op;
  return std::nullopt;
}

std::optional<UnaryOp> UnaryOpFromText(std::string_view text) {
  for (const UnaryOpInfo& u : kUnaryOps)
    if (text == u.spelling) return u.op;
  return std::nullopt;
}

const std::vector<std::string_view>& OperatorSpellings() {
  static const std::vector<std::string_view> kAll = [] {
    std::vector<std::string_view> all;
    for (const BinaryOpInfo& b : kBinaryOps) all.push_back(b.spelling);
    for (const UnaryOpInfo& u : kUnaryOps) all.push_back(u.spelling);
    return all;
  }();
  return kAll;
}

const Ident& Decl::Name() const {
  return std::visit([](const auto& d) -> const Ident& { return d.name; }, node);
}

const char* Decl::KindName() const {
  return std::visit(Overloaded{
                        [](const PartyDecl&) { return "party"; },
                        [](const LayerDecl&) { return "layer"; },
                        [](const TypeDecl&) { return "type"; },
                        [](const ResourceDecl&) { return "resource"; },
                        [](const ServiceDecl&) { return "service"; },
                        [](const FnDecl&) { return "fn"; },
                        [](const ControlDecl&) { return "control"; },
                        [](const FrameworkDecl&) { return "framework"; },
                        [](const SharedControlDecl&) { return "shared control"; },
                    },
                    node);
}

}  // namespace srm::ast
