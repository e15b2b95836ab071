// LoadCfnJson: a CloudFormation template in JSON, once the JSON pass has streamed its resources
// and kept "Parameters", "Conditions" and "Mappings": checks it has resources and resolves them.
#include "runtime/inventory/format_loaders.h"

namespace srm::rt::detail {

bool LoadCfnJson(FileLoad& load, const JsonSections& sections) {
  if (!sections.streamed) {
    return load.Fail(sections.top_offset,
                     "the template has no \"Resources\" section; expected a "
                     "CloudFormation template with a \"Resources\" object");
  }
  constexpr InputFormat kCfn = InputFormat::kCfn;
  CfnSections cfn;
  cfn.parameters = sections.Section(kCfn, "Parameters");
  cfn.conditions = sections.Section(kCfn, "Conditions");
  cfn.mappings = sections.Section(kCfn, "Mappings");
  return FinishCfnTemplate(load, cfn, sections.first_resource, sections.n_resources);
}

}  // namespace srm::rt::detail
