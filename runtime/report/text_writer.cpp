#include "runtime/report/text_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <tuple>

namespace srm::rt {
namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kDot = " \xC2\xB7 ";          // " · "
constexpr std::string_view kStatusIndent = "         ";  // under the resource column

std::string_view StatusColor(Status s) {
  switch (s) {
    case Status::kPass:
      return "\x1b[32m";
    case Status::kFail:
      return "\x1b[31m";
    case Status::kError:
      return "\x1b[35m";
    case Status::kSkip:
      return "\x1b[2m";
    case Status::kWaived:
      return "\x1b[33m";
  }
  return "";
}

// The text being built. Every value that comes from a policy or an inventory goes through
// Value(), which escapes it (EscapeText), so data can neither colour the terminal nor start a
// line of its own. Layout() is for the writer's own text. It goes to `sink` when there is one,
// else into a string of its own (a line being put together: empty(), Take()).
class TextOut {
 public:
  TextOut() = default;
  explicit TextOut(ReportOut& sink) : sink_(&sink) {}
  void Layout(std::string_view s) {
    if (sink_ != nullptr) {
      sink_->Append(s);
    } else {
      out_ += s;
    }
  }
  void Layout(char c) { Layout(std::string_view(&c, 1)); }
  void Value(std::string_view s) { Layout(EscapeText(s)); }
  bool empty() const { return out_.empty(); }
  std::string Take() { return std::move(out_); }

 private:
  ReportOut* sink_ = nullptr;
  std::string out_;
};

// "high · S3/data · owner Customer · HIPAA 164.312(a)(2)(iv), SOC2 CC6.1 · policy.srm:12:1"
void MetaLine(const ControlMeta& c, TextOut& out) {
  TextOut line;
  bool first = true;
  auto part = [&]() -> TextOut& {
    if (!first) line.Layout(kDot);
    first = false;
    return line;
  };
  if (!c.severity.empty()) part().Value(c.severity);
  if (!c.service.empty() && !c.layer.empty()) {
    TextOut& p = part();
    p.Value(c.service);
    p.Layout('/');
    p.Value(c.layer);
  } else if (!c.service.empty() || !c.layer.empty()) {
    part().Value(c.service.empty() ? c.layer : c.service);
  }
  if (!c.owner.empty()) {
    TextOut& p = part();
    p.Layout("owner ");
    p.Value(c.owner);
  }
  if (!c.frameworks.empty()) {
    TextOut& p = part();
    for (size_t i = 0; i < c.frameworks.size(); ++i) {
      if (i > 0) p.Layout(", ");
      p.Value(c.frameworks[i].Label());
    }
  }
  if (c.enforcement != Enforcement::kNone) {
    TextOut& p = part();
    p.Layout("enforcement ");
    p.Layout(EnforcementName(c.enforcement));
  }
  if (!c.location.empty()) part().Value(FormatLocation(c.location));
  if (line.empty()) return;
  out.Layout("  ");
  out.Layout(line.Take());
  out.Layout('\n');
}

void StatusLine(const Finding& f, bool color, TextOut& out) {
  std::string_view name = StatusName(f.status);
  out.Layout("  ");
  if (color) out.Layout(StatusColor(f.status));
  out.Layout(name);
  if (color) out.Layout(kReset);
  out.Layout(std::string(name.size() < 7 ? 7 - name.size() : 1, ' '));
  if (f.resource.empty()) {
    // Nothing to point at ("no resource applies" SKIP, control-level ERROR): the message says why.
    std::string_view message = f.message.empty() ? "no resource" : std::string_view(f.message);
    bool wrapped = message.front() == '(' && message.back() == ')';
    if (!wrapped) out.Layout('(');
    out.Value(message);
    if (!wrapped) out.Layout(')');
  } else {
    out.Value(f.resource);
  }
  if (!f.location.empty()) {
    out.Layout("  ");
    out.Value(FormatLocation(f.location));
  }
  out.Layout('\n');
  if (!f.resource.empty() && !f.message.empty()) {
    out.Layout(kStatusIndent);
    if (f.status == Status::kWaived) {
      out.Layout(StatusName(f.waived));
      out.Layout(": ");
    }
    out.Value(f.message);
    out.Layout('\n');
  }
  if (f.property) {
    // "at t.json:3:51 (Encryption.Enabled)"; absent: where it would be, its nearest object.
    out.Layout(kStatusIndent);
    out.Layout("at ");
    out.Value(FormatProperty(*f.property));
    out.Layout('\n');
  }
  if (f.status == Status::kWaived && f.waiver != nullptr) {
    // "waived until 2027-03-31 by sec-team: reason (policy.srm:3:1)"
    const Waiver& w = *f.waiver;
    out.Layout(kStatusIndent);
    out.Layout("waived until ");
    out.Value(w.until);
    out.Layout(" by ");
    out.Value(w.owner);
    out.Layout(": ");
    out.Value(w.reason);
    if (!w.location.empty()) {
      out.Layout(" (");
      out.Value(FormatLocation(w.location));
      out.Layout(')');
    }
    out.Layout('\n');
  }
}

// FAIL findings on how many resources (control and resource): "3 fail", or "3 fail on 2
// resources" when some resource failed several asserts of one control.
std::string FailCount(uint32_t fails, uint64_t resources) {
  if (resources == fails) return fmt::format("{} fail", fails);
  return fmt::format("{} fail on {} resource{}", fails, resources, resources == 1 ? "" : "s");
}

// The resources (resource id and location) that the FAIL findings of one control are on.
uint64_t FailedResources(const std::vector<const Finding*>& findings) {
  std::set<std::tuple<std::string_view, std::string_view, uint32_t, uint32_t>> failed;
  for (const Finding* f : findings) {
    if (f->status == Status::kFail)
      failed.emplace(f->resource, f->location.file, f->location.line, f->location.column);
  }
  return failed.size();
}

bool Listed(const Finding& f, bool show_all) {
  switch (f.status) {
    case Status::kFail:
    case Status::kError:
      return show_all || !f.baseline;  // baseline findings are counted, listed by --show all
    case Status::kWaived:
      return true;
    case Status::kPass:
    case Status::kSkip:
      return show_all;
  }
  return true;
}

}  // namespace

