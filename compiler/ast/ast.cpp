#include "compiler/ast/ast.h"

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

const char* BinaryOpText(BinaryOp op) {
  switch (op) {
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kMod:
      return "%";
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kCoalesce:
      return "??";
    case BinaryOp::kEq:
      return "==";
    case BinaryOp::kNe:
      return "!=";
    case BinaryOp::kLt:
      return "<";
    case BinaryOp::kLe:
      return "<=";
    case BinaryOp::kGt:
      return ">";
    case BinaryOp::kGe:
      return ">=";
    case BinaryOp::kIn:
      return "in";
    case BinaryOp::kNotIn:
      return "not in";
    case BinaryOp::kMatches:
      return "matches";
    case BinaryOp::kAnd:
      return "and";
    case BinaryOp::kOr:
      return "or";
  }
  return "?";
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
                    },
                    node);
}

}  // namespace srm::ast
