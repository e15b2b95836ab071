// Declarations, name resolution, schemas and the responsibility model of the type checker.
#include "compiler/sema/checker.h"

#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <functional>

#include "compiler/ast/overloaded.h"
#include "compiler/sema/service_models.h"
#include "runtime/report/severity.h"

namespace srm::sema {

namespace {

// `a.b_c.D-e`: non-empty segments of letters, digits and _ - @ : separated by single dots.
bool ValidSourcePath(const std::string& path) {
  if (path.empty() || path.front() == '.' || path.back() == '.') return false;
  char prev = '.';
  for (char c : path) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '@' ||
              c == ':' || (c == '.' && prev != '.');
    if (!ok) return false;
    prev = c;
  }
  return true;
}

bool ValidTfType(const std::string& t) {
  if (t.empty()) return false;
  for (char c : t) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
      return false;
  }
  return true;
}

}  // namespace

namespace {
using rt::kSeverities;  // runtime/report/severity.h
}

bool Check(Program& program, DiagnosticEngine& diags) {
  Checker checker(program, diags);
  return checker.Run();
}

bool Checker::Run() {
  size_t errors_before = d_.error_count();
  CollectDecls();
  CollectFrameworks();
  CheckImports();
  ResolveResources();
  CheckServices();
  CheckSharedControls();
  CheckAttestations();
  CheckFns();
  CheckRecursion();
  CheckControls();
  ReportUnionUses();
  ReportMissingModules();
  std::sort(p_.controls.begin(), p_.controls.end(),
            [](const ControlInfo& a, const ControlInfo& b) { return a.id < b.id; });
  return d_.error_count() == errors_before;
}

void Checker::SetFile(const ast::File& f) {
  file_ = &f;
  module_ = f.ModuleName();
  imports_.clear();
  for (const ast::Import& i : f.imports) imports_.insert(i.module.name);
}

std::string Checker::DisplayName(const ast::Decl* d) const {
  auto it = decl_module_.find(d);
  std::string mod = it == decl_module_.end() ? "" : it->second;
  if (mod == module_ || mod.empty()) return d->Name().name;
  return mod + "." + d->Name().name;
}

void Checker::CollectDecls() {
  std::map<std::string, const ast::Decl*> control_ids;
  std::map<std::string, const ast::File*> first_file;  // per module, for `strict`
  for (const ast::File& f : p_.files) {
    std::string mod = f.ModuleName();
    auto [first, new_module] = first_file.emplace(mod, &f);
    if (!new_module && first->second->strict != f.strict) {
      const ast::File& strict = f.strict ? f : *first->second;
      const ast::File& lax = f.strict ? *first->second : f;
      // A file without a module line is in module main, which a strict file may name.
      if (lax.module)
        d_.Report(lax.module->range, diag::StrictMismatch, mod)
            .AddNote(strict.module->range, diag::StrictDeclaredHere);
      else
        d_.Report(strict.module->range, diag::StrictMismatch, mod);
    }
    auto& table = modules_[mod];
    for (const ast::Decl& d : f.decls) {
      decl_module_[&d] = mod;
      decl_file_[&d] = &f;
      const ast::Ident& name = d.Name();
      auto [it, inserted] = table.emplace(name.name, &d);
      if (!inserted) {
        d_.Report(name.range, diag::Redefinition, name.name, mod)
            .AddNote(it->second->Name().range, diag::PreviousDefinition, it->second->KindName());
        continue;
      }
      if (std::holds_alternative<ast::ControlDecl>(d.node)) {
        auto [cit, fresh] = control_ids.emplace(name.name, &d);
        if (!fresh) {
          d_.Report(name.range, diag::DuplicateControlId, name.name, decl_module_[cit->second])
              .AddNote(cit->second->Name().range, diag::OtherControlHere);
        }
      }
      if (const auto* fn = std::get_if<ast::FnDecl>(&d.node)) fn_decls_[fn] = &d;
    }
  }
}

