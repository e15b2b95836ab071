// The service models, `model M;` in a service: each keyword with the category of the AWS shared
// responsibility model it stands for. The one list of them: the type checker accepts these
// keywords (E0422 lists them) and `srm matrix` shows the categories (docs/model.md#categories).
#pragma once

#include <array>
#include <string_view>

namespace srm::sema {

struct ServiceModel {
  std::string_view keyword;
  std::string_view category;
};

inline constexpr std::array<ServiceModel, 5> kServiceModels = {{
    {"iaas", "infrastructure"},
    {"paas", "container"},
    {"saas", "software"},
    {"managed", "abstracted"},
    {"serverless", "serverless"},
}};

// The model whose keyword is `keyword`, or nullptr.
inline const ServiceModel* FindServiceModel(std::string_view keyword) {
  for (const ServiceModel& m : kServiceModels) {
    if (m.keyword == keyword) return &m;
  }
  return nullptr;
}

}  // namespace srm::sema
