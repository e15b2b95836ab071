#include "runtime/report/json_writer.h"

#include <algorithm>

namespace srm::rt {
namespace {

void WriteControl(const ControlMeta& c, LayoutWriter& w) {
  w.Key(c.id);
  w.StartObject(Layout::kLines);
  w.Member("title", c.title);
  w.Member("description", c.description);
  w.Member("remediation", c.remediation);
  w.Key("resource_types");
  w.StartArray(Layout::kInline);
  for (const std::string& t : c.resource_types) w.String(t);
  w.EndArray();
  w.SameLine();
  w.Member("service", c.service);
  w.SameLine();
  w.Member("layer", c.layer);
  w.Member("owner", c.owner);
  w.SameLine();
  w.Member("severity", c.severity);
  if (c.enforcement != Enforcement::kNone) {
    w.SameLine();
    w.Member("enforcement", EnforcementName(c.enforcement));
  }
  w.Key("frameworks");
  w.StartArray(Layout::kInline);
  for (const FrameworkRef& ref : c.frameworks) {
    w.StartObject(Layout::kInline);
    w.Member("framework", ref.framework);
    w.Member("reference", ref.reference);
    w.EndObject();
  }
  w.EndArray();
  w.Key("location");
  WriteJsonLocation(c.location, w);
  w.EndObject();
}

void WriteFinding(const Finding& f, const Report& report, LayoutWriter& w) {
  bool has_baseline = report.has_baseline;
  w.StartObject(Layout::kLines);
  w.Member("control", f.control->id);
  w.SameLine();
  w.Member("status", StatusName(f.status));
  w.SameLine();
  w.Member("resource", f.resource);
  w.Member("message", f.message);
  w.Key("location");
  WriteJsonLocation(f.location, w);
  w.Key("property");
  if (!f.property) {
    w.Null();
  } else {
    w.StartObject(Layout::kInline);
    w.Member("resource", f.property->resource);
    w.Member("path", f.property->path);
    w.BoolMember("absent", f.property->absent);
    w.Key("location");
    WriteJsonLocation(f.property->location, w);
    w.EndObject();
  }
  if (has_baseline && (f.status == Status::kFail || f.status == Status::kError)) {
    w.Key("baseline");
    w.Bool(f.baseline);
  }
  if (f.waiver != nullptr) {
    const Waiver& waiver = *f.waiver;
    w.Key("waiver");
    w.StartObject(Layout::kInline);
    if (f.status == Status::kWaived) w.Member("status", StatusName(f.waived));
    w.Member("control", waiver.control);
    w.Member("resource", waiver.resource);
    w.Member("until", waiver.until);
    w.Member("because", waiver.reason);
    w.Member("by", waiver.owner);
    w.Member("profile", waiver.profile);
    if (report.shard) w.BoolMember("in_inventory", waiver.in_inventory);
    w.Key("location");
    WriteJsonLocation(waiver.location, w);
    w.EndObject();
  }
  if (report.shard) w.Member("block", f.block);
  w.EndObject();
}

// What srm merge needs besides the report (ShardInfo).
void WriteShard(const Report& report, LayoutWriter& w) {
  const ShardInfo& shard = *report.shard;
  w.Key("shard");
  w.StartObject(Layout::kLines);
  w.Member("index", shard.index);
  w.SameLine();
  w.Member("count", shard.count);
  w.SameLine();
  w.Member("by", shard.by);
  w.Member("version", shard.version);
  w.Member("fail_on", shard.fail_on);
  w.SameLine();
  w.BoolMember("allow_soft", shard.allow_soft);
  w.Key("inventories");
  w.StartArray(Layout::kLines);
  for (const std::string& path : report.inventories) w.String(path);
  w.EndArray();
  w.EndObject();
}

}  // namespace

void WriteJsonLocation(const Location& where, LayoutWriter& w) {
  if (where.empty()) {
    w.Null();
    return;
  }
  w.StartObject(Layout::kInline);
  w.Member("file", where.file);
  w.Member("line", where.line);
  w.Member("column", where.column);
  if (where.end_line != 0) {
    w.Member("end_line", where.end_line);
    w.Member("end_column", where.end_column);
  }
  w.EndObject();
}

std::vector<const ControlMeta*> ReportControls(const Report& report) {
  std::vector<const ControlMeta*> controls;
  for (const Finding& f : report.findings) controls.push_back(f.control.get());
  auto by_id = [](const ControlMeta* a, const ControlMeta* b) { return a->id < b->id; };
  std::stable_sort(controls.begin(), controls.end(), by_id);
  auto same_id = [](const ControlMeta* a, const ControlMeta* b) { return a->id == b->id; };
  controls.erase(std::unique(controls.begin(), controls.end(), same_id), controls.end());
  return controls;
}

namespace {

class JsonStream : public ReportStream {
 public:
  explicit JsonStream(ReportOut& out) : out_(out), stream_{out}, w_(stream_) {}

  void Begin(const Report& head, const std::vector<const ControlMeta*>& controls) override {
    head_ = &head;
    w_.StartObject(Layout::kLines);
    w_.Member("version", kJsonReportVersion);
    w_.Key("controls");
    w_.StartObject(Layout::kLines);
    for (const ControlMeta* c : controls) WriteControl(*c, w_);
    w_.EndObject();
    w_.Key("findings");
    w_.StartArray(Layout::kLines);
  }

  void Findings(const std::vector<const Finding*>& findings) override {
    for (const Finding* f : findings) WriteFinding(*f, *head_, w_);
  }

  void End(const ReportCounts& counts) override {
    const Report& report = *head_;
    w_.EndArray();
    w_.Key("summary");
    w_.StartObject(Layout::kInline);
    w_.Member("pass", counts.Of(Status::kPass));
    w_.Member("fail", counts.Of(Status::kFail));
    w_.Member("skip", counts.Of(Status::kSkip));
    w_.Member("error", counts.Of(Status::kError));
    w_.Member("waived", counts.Of(Status::kWaived));
    if (report.has_baseline) w_.Member("baseline", counts.baseline);
    w_.EndObject();
    w_.Key("unmodelled");
    w_.StartObject(Layout::kInline);
    for (const auto& [type, count] : report.unmodelled) w_.Member(type, count);
    w_.EndObject();
    if (report.shard) WriteShard(report, w_);
    w_.EndObject();
    out_.Put('\n');
  }

 private:
  ReportOut& out_;
  LayoutStream stream_;
  LayoutWriter w_;
  const Report* head_ = nullptr;
};

}  // namespace

std::unique_ptr<ReportStream> OpenJsonStream(ReportOut& out) {
  return std::make_unique<JsonStream>(out);
}

std::string RenderJson(const Report& report) { return RenderReport(report, OpenJsonStream); }

}  // namespace srm::rt
