// `Overloaded{lambdas...}` for exhaustive std::visit over AST variants.
#pragma once

namespace srm {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace srm