void Checker::CheckImports() {
  std::vector<std::string> names;
  for (const auto& [m, _] : modules_) names.push_back(m);
  for (const ast::File& f : p_.files) {
    std::set<std::string> seen;
    for (const ast::Import& i : f.imports) {
      if (!seen.insert(i.module.name).second) {
        d_.Report(i.module.range, diag::DuplicateImport, i.module.name);
        continue;
      }
      if (i.module.name == f.ModuleName()) {
        d_.Report(i.module.range, diag::ImportsItself, i.module.name);
      } else if (!modules_.count(i.module.name)) {
        auto& d = d_.Report(i.module.range, diag::UnknownModule, i.module.name);
        std::string best = ClosestMatch(i.module.name, names);
        if (!best.empty()) d.AddNote(diag::DidYouMean, best);
        if (i.module.name == "aws") d.AddNote(diag::AwsIsStdlib);
      }
    }
  }
}

void Checker::ReportMissingModules() {
  for (auto& [key, uses] : missing_modules_) {
    const auto& [file, mod] = key;
    auto first = std::min_element(uses.begin(), uses.end(),
                                  [](const auto& a, const auto& b) { return a.begin < b.begin; });
    if (!modules_.count(mod)) {
      d_.Report(*first, diag::UnknownModule, mod);
      continue;
    }
    auto& d = d_.Report(*first, diag::ModuleNotImported, mod);
    if (file != nullptr && file->module)
      d.AddNote(file->module->range, diag::AddImport, mod);
    else
      d.AddNote(diag::AddImport, mod);
    if (uses.size() > 1) d.AddNote(diag::OtherUsesOfModule, uses.size() - 1, mod);
  }
}

bool Checker::SuggestQualified(Diagnostic& d, const std::string& name, const char* kind) {
  // Imported modules first, then the other loaded ones (which need an import too).
  for (bool imported : {true, false}) {
    for (const auto& [m, table] : modules_) {
      if (m == module_ || imports_.count(m) != static_cast<size_t>(imported)) continue;
      auto it = table.find(name);
      if (it == table.end()) continue;
      if (kind != nullptr && std::string_view(it->second->KindName()) != kind) continue;
      d.AddNote(diag::DidYouMean, m + "." + name);
      if (qualify_noted_.insert({file_, m}).second) d.AddNote(diag::QualifyImportedName, m);
      if (!imported) d.AddNote(diag::AddImport, m);
      return true;
    }
  }
  return false;
}

std::vector<std::string> Checker::VisibleNames(const char* kind) const {
  std::vector<std::string> out;
  auto add = [&](const std::string& prefix, const std::map<std::string, const ast::Decl*>& t) {
    for (const auto& [n, d] : t) {
      if (kind == nullptr || std::string_view(d->KindName()) == kind) out.push_back(prefix + n);
    }
  };
  if (auto it = modules_.find(module_); it != modules_.end()) add("", it->second);
  for (const std::string& m : imports_) {
    if (auto it = modules_.find(m); it != modules_.end()) add(m + ".", it->second);
  }
  return out;
}

const ast::Decl* Checker::Lookup(const ast::QualName& q) const {
  std::string mod = q.parts.size() == 1 ? module_ : q.parts[0].name;
  if (mod != module_ && !imports_.count(mod)) return nullptr;
  auto mit = modules_.find(mod);
  if (mit == modules_.end()) return nullptr;
  auto it = mit->second.find(q.parts.back().name);
  return it == mit->second.end() ? nullptr : it->second;
}

const ast::Decl* Checker::Resolve(const ast::QualName& q, const char* kind) {
  const ast::Decl* found = nullptr;
  if (q.parts.size() == 1) {
    auto mit = modules_.find(module_);
    if (mit != modules_.end()) {
      auto it = mit->second.find(q.parts[0].name);
      if (it != mit->second.end()) found = it->second;
    }
  } else {
    const std::string& mod = q.parts[0].name;
    if (mod != module_ && !imports_.count(mod)) {
      // Reported once per file and module by ReportMissingModules: every use has the same fix.
      missing_modules_[{file_, mod}].push_back(q.parts[0].range);
      return nullptr;
    }
    auto mit = modules_.find(mod);
    if (mit != modules_.end()) {
      auto it = mit->second.find(q.parts[1].name);
      if (it != mit->second.end()) found = it->second;
    }
  }
  if (found == nullptr) {
    auto& d = d_.Report(q.range, diag::UnknownDeclaration, kind, q.Text());
    if (q.parts.size() == 1 && SuggestQualified(d, q.parts[0].name, kind)) return nullptr;
    std::string best = ClosestMatch(q.Text(), VisibleNames(kind));
    if (!best.empty()) d.AddNote(diag::DidYouMean, best);
    return nullptr;
  }
  if (std::string_view(found->KindName()) != kind) {
    d_.Report(q.range, diag::WrongDeclarationKind, q.Text(), found->KindName(), kind)
        .AddNote(found->Name().range, diag::NameDeclaredHere, q.Text());
    return nullptr;
  }
  return found;
}

