// The random generator of srm_diffgen: well-typed SRM policies (many controls per file) and
// CloudFormation JSON inventories (many resources per file) from a seed. Everything is a pure
// function of (seed, batch): the same numbers give the same bytes on every platform (own PRNG,
// no std:: distributions).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace diffgen {

// splitmix64: small, fast, and the same everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  size_t Below(size_t n);  // uniform in [0, n); n > 0
  bool Chance(int percent) { return Below(100) < static_cast<size_t>(percent); }
  template <class T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  uint64_t state_;
};

uint64_t Mix(uint64_t a, uint64_t b);

// One generated control, in parts so that the minimiser can drop statements.
struct Control {
  std::string id;
  std::vector<std::string> fns;  // its helper functions (whole declarations)
  std::string head;              // "control ID {\n  title ...;\n" up to the `for`
  std::string var, resource;     // for VAR in RESOURCE
  std::string when;              // "" or the filter condition
  std::vector<std::string> stmts;
};

struct Resource {
  std::string id, type;
  bool has_props = true;
  std::vector<std::pair<std::string, std::string>> props;  // key, JSON text
  std::string extra;  // extra attributes after Properties, e.g. `"Condition": "C"`, or ""
  int file = 0;       // which inventory file: 0 (inv.json) or 1 (inv2.json)
};

struct Batch {
  std::string header;  // module, parties, layers, resource schemas, service
  std::vector<Control> controls;
  std::vector<Resource> resources;
  int files = 1;  // inventory files: inv.json, and inv2.json when 2

  std::string PolicyText() const;
  std::string InventoryText(int file) const;
};

struct GenOptions {
  int controls = 25;            // per batch
  int resources_per_type = 12;  // and a few unmodelled ones
};

Batch Generate(uint64_t seed, uint64_t batch, const GenOptions& options);

}  // namespace diffgen
