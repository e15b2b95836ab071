#include "compiler/sema/control_table.h"

#include <memory>
#include <set>
#include <string>

namespace srm::sema {

std::vector<const ControlInfo*> EvaluatedControls(const Program& program,
                                                  const std::set<std::string>* only) {
  std::vector<const ControlInfo*> out;
  for (const ControlInfo& c : program.controls) {
    if (c.resources.empty() || c.resources.size() != c.decl->fors.size()) continue;
    if (only == nullptr || only->count(c.id) != 0) out.push_back(&c);
  }
  return out;
}

rt::ControlTable BuildControlTable(const Program& program, const std::set<std::string>* only) {
  rt::ControlTable table;
  for (const ControlInfo* c : EvaluatedControls(program, only)) {
    auto meta = std::make_shared<rt::ControlMeta>();
    meta->order = static_cast<uint32_t>(table.controls.size());
    meta->id = c->id;
    meta->module = c->module;
    meta->title = c->title;
    meta->description = c->description;
    meta->remediation = c->remediation;
    for (const ResourceInfo* r : c->resources) meta->resource_types.push_back(r->cfn_type);
    meta->service = c->service;
    meta->layer = c->layer;
    meta->owner = c->owner;
    meta->severity = c->severity;
    for (const ast::FrameworkRef& m : c->decl->maps) {
      meta->frameworks.push_back({m.framework.name, m.reference});
    }
    const ast::SourceRange& name = c->decl->name.range;
    const rt::SourceFile& file = program.sources.file(name.file);
    rt::LineCol begin = file.Locate(name.begin);
    rt::LineCol end = file.Locate(name.end);
    meta->location = {file.path(), begin.line, begin.col, end.line, end.col};
    table.controls.push_back(std::move(meta));
  }
  table.profiles = program.profiles;
  table.waivers = program.waivers;
  std::set<std::string> related;
  for (const auto& [call, type] : program.related) related.insert(type->cfn_type);
  table.related_types.assign(related.begin(), related.end());
  return table;
}

}  // namespace srm::sema