const Type* Checker::ResolveType(const ast::TypeExpr& t, bool resource_schema) {
  const Type* base = std::visit(
      Overloaded{
          [&](const ast::PrimTypeExpr& pt) -> const Type* {
            switch (pt.kind) {
              case ast::PrimKind::kString:
                return p_.types.String();
              case ast::PrimKind::kInt:
                return p_.types.Int();
              case ast::PrimKind::kBool:
                return p_.types.Bool();
            }
            return p_.types.Error();
          },
          [&](const ast::ListTypeExpr& lt) -> const Type* {
            return p_.types.List(NoUnion(*lt.element, ResolveType(*lt.element), "a list element"));
          },
          [&](const ast::MapTypeExpr& mt) -> const Type* {
            return p_.types.Map(NoUnion(*mt.value, ResolveType(*mt.value), "a map value"));
          },
          [&](const ast::UnionTypeExpr& ut) -> const Type* {
            std::vector<const Type*> arms;
            bool ok = true;
            for (const ast::TypeExprPtr& a : ut.arms) {
              const Type* arm = ResolveType(*a);
              auto same_kind = [&](const Type* other) {
                return JsonKindOf(other) == JsonKindOf(arm);
              };
              if (arm->kind == TypeKind::kError) {
                ok = false;
              } else if (JsonKindOf(arm) == rt::ValueKind::kNull || arm->IsOptional() ||
                         IsUnion(arm)) {
                d_.Report(a->range, diag::UnionArm, TypeName(arm));
                ok = false;
              } else if (std::any_of(arms.begin(), arms.end(), same_kind)) {
                d_.Report(a->range, diag::UnionDuplicateArm, TypeName(arm));
                ok = false;
              } else {
                arms.push_back(arm);
              }
            }
            return ok ? p_.types.Union(std::move(arms)) : p_.types.Error();
          },
          [&](const ast::RecordTypeExpr& rt) -> const Type* {
            Type* rec = p_.types.NewRecord("");
            std::map<std::string, ast::SourceRange> seen;
            for (const ast::FieldDecl& f : rt.fields) {
              auto [it, fresh] = seen.emplace(f.name.name, f.name.range);
              if (!fresh) {
                d_.Report(f.name.range, diag::DuplicateField, f.name.name)
                    .AddNote(it->second, diag::FirstDeclaredHere);
                continue;
              }
              if (resource_schema && (f.name.name == "id" || f.name.name == "type")) {
                d_.Report(f.name.range, diag::ReservedField, f.name.name)
                    .AddNote(diag::ReservedFieldMeaning, f.name.name,
                             f.name.name == "id" ? "logical id" : "CloudFormation type");
                continue;
              }
              Field field{f.name.name, ResolveType(*f.type), {}};
              std::map<std::string, ast::SourceRange> formats;
              for (const ast::FieldSource& src : f.sources) {
                const std::string& fmt = src.format.name;
                const rt::InputFormatInfo* bound = FindBoundFormat(src.format, true);
                if (bound == nullptr) continue;
                if (auto [at, first] = formats.emplace(fmt, src.format.range); !first) {
                  d_.Report(src.format.range, diag::DuplicateFieldSource, f.name.name, fmt)
                      .AddNote(at->second, diag::FirstOneHere);
                  continue;
                }
                if (!ValidSourcePath(src.path)) {
                  d_.Report(src.path_range, diag::BadFieldPath, src.path);
                  continue;
                }
                field.sources[rt::BindingSlot(bound->format)] = src.path;
              }
              rec->fields.push_back(std::move(field));
            }
            return rec;
          },
          [&](const ast::NamedTypeExpr& nt) -> const Type* {
            // A named type is a resource type or a `type` alias.
            const ast::Decl* d = Lookup(nt.name);
            if (d != nullptr && std::holds_alternative<ast::ResourceDecl>(d->node)) {
              return resource_infos_.at(d)->type;
            }
            d = Resolve(nt.name, "type");
            if (d == nullptr) return p_.types.Error();
            if (auto it = alias_types_.find(d); it != alias_types_.end()) return it->second;
            if (alias_in_progress_.count(d)) {
              d_.Report(nt.name.range, diag::TypeRefersToItself, nt.name.Text())
                  .AddNote(d->Name().range, diag::DeclaredHere);
              return p_.types.Error();
            }
            alias_in_progress_.insert(d);
            const ast::File* saved = file_;
            SetFile(*decl_file_.at(d));
            const Type* resolved = ResolveType(*std::get<ast::TypeDecl>(d->node).type);
            SetFile(*saved);
            alias_in_progress_.erase(d);
            if (resolved->kind == TypeKind::kRecord && resolved->name.empty()) {
              const_cast<Type*>(resolved)->name = nt.name.Text();
            }
            alias_types_[d] = resolved;
            return resolved;
          },
      },
      t.node);
  return t.optional ? p_.types.Optional(base) : base;
}

