// Reading members of RapidJSON documents that srm wrote itself (control tables, profiles,
// waivers): typed getters that say false when a member is missing or of another type.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <string>

namespace srm::rt {

// Reads member `key` of `object` into `out`; false when it is missing or of another type.
inline bool JsonGet(const rapidjson::Value& object, const char* key, std::string& out) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsString()) return false;
  out.assign(it->value.GetString(), it->value.GetStringLength());
  return true;
}
inline bool JsonGet(const rapidjson::Value& object, const char* key, uint32_t& out) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsUint()) return false;
  out = it->value.GetUint();
  return true;
}

}  // namespace srm::rt
