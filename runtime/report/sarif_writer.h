// The SARIF 2.1.0 report (docs/reports.md): one run, a rule per control with findings, a result
// per FAIL or ERROR finding, located in its inventory file, with stable partialFingerprints;
// with a baseline, each also marked new or unchanged, then a result per failing finding of the
// baseline that is gone (SarifOptions::absent), marked absent.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/report/report.h"
#include "runtime/report/report_out.h"
#include "runtime/report/report_stream.h"

namespace srm::rt {

// GitHub code scanning accepts at most this many results in a run.
constexpr uint32_t kSarifMaxResults = 25000;

struct SarifOptions {
  uint32_t max_results = kSarifMaxResults;
  std::vector<std::string>* warnings = nullptr;  // "N results left out ..." (may be null)
  // With a baseline: its failing findings that are gone, results marked absent (may be null).
  const std::vector<Finding>* absent = nullptr;
};

std::unique_ptr<ReportStream> OpenSarifStream(const SarifOptions& options, ReportOut& out);
std::string RenderSarif(const Report& report, const SarifOptions& options);  // into a string

// `path` as a URI reference: bytes outside RFC 3986's unreserved set and '/' percent-encoded.
std::string PercentEncodePath(std::string_view path);
// The 1-based UTF-16 column of the 1-based byte column `byte_column` in `line` (UTF-8).
uint32_t Utf16Column(std::string_view line, uint32_t byte_column);
// The partialFingerprints value of a result: 16 hex digits of the FNV-1a hash of its key.
std::string FingerprintHex(std::string_view key);

}  // namespace srm::rt