const Type* Checker::NoUnion(const ast::TypeExpr& t, const Type* resolved, const char* what) {
  if (!IsUnion(resolved)) return resolved;
  d_.Report(t.range, diag::UnionNotAllowed, what);
  return p_.types.Error();
}

void Checker::ResolveResources() {
  // Resource types first (so schemas may name each other), then their schemas, then aliases.
  for (const ast::File& f : p_.files) {
    for (const ast::Decl& d : f.decls) {
      const auto* r = std::get_if<ast::ResourceDecl>(&d.node);
      if (r == nullptr) continue;
      auto info = std::make_unique<ResourceInfo>();
      info->decl = r;
      info->module = f.ModuleName();
      info->qualified_name = info->module + "." + r->name.name;
      info->cfn_type = r->cfn_type;
      for (const ast::FormatBinding& b : r->bindings) {
        const rt::InputFormatInfo* bound = rt::FindBinding(b.format.name);
        if (bound == nullptr) continue;  // reported by CheckBindings
        info->bound_types[rt::BindingSlot(bound->format)] =
            b.has_type
                ? b.type
                : (rt::TypeRuleOf(bound->binding_rules).defaults_to_cfn_type ? r->cfn_type : "");
      }
      if (!r->has_cfn_type) {
        for (const std::string& bound : info->bound_types) {
          if (info->cfn_type.empty()) info->cfn_type = bound;
        }
      }
      info->type = p_.types.NewResource(info.get(), info->qualified_name);
      resource_infos_[&d] = info.get();
      p_.resources.push_back(std::move(info));
    }
  }
  for (const ast::File& f : p_.files) {
    SetFile(f);
    for (const ast::Decl& d : f.decls) {
      if (const auto* r = std::get_if<ast::ResourceDecl>(&d.node)) {
        ResourceInfo* info = resource_infos_[&d];
        info->schema = ResolveType(*r->schema, /*resource_schema=*/true);
        const_cast<Type*>(info->schema)->name = info->qualified_name;
        const_cast<Type*>(info->type)->fields = info->schema->fields;
        CheckBindings(*r, info);
        bool shape = !r->has_cfn_type || r->cfn_type.find("::") != std::string::npos;
        if (!shape) {
          d_.Report(r->cfn_type_range, diag::BadCfnType, r->cfn_type);
        }
        if (info->cfn_type.empty()) continue;  // reported by CheckBindings
        auto [it, fresh] = p_.by_cfn_type.emplace(info->cfn_type, info);
        if (!fresh && shape) {
          d_.Report(r->has_cfn_type ? r->cfn_type_range : r->range, diag::SchemaTwice,
                    info->cfn_type, it->second->qualified_name)
              .AddNote(it->second->decl->name.range, diag::OtherSchemaHere);
        }
      } else if (std::holds_alternative<ast::TypeDecl>(d.node)) {
        ast::NamedTypeExpr self{ast::QualName{{d.Name()}, d.Name().range}};
        ast::TypeExpr ref{0, d.Name().range, false, std::move(self)};
        ResolveType(ref);
      }
    }
  }
}

