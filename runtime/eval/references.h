// References held by one property: a CloudFormation `{"Ref": "Id"}` or `{"Fn::GetAtt": ["Id",
// "Attr"]}` (or "Id.Attr") naming a resource of the same template, and the parts of an
// `Fn::Join`. Shared by the interpreter and the ABI (srm_builtin_ref_to, _ref_id,
// _ref_attribute, _kind_of, _join_parts); docs/language.md "ref_to".
#pragma once

#include <string_view>

#include "runtime/inventory/inventory.h"
#include "runtime/value/value.h"

namespace srm::rt {

// The logical id a Ref or Fn::GetAtt in `raw` names, or empty (`raw` may be nullptr).
std::string_view RefTargetId(const Value* raw, const Interner& names);

// The resource of type `type`, in the file of `from`, that `raw` (a value of one of `from`'s
// properties, read or not) refers to through Ref or Fn::GetAtt; nullptr when `raw` is no such
// reference, names no resource of the file, or one of another type.
const Resource* RefTarget(const Inventory& inv, const Resource& from, const Value* raw,
                          std::string_view type);

// The logical id of the resource, of any type, in the file of `from`, that `raw` refers to
// through Ref or Fn::GetAtt; empty when there is none.
std::string_view RefId(const Inventory& inv, const Resource& from, const Value* raw);

// kind_of(x): "absent" (nullptr or null), "bool", "int", "number", "string", "list", "object",
// "intrinsic" (a CloudFormation intrinsic function) or "unknown" (known after apply).
std::string_view KindOf(const Value* raw, const Interner& names);

// The attribute an Fn::GetAtt in `raw` reads ("Arn" of ["Bucket", "Arn"] or "Bucket.Arn"), or
// empty when `raw` is not an Fn::GetAtt.
std::string_view RefAttribute(const Value* raw, const Interner& names);

// join_parts(x): the list of parts of an `{"Fn::Join": [delimiter, [parts...]]}` in `raw` (the
// parts are not resolved), or nullptr when `raw` is not an Fn::Join of a list of parts.
const Value* JoinParts(const Value* raw, const Interner& names);

}  // namespace srm::rt
