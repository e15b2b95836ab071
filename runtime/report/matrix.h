// `srm matrix`: the responsibility matrix of a program's services (docs/model.md). Services by
// layers: each cell is the party that owns the layer, or the parties that share it with what
// each does, and the controls whose service and layer are that cell; then the shared controls
// (patch management, ...) with what each party does in general and per service. Rendered as
// Markdown (the matrix of docs/model.md), CSV (one row per cell), JSON (RapidJSON) or a page of
// HTML (matrix_html.h); all deterministic.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace srm::rt {

// One layer of one service.
struct MatrixCell {
  bool assigned = false;  // false: the service does not assign this layer (another module's)
  bool shared = false;
  std::vector<std::string> parties;     // the owner, or the parties sharing the layer (as declared)
  std::vector<std::string> duties;      // for a shared layer: what each of `parties` does
  std::vector<std::string> controls;    // ids of the controls on this service and layer, sorted
  std::vector<std::string> frameworks;  // that those controls map to, each once, sorted
};

struct MatrixService {
  std::string name;  // as controls name it ("EC2")
  std::string module;
  std::string description;
  std::string model;     // `model M;` ("iaas", ...); empty when not declared
  std::string category;  // of the model ("infrastructure", ...; compiler/sema/service_models.h)
  std::vector<MatrixCell> cells;  // one per layer of the matrix, in its order
};

// What each party does, as declared: `duties[i]` is the part of `parties[i]`.
struct MatrixDuties {
  std::vector<std::string> parties;
  std::vector<std::string> duties;
};

// A `shared control`: its layers, the general duties, and those of the services that state
// their own (`shared control NAME { ... }` in the service).
struct MatrixSharedControl {
  std::string name;  // "PatchManagement"
  std::string module;
  std::string title;                // "Patch management"; empty when not declared
  std::vector<std::string> layers;  // as declared; empty: each party does it for itself
  MatrixDuties general;
  std::vector<std::pair<std::string, MatrixDuties>> services;  // by service name, sorted
};

struct ResponsibilityMatrix {
  std::vector<std::string> parties;     // declaration order
  std::vector<std::string> layers;      // the columns: declaration order, the stdlib's first
  std::vector<MatrixService> services;  // sorted by name, then module
  std::vector<MatrixSharedControl> shared_controls;  // declaration order
};

// Whether `party` has a part of `control` on `service`: it owns or shares one of the control's
// layers there (every party has a part of a control on no layer).
bool HasPart(const ResponsibilityMatrix& m, const MatrixSharedControl& control,
             const MatrixService& service, const std::string& party);

// The duties of `control` on `service`, for the parties that have a part of it there: the
// service's own for the parties it states, the general ones for the others (general parties
// first, in their order).
MatrixDuties DutiesOn(const ResponsibilityMatrix& m, const MatrixSharedControl& control,
                      const MatrixService& service);

// The --format choices of `srm matrix`: "md" (the default), "csv", "json", "html".
std::vector<std::string> MatrixFormatNames();

// `matrix` in `format` (one of MatrixFormatNames()).
std::string RenderMatrix(const ResponsibilityMatrix& matrix, const std::string& format);

}  // namespace srm::rt