void Checker::CheckBindings(const ast::ResourceDecl& r, const ResourceInfo* info) {
  std::map<std::string, const ast::FormatBinding*> seen;
  for (const ast::FormatBinding& b : r.bindings) {
    const std::string& f = b.format.name;
    const rt::InputFormatInfo* bound = FindBoundFormat(b.format, false);
    if (bound == nullptr) continue;
    if (auto [it, first] = seen.emplace(f, &b); !first) {
      d_.Report(b.range, diag::DuplicateBinding, r.name.name, f)
          .AddNote(it->second->range, diag::FirstOneHere);
      continue;
    }
    size_t slot = rt::BindingSlot(bound->format);
    switch (bound->binding_rules) {
      case rt::BindingRules::kNone:
        break;  // FindBinding returns only formats with a binding
      case rt::BindingRules::kTerraform:
        CheckTfBinding(r, b, bound_types_[slot]);
        break;
      case rt::BindingRules::kAwsConfig:
        CheckConfigBinding(r, b, info->bound_types[slot], bound_types_[slot]);
        break;
    }
  }
  if (!r.has_cfn_type && info->cfn_type.empty() && seen.empty()) {
    d_.Report(r.range, diag::ResourceWithoutType, r.name.name);
  }
}

const rt::InputFormatInfo* Checker::FindBoundFormat(const ast::Ident& keyword, bool field_source) {
  if (const rt::InputFormatInfo* bound = rt::FindBinding(keyword.name)) return bound;
  Diagnostic& d = field_source ? d_.Report(keyword.range, diag::UnknownFieldSourceFormat,
                                           keyword.name, rt::FieldSourceForms())
                               : d_.Report(keyword.range, diag::UnknownBindingFormat, keyword.name,
                                           rt::BindingForms());
  std::string best = ClosestMatch(keyword.name, rt::BindingKeywords());
  if (!best.empty()) d.AddNote(diag::DidYouMean, best);
  return nullptr;
}

void Checker::CheckTfBinding(const ast::ResourceDecl& r, const ast::FormatBinding& b,
                             std::map<std::string, const ast::ResourceDecl*>& bound_types) {
  if (!b.has_type) {
    d_.Report(b.range, diag::TfNeedsType);
    return;
  }
  if (!ValidTfType(b.type)) {
    d_.Report(b.range, diag::BadTfType, b.type);
    return;
  }
  auto [it, fresh] = bound_types.emplace(b.type, &r);
  if (!fresh) {
    d_.Report(b.range, diag::TfTypeTwice, b.type, it->second->name.name)
        .AddNote(it->second->name.range, diag::OtherResourceHere);
  }
}

void Checker::CheckConfigBinding(const ast::ResourceDecl& r, const ast::FormatBinding& b,
                                 const std::string& type,
                                 std::map<std::string, const ast::ResourceDecl*>& bound_types) {
  if (!b.has_type && !r.has_cfn_type) {
    d_.Report(b.range, diag::ConfigNeedsType);
    return;
  }
  if (b.has_type && b.type.find("::") == std::string::npos) {
    d_.Report(b.range, diag::BadConfigType, b.type);
    return;
  }
  auto [it, fresh] = bound_types.emplace(type, &r);
  if (!fresh) {
    d_.Report(b.range, diag::ConfigTypeTwice, type, it->second->name.name)
        .AddNote(it->second->name.range, diag::OtherResourceHere);
  }
}

