// Compliance frameworks as the type checker resolved them (`framework` declarations of the
// policies, the catalogue in stdlib/frameworks/), with the attestations that cover their
// requirements: what `srm report --framework` groups findings by.
#pragma once

#include <string>
#include <vector>

#include "runtime/report/report.h"

namespace srm::rt {

// `attest AWS on facilities, hardware maps ...`: a party's own audit covers a requirement on
// these layers.
struct Attestation {
  std::string party;
  std::vector<std::string> layers;
  Location location;
};

struct Requirement {
  std::string id;  // "164.312(b)"
  std::string title;
  std::vector<Attestation> attested;  // in declaration order
};

struct Framework {
  std::string name;  // "HIPAA"
  std::string title;
  std::vector<Requirement> requirements;  // in declaration order
  Location location;
};

// The framework named `name`, or nullptr.
const Framework* FindFramework(const std::vector<Framework>& frameworks, const std::string& name);

}  // namespace srm::rt
