// The tracer behind `srm explain` and its text and JSON renderings.
#include "compiler/interp/trace.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>

#include "compiler/sema/control_table.h"
#include "compiler/sema/program.h"
#include "runtime/report/text_writer.h"
#include "runtime/support/json_text.h"

namespace srm::interp {

bool Tracer::Begin(const rt::Resource& r, const rt::Inventory& inventory) {
  if (r.id != resource_) return false;
  ResourceTrace t;
  t.resource = std::string(r.id);
  t.type = std::string(r.type);
  t.location = inventory.Where(r);
  // A variant is a copy of the resource with the properties of one assignment of conditions.
  const rt::Resource& original = inventory.resources()[inventory.IndexOf(r)];
  for (uint32_t k = 0; k < original.n_variants; ++k) {
    if (original.variants[k].properties == r.properties)
      t.assumption = std::string(original.variants[k].assumption);
  }
  traces_.push_back(std::move(t));
  depth_ = 0;
  muted_ = 0;
  return true;
}

void Tracer::End(const rt::Outcome& outcome) { traces_.back().outcome = outcome; }

size_t Tracer::Open(TraceEvent::Kind kind, const ast::SourceRange& range, std::string label,
                    std::string where, uint32_t iteration) {
  std::vector<TraceEvent>& events = traces_.back().events;
  if (kind == TraceEvent::Kind::kWhen || kind == TraceEvent::Kind::kLet ||
      kind == TraceEvent::Kind::kAssert) {
    depth_ = 0;  // a statement starts at the top (a fault may have left steps open)
    muted_ = 0;
  }
  if (muted_ > 0 ||
      (kind == TraceEvent::Kind::kIteration && iteration >= kMaxIterations && depth_ > 0)) {
    if (muted_ == 0) {
      // Count it on the quantifier: the nearest open kQuant event.
      for (auto it = events.rbegin(); it != events.rend(); ++it) {
        if (it->kind == TraceEvent::Kind::kQuant && it->depth == depth_ - 1) {
          ++it->hidden;
          break;
        }
      }
    }
    ++muted_;
    return kNone;
  }
  TraceEvent e;
  e.kind = kind;
  e.depth = depth_++;
  e.range = range;
  e.label = std::move(label);
  e.where = std::move(where);
  events.push_back(std::move(e));
  return events.size() - 1;
}

void Tracer::Close(size_t handle, std::string result) {
  if (handle == kNone) {
    if (muted_ > 0) --muted_;
    return;
  }
  TraceEvent& e = traces_.back().events[handle];
  e.result = std::move(result);
  e.closed = true;
  depth_ = e.depth;
}

void Tracer::Leaf(TraceEvent::Kind kind, const ast::SourceRange& range, std::string label,
                  std::string value, std::string where) {
  if (muted_ > 0) return;
  TraceEvent e;
  e.kind = kind;
  e.depth = depth_;
  e.range = range;
  e.label = std::move(label);
  e.value = std::move(value);
  e.where = std::move(where);
  e.closed = true;
  traces_.back().events.push_back(std::move(e));
}

std::string Shorten(std::string_view text, size_t max) {
  std::string out = rt::EscapeText(rt::ValidUtf8(text));
  if (out.size() <= max) return out;
  size_t cut = max - 3;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  return out.substr(0, cut) + "...";
}

namespace {

using Kind = TraceEvent::Kind;

// The first line of a step's source text, its spaces collapsed.
std::string SourceLabel(const sema::Program& program, const ast::SourceRange& range) {
  std::string_view text = program.sources.file(range.file).text();
  text = text.substr(range.begin, range.end - range.begin);
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return Shorten(out, 100);
}

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kWhen:
      return "when";
    case Kind::kLet:
      return "let";
    case Kind::kAssert:
      return "assert";
    case Kind::kQuant:
      return "quantifier";
    case Kind::kIteration:
      return "iteration";
    case Kind::kCall:
      return "call";
    case Kind::kRead:
      return "read";
    case Kind::kMessage:
      return "message";
  }
  return "";
}

bool Scoped(Kind kind) { return kind != Kind::kRead && kind != Kind::kMessage; }

// How one evaluation ended: "PASS", "FAIL: 2 asserts failed", "ERROR: message", ...
std::string OutcomeText(const rt::Outcome& o) {
  size_t n = o.failed.size() + (o.status == rt::Status::kFail ? 1 : 0);
  std::string failed = std::to_string(n) + (n == 1 ? " assert" : " asserts") + " failed";
  switch (o.status) {
    case rt::Status::kPass:
      return n == 0 ? "PASS (every assert held)" : "FAIL (" + failed + ")";
    case rt::Status::kFail:
      return "FAIL (" + failed + "; the last one a guard, which ends the evaluation)";
    case rt::Status::kError:
      return "ERROR: " + rt::EscapeText(o.message) +
             (n == 0 ? "" : " (after " + failed + ": reported as FAIL)");
    case rt::Status::kSkip:
      return "SKIP (" + rt::EscapeText(o.message) + ")";
    case rt::Status::kWaived:
      break;
  }
  return rt::StatusName(o.status);
}

// The `for` block of `control` that checks resources of `type`.
const ast::ForBlock& ForOf(const sema::Program& program, const rt::ControlMeta& control,
                           const std::string& type) {
  const auto& types = control.resource_types;
  size_t block = std::find(types.begin(), types.end(), type) - types.begin();
  return sema::EvaluatedControls(program).at(control.order)->decl->fors.at(block);
}