void Checker::CheckServices() {
  for (const ast::File& f : p_.files) {
    SetFile(f);
    for (const ast::Decl& d : f.decls) {
      const auto* s = std::get_if<ast::ServiceDecl>(&d.node);
      if (s == nullptr) continue;
      std::string qualified = module_ + "." + s->name.name;
      for (const ast::QualName& q : s->resources) {
        const ast::Decl* r = Resolve(q, "resource");
        if (r == nullptr) continue;
        ResourceInfo* info = resource_infos_[r];
        if (!info->service.empty() && info->service != qualified) {
          d_.Report(q.range, diag::ResourceInTwoServices, q.Text(), info->service);
          continue;
        }
        info->service = qualified;
      }
      auto& owners = ownership_[&d];
      auto& sites = ownership_site_[&d];
      std::set<std::string> stack_modules;
      auto claim = [&](const ast::QualName& lq, const ast::Decl* party,
                       const ast::SourceRange& site, bool shared) {
        const ast::Decl* layer = Resolve(lq, "layer");
        if (layer == nullptr) return;
        stack_modules.insert(decl_module_[layer]);
        auto it = owners.find(layer);
        if (it != owners.end()) {
          d_.Report(lq.range, diag::LayerAssignedTwice, lq.Text(), s->name.name)
              .AddNote(sites[layer], diag::FirstAssignedHere);
          return;
        }
        owners[layer] = {};
        sites[layer] = site;
        if (!shared && party != nullptr) owners[layer].push_back(party);
      };
      for (const ast::OwnsClause& o : s->owns) {
        const ast::Decl* party = Resolve(o.party, "party");
        for (const ast::QualName& lq : o.layers) claim(lq, party, o.range, false);
      }
      for (const ast::SharedClause& sh : s->shared) {
        std::vector<const ast::Decl*> parties = SharedEntryParties(sh.entries);
        if (sh.entries.size() < 2) {
          d_.Report(sh.range, diag::SharedNeedsTwoParties);
        }
        for (const ast::QualName& lq : sh.layers) {
          claim(lq, nullptr, sh.range, true);
          const ast::Decl* layer = Resolve(lq, "layer");
          if (layer != nullptr && owners.count(layer) && owners[layer].empty())
            owners[layer] = parties;
        }
      }
      if (owners.empty() && s->owns.empty() && s->shared.empty()) {
        d_.Report(s->name.range, diag::ServiceAssignsNothing, s->name.name)
            .AddNote(diag::AddOwnsLines);
        continue;
      }
      // Every layer of the stack (the modules whose layers the service names) needs an owner.
      std::vector<std::string> missing;
      for (const std::string& mod : stack_modules) {
        for (const auto& [name, ld] : modules_[mod]) {
          if (std::holds_alternative<ast::LayerDecl>(ld->node) && !owners.count(ld)) {
            missing.push_back(mod == module_ ? name : mod + "." + name);
          }
        }
      }
      if (!missing.empty()) {
        std::string list = fmt::format("{}", fmt::join(missing, ", "));
        (missing.size() == 1
             ? d_.Report(s->name.range, diag::LayerWithoutOwner, s->name.name, list)
             : d_.Report(s->name.range, diag::LayersWithoutOwner, s->name.name, list))
            .AddNote(diag::EveryLayerOwned, missing[0]);
      }
      if (s->model && FindServiceModel(s->model->name) == nullptr) {
        std::vector<std::string_view> names;
        for (const ServiceModel& m : kServiceModels) names.push_back(m.keyword);
        d_.Report(s->model->range, diag::UnknownServiceModel, s->model->name)
            .AddNote(diag::ExpectedServiceModels, fmt::join(names, ", "));
      }
    }
  }
}

void Checker::CheckFns() {
  for (const ast::File& f : p_.files) {
    SetFile(f);
    for (const ast::Decl& d : f.decls) {
      const auto* fn = std::get_if<ast::FnDecl>(&d.node);
      if (fn == nullptr) continue;
      FnSig sig;
      std::set<std::string> names;
      for (const ast::Param& prm : fn->params) {
        if (!names.insert(prm.name.name).second) {
          d_.Report(prm.name.range, diag::DuplicateParameter, prm.name.name);
        }
        const Type* t = NoUnion(*prm.type, ResolveType(*prm.type), "a parameter");
        sig.params.push_back(t);
        p_.binder_types[prm.id] = t;
      }
      sig.result = NoUnion(*fn->result, ResolveType(*fn->result), "a function's result");
      p_.fn_results[fn] = sig.result;
      fn_sigs_[fn] = sig;
    }
  }
  for (const ast::File& f : p_.files) {
    SetFile(f);
    for (const ast::Decl& d : f.decls) {
      const auto* fn = std::get_if<ast::FnDecl>(&d.node);
      if (fn == nullptr) continue;
      current_fn_ = fn;
      Env env;
      const FnSig& sig = fn_sigs_[fn];
      for (size_t i = 0; i < fn->params.size(); ++i) {
        env.push_back({fn->params[i].name.name, fn->params[i].id, sig.params[i]});
      }
      const Type* body = Expr(*fn->body, env, {});
      if (!Assignable(body, sig.result)) {
        d_.Report(fn->body->range, diag::FunctionResultType, fn->name.name, TypeName(sig.result),
                  TypeName(body));
      }
      current_fn_ = nullptr;
    }
  }
}