std::string EscapeText(std::string_view s) {
  // Nearly every id, path and message has nothing to escape: copied whole.
  if (std::none_of(s.begin(), s.end(), [](char ch) {
        auto c = static_cast<unsigned char>(ch);
        return c < 0x20 || c == 0x7F || c == 0xC2;
      }))
    return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    bool c1 = c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
              static_cast<unsigned char>(s[i + 1]) <= 0x9F;
    if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c1) {
      out += fmt::format("\\x{:02x}\\x{:02x}", c, static_cast<unsigned char>(s[i + 1]));
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

namespace {

class TextStream : public ReportStream {
 public:
  TextStream(bool color, bool show_all, ReportOut& out)
      : color_(color), show_all_(show_all), out_(out) {}

  void Begin(const Report& head, const std::vector<const ControlMeta*>&) override { head_ = &head; }

  void Findings(const std::vector<const Finding*>& findings) override {
    failed_resources_ += FailedResources(findings);
    listed_.clear();
    for (const Finding* f : findings) {
      if (Listed(*f, show_all_)) listed_.push_back(f);
    }
    if (listed_.empty()) return;
    const ControlMeta& control = *listed_.front()->control;
    if (color_) out_.Layout(kBold);
    out_.Value(control.id);
    if (color_) out_.Layout(kReset);
    if (!control.title.empty()) {
      out_.Layout("  ");
      out_.Value(control.title);
    }
    out_.Layout('\n');
    MetaLine(control, out_);
    if (!control.remediation.empty()) {
      out_.Layout("  fix: ");
      out_.Value(control.remediation);
      out_.Layout('\n');
    }
    for (const Finding* f : listed_) StatusLine(*f, color_, out_);
    out_.Layout('\n');
  }

  void End(const ReportCounts& counts) override {
    const Report& report = *head_;
    out_.Layout(fmt::format("Summary: {} pass, {}, {} skip, {} error", counts.Of(Status::kPass),
                            FailCount(counts.Of(Status::kFail), failed_resources_),
                            counts.Of(Status::kSkip), counts.Of(Status::kError)));
    // Only when there are any, so that reports of runs without waivers or baseline keep their
    // shape.
    if (uint32_t waived = counts.Of(Status::kWaived); waived > 0)
      out_.Layout(fmt::format(", {} waived", waived));
    if (report.has_baseline) out_.Layout(fmt::format(", {} in baseline", counts.baseline));
    out_.Layout('\n');
    if (!report.unmodelled.empty()) {
      out_.Layout("Unmodelled resource types (no schema): ");
      bool first = true;
      for (const auto& [type, count] : report.unmodelled) {
        if (!first) out_.Layout(", ");
        first = false;
        out_.Value(type);
        out_.Layout(fmt::format(" ({})", count));
      }
      out_.Layout('\n');
    }
  }

 private:
  bool color_, show_all_;
  TextOut out_;
  const Report* head_ = nullptr;
  uint64_t failed_resources_ = 0;
  std::vector<const Finding*> listed_;
};

}  // namespace

std::unique_ptr<ReportStream> OpenTextStream(bool color, bool show_all, ReportOut& out) {
  return std::make_unique<TextStream>(color, show_all, out);
}

std::string RenderText(const Report& report, bool color, bool show_all) {
  return RenderReport(report, [&](ReportOut& out) { return OpenTextStream(color, show_all, out); });
}

}  // namespace srm::rt
