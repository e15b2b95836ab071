// The control table: every control of a program with its metadata, sorted by id. Built once by
// the front end (compiler/sema/control_table.h); the interpreter uses it directly, generated code
// embeds it serialised and the runtime parses it back, so every backend reports the same metadata.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/report/policy_rules.h"
#include "runtime/report/report.h"

namespace srm::rt {

struct ControlTable {
  std::vector<std::shared_ptr<const ControlMeta>> controls;  // sorted by id
  // The program's profiles (resolved: the controls each selects, with levels) and its
  // module-level waivers (runtime/report/policy_rules.h); SelectControls keeps them.
  std::vector<Profile> profiles;
  std::vector<Waiver> waivers;
  // Every resource type a related() or ref_to() of the program names (sorted, unique). With the
  // selected controls' own types, the only resources whose properties an evaluation can read
  // (BuiltTypes, LoadOptions::build_types).
  std::vector<std::string> related_types;

  // A JSON document (RapidJSON); Parse(Serialize()) gives the same table.
  std::string Serialize() const;
  // False with a reason when `text` is not a serialised table (or its controls are not sorted
  // by id, or their `order` is not their position).
  static bool Parse(std::string_view text, ControlTable& out, std::string& error);
};

// The `--control` filter of `srm check` (both backends) and compiled checkers: the controls of
// `table` named in `requested`, in table order; all of them when `requested` is empty. An entry
// with `*`, `?` or `[` is a glob (fnmatch(3), `*` crossing dots: 'CT.S3.*'). For an id the
// table does not have, or a glob that matches nothing, returns false with "unknown control 'X'"
// or "no control matches 'X'" (and "; did you mean 'Y'?" when one is close) in `error`.
bool IsControlGlob(std::string_view pattern);
bool SelectControls(const ControlTable& table, const std::vector<std::string>& requested,
                    ControlTable& selected, std::string& error);

// The resource types whose properties evaluating `table`'s controls can read: each control's
// types and the table's related_types.
std::set<std::string, std::less<>> BuiltTypes(const ControlTable& table);

}  // namespace srm::rt