void Checker::CheckRecursion() {
  std::map<const ast::FnDecl*, int> state;  // 1 visiting, 2 done
  std::function<bool(const ast::FnDecl*, std::vector<const ast::FnDecl*>&)> visit =
      [&](const ast::FnDecl* fn, std::vector<const ast::FnDecl*>& path) {
        state[fn] = 1;
        path.push_back(fn);
        for (const ast::FnDecl* callee : call_graph_[fn]) {
          if (state[callee] == 1) {
            std::string cycle;
            bool on = false;
            for (const ast::FnDecl* x : path) {
              if (x == callee) on = true;
              if (on) cycle += x->name.name + " -> ";
            }
            d_.Report(callee->name.range, diag::RecursiveFunction, callee->name.name,
                      cycle + callee->name.name)
                .AddNote(diag::RecursionNotAllowed);
            return true;
          }
          if (state[callee] == 0 && visit(callee, path)) return true;
        }
        path.pop_back();
        state[fn] = 2;
        return false;
      };
  for (const auto& [fn, _] : fn_sigs_) {
    std::vector<const ast::FnDecl*> path;
    if (state[fn] == 0) visit(fn, path);
  }
}

void Checker::CheckControls() {
  for (const ast::File& f : p_.files) {
    SetFile(f);
    for (const ast::Decl& d : f.decls) {
      if (const auto* c = std::get_if<ast::ControlDecl>(&d.node)) CheckControl(d, *c);
    }
  }
}

bool Checker::InControlService(const ResourceInfo& ri, const ast::Decl* service,
                               const ast::Decl* layer, const ast::Decl* owner) {
  if (ri.service == decl_module_[service] + "." + service->Name().name) return true;
  // A resource type of another service, which gives the control's layer to its owner too (EBS
  // volumes in an EC2 control on encryption): the ownership rule holds there as well.
  if (layer == nullptr || owner == nullptr) return false;
  for (const auto& [other, layers] : ownership_) {
    if (ri.service != decl_module_[other] + "." + other->Name().name) continue;
    auto it = layers.find(layer);
    return it != layers.end() &&
           std::find(it->second.begin(), it->second.end(), owner) != it->second.end();
  }
  return false;
}