// The findings' overall status: ERROR, FAIL, WAIVED, PASS or SKIP, the first present.
std::string Verdict(const std::vector<rt::Finding>& findings) {
  for (rt::Status s : {rt::Status::kError, rt::Status::kFail, rt::Status::kWaived,
                       rt::Status::kPass, rt::Status::kSkip}) {
    for (const rt::Finding& f : findings) {
      if (f.status == s) return rt::StatusName(s);
    }
  }
  return "NONE";
}

}  // namespace

std::string RenderTraceText(const sema::Program& program, const rt::ControlMeta& control,
                            const std::vector<ResourceTrace>& traces,
                            const std::vector<rt::Finding>& findings) {
  std::string out = rt::EscapeText(control.id) + "  " + rt::EscapeText(control.title) + "\n";
  out += "  " + rt::FormatLocation(control.location) + "\n";
  for (const ResourceTrace& t : traces) {
    out +=
        "\n" + rt::EscapeText(t.resource) + " (" + rt::EscapeText(t.type) + ", " + t.location + ")";
    if (!t.assumption.empty()) out += " if " + rt::EscapeText(t.assumption);
    out += "\n";
    const ast::ForBlock& fb = ForOf(program, control, t.type);
    std::string head = SourceLabel(program, fb.range);
    head = head.substr(0, head.find(" {"));  // `for b in T when ...`, without the body
    out += "  " + head + "  (" + program.sources.Where(fb.range) + ")\n";
    for (const TraceEvent& e : t.events) {
      std::string indent(4 + 2 * e.depth, ' ');
      std::string label = e.label.empty() ? SourceLabel(program, e.range) : e.label;
      switch (e.kind) {
        case Kind::kRead:
          out += indent + label + " = " + e.value;
          if (!e.where.empty()) out += "  (" + e.where + ")";
          out += "\n";
          break;
        case Kind::kMessage:
          out += indent + "message: " + e.value + "\n";
          break;
        case Kind::kIteration:
          out += indent + label;
          if (!e.where.empty()) out += "  (" + e.where + ")";
          out += e.closed ? " -> " + e.result : " -> ERROR";
          out += "\n";
          break;
        case Kind::kWhen:
        case Kind::kLet:
        case Kind::kAssert:
        case Kind::kQuant:
        case Kind::kCall:
          out += indent + (e.kind == Kind::kWhen ? "when " : "") + label + "  (" +
                 program.sources.Where(e.range) + ")";
          out += e.closed ? " -> " + e.result : " -> ERROR";
          if (e.hidden > 0) out += " (" + std::to_string(e.hidden) + " more iterations not shown)";
          out += "\n";
          break;
      }
    }
    out += "  ends: " + OutcomeText(t.outcome) + "\n";
  }
  out += "\nverdict: " + Verdict(findings) + "\n";
  for (const rt::Finding& f : findings) {
    out += "  " + std::string(rt::StatusName(f.status));
    if (!f.message.empty()) out += "  " + rt::EscapeText(f.message);
    out += "\n";
  }
  return out;
}

std::string RenderTraceJson(const sema::Program& program, const rt::ControlMeta& control,
                            const std::vector<ResourceTrace>& traces,
                            const std::vector<rt::Finding>& findings) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  auto str = [&](std::string_view s) {
    std::string valid = rt::ValidUtf8(s);
    w.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
  };
  auto member = [&](const char* key, std::string_view value) {
    w.Key(key);
    str(value);
  };
  w.StartObject();
  member("control", control.id);
  member("title", control.title);
  member("location", rt::FormatLocation(control.location));
  w.Key("evaluations");
  w.StartArray();
  for (const ResourceTrace& t : traces) {
    w.StartObject();
    member("resource", t.resource);
    member("type", t.type);
    member("location", t.location);
    member("assumption", t.assumption);
    w.Key("steps");
    w.StartArray();
    for (const TraceEvent& e : t.events) {
      w.StartObject();
      member("kind", KindName(e.kind));
      w.Key("depth");
      w.Uint(e.depth);
      if (e.kind != Kind::kMessage)
        member("text", e.label.empty() ? SourceLabel(program, e.range) : e.label);
      member("policy_location", program.sources.Where(e.range));
      if (!Scoped(e.kind)) member("value", e.value);
      if (!e.where.empty()) member("inventory_location", e.where);
      if (Scoped(e.kind)) member("result", e.closed ? e.result : "ERROR");
      if (e.hidden > 0) {
        w.Key("hidden_iterations");
        w.Uint(e.hidden);
      }
      w.EndObject();
    }
    w.EndArray();
    bool failed = !t.outcome.failed.empty() && t.outcome.status == rt::Status::kPass;
    member("status", failed ? "FAIL" : rt::StatusName(t.outcome.status));
    member("message", t.outcome.message);
    w.Key("failed");
    w.StartArray();
    for (const rt::Failure& f : t.outcome.failed) str(f.message);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  member("verdict", Verdict(findings));
  w.Key("findings");
  w.StartArray();
  for (const rt::Finding& f : findings) {
    w.StartObject();
    member("status", rt::StatusName(f.status));
    member("message", f.message);
    member("location", rt::FormatLocation(f.location));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace srm::interp
