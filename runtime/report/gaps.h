// `srm gaps`: the customer's part of the responsibility model on one inventory (docs/model.md).
// For every service present in the inventory (a resource of one of its types is there), each
// layer the customer owns or shares, the customer's controls on it with their verdict counts on
// the inventory (after waivers), and the layers no control covers: the gaps. Rendered as text
// (for people), Markdown or JSON (RapidJSON); all deterministic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace srm::rt {

// The verdicts of one control's findings on the inventory, waivers applied (`waived`: the FAIL
// and ERROR findings a waiver in force covers).
struct VerdictCounts {
  uint32_t pass = 0, fail = 0, error = 0, skip = 0, waived = 0;
};

struct GapControl {
  std::string id;
  VerdictCounts counts;
};

// A layer of a present service that the customer owns or shares.
struct GapLayer {
  std::string layer;
  bool shared = false;
  std::vector<std::string> parties;  // the owner, or the parties sharing the layer (as declared)
  std::vector<std::string> duties;   // for a shared layer: what each of `parties` does
  std::vector<GapControl> controls;  // the customer's controls on the layer, sorted by id
  bool Gap() const { return controls.empty(); }
  // Some control on the layer checked a resource (a PASS, FAIL, ERROR or WAIVED); false for a
  // gap, and for a layer whose every control SKIPs on this inventory (none applies to its
  // resources).
  bool Checked() const;
  // The layer's only failures are waived: a WAIVED finding, and no FAIL or ERROR.
  bool MetWithWaivers() const;
};

struct GapService {
  std::string name;  // as controls name it ("EC2")
  std::string module;
  std::string category;  // of its model ("infrastructure", ...); empty when it declares none
  std::vector<std::pair<std::string, uint32_t>> resources;  // inventory type -> count, sorted
  std::vector<GapLayer> layers;  // the customer's layers, in the order of the stack
};

struct GapsReport {
  std::string party;                     // the customer: the party named "Customer"
  std::vector<std::string> inventories;  // the files read, as given
  std::vector<GapService> services;      // the present ones, sorted by name, then module
  // Inventory resource types that no service declares, with their counts, sorted.
  std::vector<std::pair<std::string, uint32_t>> unassigned;
  // The waivers past their date (FAIL findings of SRM.WAIVER_EXPIRED), each as
  // "LOCATION: MESSAGE", in report order.
  std::vector<std::string> expired_waivers;

  size_t LayerCount() const;      // customer layers of the present services
  size_t GapCount() const;        // of those, the layers without a control
  size_t UncheckedCount() const;  // the covered layers whose controls all SKIP
  size_t WaivedCount() const;     // the covered layers met only with waivers (MetWithWaivers)
  bool AnyWaived() const;         // some control has a WAIVED finding
};

// The --format choices of `srm gaps`: "text" (the default), "json", "md".
std::vector<std::string> GapsFormatNames();

// `gaps` in `format` (one of GapsFormatNames()).
std::string RenderGaps(const GapsReport& gaps, const std::string& format);

}  // namespace srm::rt