void Checker::CheckControl(const ast::Decl& decl, const ast::ControlDecl& c) {
  std::map<std::string, ast::SourceRange> seen;
  for (const auto& [clause, range] : c.clause_seen) {
    auto [it, fresh] = seen.emplace(clause, range);
    if (!fresh) {
      d_.Report(range, diag::DuplicateClause, c.name.name, clause)
          .AddNote(it->second, diag::FirstGivenHere);
    }
  }
  std::vector<std::string> absent;
  auto missing = [&](const char* clause) { absent.push_back(clause); };
  ControlInfo info;
  info.decl = &c;
  info.id = c.name.name;
  info.module = module_;
  info.title = c.title.value_or("");
  info.description = c.description.value_or("");
  info.remediation = c.remediation.value_or("");
  if (!c.title) missing("title");
  const ast::Decl* service = nullptr;
  const ast::Decl* layer = nullptr;
  const ast::Decl* owner = nullptr;
  if (!c.service)
    missing("service");
  else if ((service = Resolve(*c.service, "service")))
    info.service = service->Name().name;
  if (!c.layer)
    missing("layer");
  else if ((layer = Resolve(*c.layer, "layer")))
    info.layer = layer->Name().name;
  if (!c.owner)
    missing("owner");
  else if ((owner = Resolve(*c.owner, "party")))
    info.owner = owner->Name().name;
  if (!c.severity) {
    missing("severity");
  } else {
    info.severity = c.severity->name;
    if (std::find(std::begin(kSeverities), std::end(kSeverities), info.severity) ==
        std::end(kSeverities)) {
      auto& d = d_.Report(c.severity->range, diag::UnknownSeverity, info.severity);
      std::string best =
          ClosestMatch(info.severity, {std::begin(kSeverities), std::end(kSeverities)});
      if (best.empty())
        d.AddNote(diag::ExpectedSeverities, fmt::join(kSeverities, ", "));
      else
        d.AddNote(diag::DidYouMean, best);
    }
  }
  // The responsibility model: the owner must own (or share) the layer on this service.
  if (service != nullptr && layer != nullptr && owner != nullptr) {
    auto& owners = ownership_[service];
    auto it = owners.find(layer);
    if (it == owners.end()) {
      d_.Report(c.layer->range, diag::LayerNotAssigned, service->Name().name, c.layer->Text());
    } else if (!it->second.empty() &&  // empty: its party did not resolve (already reported)
               std::find(it->second.begin(), it->second.end(), owner) == it->second.end()) {
      std::vector<std::string> holders;
      for (const ast::Decl* o : it->second) holders.push_back(o->Name().name);
      const std::string& who = owner->Name().name;
      std::string article =
          (std::string_view("AEIOU").find(who[0]) == std::string_view::npos ? "a " : "an ") + who;
      const std::string& l = layer->Name().name;
      const std::string& sv = service->Name().name;
      (holders.size() > 1
           ? d_.Report(c.owner->range, diag::LayerSharedByOthers, l, sv,
                       fmt::join(holders, " and "), article)
           : d_.Report(c.owner->range, diag::LayerBelongsToOther, l, sv, holders[0], article))
          .AddNote(ownership_site_[service][layer], diag::ResponsibilityAssignedHere);
    }
  }
  CheckMappings(c.maps);
  if (c.fors.empty()) missing("for");
  if (!absent.empty()) {
    std::string list = fmt::format("'{}'", fmt::join(absent, "', '"));
    (absent.size() == 1 ? d_.Report(c.name.range, diag::MissingClause, c.name.name, list)
                        : d_.Report(c.name.range, diag::MissingClauses, c.name.name, list))
        .AddNote(diag::ControlNeeds);
  }
  // Several blocks check several resource types (one block per type): resources of any of
  // them make the control apply.
  std::map<const ast::Decl*, const ast::ForBlock*> block_of_type;
  std::vector<const ResourceInfo*> resources;
  for (const ast::ForBlock& fb : c.fors) {
    const ast::Decl* rd = Resolve(fb.resource_type, "resource");
    const Type* var_type = p_.types.Error();
    if (rd != nullptr) {
      ResourceInfo* ri = resource_infos_[rd];
      var_type = ri->type;
      resources.push_back(ri);
      if (auto [first, fresh] = block_of_type.emplace(rd, &fb); !fresh) {
        d_.Report(fb.resource_type.range, diag::DuplicateForType, c.name.name,
                  fb.resource_type.Text())
            .AddNote(first->second->range, diag::OneBlockPerResourceType);
      }
      if (service != nullptr && !InControlService(*ri, service, layer, owner)) {
        auto& d = d_.Report(fb.resource_type.range, diag::ResourceNotInService,
                            fb.resource_type.Text(), service->Name().name);
        if (!ri->service.empty()) {
          d.AddNote(diag::BelongsToService, ri->service);
          if (layer != nullptr && owner != nullptr)
            d.AddNote(diag::OtherServiceLayerOwner, layer->Name().name, owner->Name().name);
        }
      }
    }
    p_.binder_types[fb.var_id] = var_type;
    Env env{{fb.var.name, fb.var_id, var_type}};
    Facts facts;
    if (fb.when) {
      ExpectBool(*fb.when, env, facts, "a 'when' filter");
      AddFacts(*fb.when, true, facts);
    }
    for (const ast::Stmt& s : fb.body) {
      std::visit(Overloaded{
                     [&](const ast::LetStmt& l) {
                       const Type* t = Expr(*l.value, env, facts);
                       p_.binder_types[l.var_id] = t;
                       let_values_[l.var_id] = l.value.get();
                       env.push_back({l.var.name, l.var_id, t});
                     },
                     [&](const ast::AssertStmt& a) {
                       ExpectBool(*a.cond, env, facts, "an assert");
                       if (a.message) CheckMessage(*a.message, env, facts);
                       size_t known = facts.size();
                       AddFacts(*a.cond, true, facts);
                       if (facts.size() != known) p_.guard_asserts.insert(s.id);
                     },
                 },
                 s.node);
    }
  }
  if (resources.size() == c.fors.size()) info.resources = std::move(resources);
  (void)decl;
  p_.controls.push_back(std::move(info));
}

}  // namespace srm::sema
