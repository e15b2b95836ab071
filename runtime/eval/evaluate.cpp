#include "runtime/eval/evaluate.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <iterator>
#include <map>
#include <mutex>
#include <tuple>

#include "runtime/eval/parallel.h"
#include "runtime/support/json_text.h"

namespace srm::rt {

namespace {

Location LocateOffset(const Inventory& inventory, uint32_t file_index, uint32_t offset) {
  const SourceFile& file = inventory.file(file_index);
  LineCol at = file.Locate(offset);
  Location where;
  where.file = file.path();
  where.line = at.line;
  where.column = at.col;
  return where;
}

// A key as a path step: `.Name`, or `["a.b"]` when it is not a plain name.
void AppendKey(std::string& path, std::string_view key) {
  bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':';
  });
  if (plain) {
    if (!path.empty()) path += '.';
    path += key;
  } else {
    path += "[" + JsonQuote(key) + "]";
  }
}

// Finds `target` in the tree under `v` (by address): its path from `v` and the offset to point
// at (a member's key, an element itself). False when it is not there.
bool FindValue(const Value& v, const Value* target, const Interner& names, std::string& path,
               uint32_t& offset) {
  if (&v == target) {
    offset = v.offset;
    return true;
  }
  size_t mark = path.size();
  if (v.kind == ValueKind::kObject) {
    for (uint32_t i = 0; i < v.size; ++i) {
      const Member& m = v.members[i];
      AppendKey(path, names.Name(m.key));
      if (&m.value == target) {
        offset = m.key_offset;
        return true;
      }
      if (FindValue(m.value, target, names, path, offset)) return true;
      path.resize(mark);
    }
  } else if (v.kind == ValueKind::kList) {
    for (uint32_t i = 0; i < v.size; ++i) {
      path += "[" + std::to_string(i) + "]";
      if (FindValue(v.items[i], target, names, path, offset)) return true;
      path.resize(mark);
    }
  }
  return false;
}

// One control on one resource (or variant of it). Properties that are as a whole an unresolved
// intrinsic (`Properties: {"Fn::If": ...}` on a condition known only at deployment) are unknown:
// no property can be read, and reading them as absent could pass. Fail closed.
Outcome EvaluateOne(const ControlMeta& control, uint32_t block, const Resource& r,
                    const Inventory& inventory, const EvalFn& eval) {
  std::string_view whole = IntrinsicName(*r.properties, inventory.names());
  if (whole.empty()) return eval(control, block, r);
  return Outcome{Status::kError,
                 "the resource's Properties are the unresolved intrinsic " +
                     Describe(*r.properties, inventory.names()) + " (" +
                     inventory.WhereValue(r.properties, r.properties->offset, r.file) + ")",
                 {},
                 {}};
}

// "AWS::S3::Bucket", "AWS::IAM::Role or AWS::IAM::User", "A, B or C".
std::string TypeList(const std::vector<std::string>& types) {
  std::string out;
  for (size_t i = 0; i < types.size(); ++i)
    out += (i == 0 ? "" : i + 1 == types.size() ? " or " : ", ") + types[i];
  return out;
}

}  // namespace

PropertyRef PropertyOf(const Inventory& inventory, const Resource& resource,
                       const Value* properties, const Read& read) {
  PropertyRef out;
  if (read.parent == nullptr) return out;
  // The value read, or where an absent one would be: its parent.
  const Value* at = read.found != nullptr ? read.found : read.parent;
  out.absent = read.found == nullptr;
  std::string path;
  uint32_t offset = at->offset;
  bool found = properties != nullptr && FindValue(*properties, at, inventory.names(), path, offset);
  if (!found && read.resource != Read::kNoResource && read.resource != resource.index &&
      read.resource < inventory.resources().size()) {
    const Resource& other = inventory.resources()[read.resource];
    found = FindValue(*other.properties, at, inventory.names(), path, offset);
    if (found) out.resource = std::string(other.id);
  }
  if (found) {
    if (out.absent && !read.key.empty()) AppendKey(path, read.key);
    out.path = std::move(path);
  }
  out.location = LocateOffset(inventory, inventory.FileOf(at, resource.file), offset);
  return out;
}

namespace {

// Evaluates `control` on `visits` (its (block, resource index) pairs, or a part of them),
// appending the findings to `out`.
void EvaluateVisits(const std::shared_ptr<const ControlMeta>& control,
                    const std::pair<uint32_t, uint32_t>* visits, size_t n_visits,
                    const Inventory& inventory, const std::vector<LineCol>& located,
                    const EvalFn& eval, std::vector<Finding>& out) {
  const std::vector<Resource>& all = inventory.resources();
  // The resources of a control are scattered over the inventory: their records and properties
  // are fetched a few visits ahead, so that the misses overlap instead of stalling each visit.
  constexpr size_t kRecordsAhead = 8, kPropertiesAhead = 4;
  for (size_t v = 0; v < n_visits; ++v) {
    if (v + kRecordsAhead < n_visits) __builtin_prefetch(&all[visits[v + kRecordsAhead].second]);
    if (v + kPropertiesAhead < n_visits)
      __builtin_prefetch(all[visits[v + kPropertiesAhead].second].properties);
    uint32_t block = visits[v].first;  // not a structured binding: the lambdas below capture it
    const Resource& r = all[visits[v].second];
    Location where;
    where.file = inventory.file(r.file).path();
    where.line = located[r.index].line;
    where.column = located[r.index].col;
    // `properties`: the resource's as evaluated (a variant's, under conditions).
    auto add = [&](Status status, std::string message, const Value* properties, const Read& read) {
      Finding f;
      f.control = control;
      f.status = status;
      f.message = std::move(message);
      f.resource = std::string(r.id);
      f.location = where;
      f.block = block;
      if (status == Status::kFail) {
        if (PropertyRef p = PropertyOf(inventory, r, properties, read); !p.empty())
          f.property = std::move(p);
      }
      out.push_back(std::move(f));
    };
    // The findings of one outcome, their messages after `prefix` (the outcome's messages are
    // moved out).
    auto emit = [&](Outcome& outcome, const std::string& prefix, const Value* properties) {
      auto message = [&prefix](std::string& text) {
        return prefix.empty() ? std::move(text) : prefix + text;
      };
      for (Failure& failure : outcome.failed)
        add(Status::kFail, message(failure.message), properties, failure.read);
      // After a failed assert the resource has failed: a PASS ending adds nothing, and
      // neither does a fault, which may come from the very value the assert rejected
      // (`assert n > 0 ...; assert 100 / n < 5 ...`).
      if (outcome.failed.empty() || outcome.status == Status::kFail)
        add(outcome.status, outcome.message.empty() ? std::string() : message(outcome.message),
            properties, outcome.read);
    };
    if (r.n_variants == 0) {
      Outcome outcome = EvaluateOne(*control, block, r, inventory, eval);
      emit(outcome, "", r.properties);
      continue;
    }
    // Conditions known only at deployment: every assignment is checked (Resource::variants).
    // The same outcome everywhere is reported once; otherwise each failing assignment's
    // findings, named by it; a resource no assignment fails passes if one of them passed.
    std::vector<Outcome> outcomes;
    for (uint32_t k = 0; k < r.n_variants; ++k) {
      Resource variant = r;
      variant.properties = r.variants[k].properties;
      variant.variants = nullptr;
      variant.n_variants = 0;
      outcomes.push_back(EvaluateOne(*control, block, variant, inventory, eval));
    }
    auto same = [](const Outcome& a, const Outcome& b) {
      auto messages = [](const Outcome& o) {
        std::vector<std::string_view> out;
        for (const Failure& f : o.failed) out.push_back(f.message);
        return out;
      };
      return a.status == b.status && a.message == b.message && messages(a) == messages(b);
    };
    auto bad = [](const Outcome& o) {
      return !o.failed.empty() || o.status == Status::kFail || o.status == Status::kError;
    };
    if (std::all_of(outcomes.begin(), outcomes.end(),
                    [&](const Outcome& o) { return same(o, outcomes[0]); })) {
      emit(outcomes[0], "", r.variants[0].properties);
    } else if (std::any_of(outcomes.begin(), outcomes.end(), bad)) {
      for (uint32_t k = 0; k < r.n_variants; ++k) {
        if (bad(outcomes[k]))
          emit(outcomes[k], "if " + std::string(r.variants[k].assumption) + ": ",
               r.variants[k].properties);
      }
    } else {
      add(Status::kPass, "", r.properties,
          Read{});  // PASS under some assignments, filtered out under the others
    }
  }
}

// The SKIP finding of a control without any resource of its types.
Finding NoResources(const std::shared_ptr<const ControlMeta>& control) {
  Finding f;
  f.control = control;
  f.status = Status::kSkip;
  f.message = "no " + TypeList(control->resource_types) + " resources in the inventory";
  return f;
}

// Visits per work item: at least this many (the hand-out is an atomic increment and a vector of
// findings per item), at most kMaxChunk (a late large item would leave the other threads idle),
// and otherwise about kChunksPerJob items per thread.
constexpr uint64_t kMinChunk = 16;
constexpr uint64_t kMaxChunk = 4096;
constexpr uint64_t kChunksPerJob = 32;
// Work items a streamed evaluation may run ahead of the sink: per thread, and at least.
constexpr size_t kPendingItemsPerJob = 16;
constexpr size_t kMinPendingItems = 64;

}  // namespace

std::vector<WorkItem> SplitWork(const std::vector<uint32_t>& visits, uint32_t jobs) {
  uint64_t total = 0;
  for (uint32_t n : visits) total += n;
  uint64_t chunk = std::clamp<uint64_t>(total / (std::max<uint32_t>(jobs, 1) * kChunksPerJob),
                                        kMinChunk, kMaxChunk);
  std::vector<WorkItem> items;
  for (uint32_t c = 0; c < visits.size(); ++c) {
    if (visits[c] == 0) items.push_back(WorkItem{c, 0, 0});
    for (uint64_t begin = 0; begin < visits[c]; begin += chunk) {
      items.push_back(
          WorkItem{c, static_cast<uint32_t>(begin),
                   static_cast<uint32_t>(std::min<uint64_t>(begin + chunk, visits[c]))});
    }
  }
  return items;
}

Report EvaluateControls(const ControlTable& controls, const Inventory& inventory,
                        const std::set<std::string>& modelled_types, const EvalFactory& make_eval,
                        uint32_t jobs, const ControlSink* sink) {
  Report report;
  // Without a sink, the findings are collected into the report.
  ControlSink collect = [&report](std::vector<Finding>& found) {
    report.findings.insert(report.findings.end(), std::make_move_iterator(found.begin()),
                           std::make_move_iterator(found.end()));
  };
  const ControlSink& emit = sink != nullptr ? *sink : collect;
  const std::vector<Resource>& all = inventory.resources();
  // Per control, the resources of each of its types (one per `for` block), as (block, index)
  // pairs.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> visits(controls.controls.size());
  std::vector<uint32_t> counts(controls.controls.size());
  std::map<std::string, std::vector<uint32_t>, std::less<>> sorted;  // per type, cached
  for (size_t c = 0; c < controls.controls.size(); ++c) {
    const ControlMeta& control = *controls.controls[c];
    for (uint32_t block = 0; block < control.resource_types.size(); ++block) {
      const std::string& type = control.resource_types[block];
      auto it = sorted.find(type);
      if (it == sorted.end()) {
        std::vector<uint32_t> order = inventory.OfType(type);
        std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
          return std::tie(all[a].id, all[a].file, all[a].offset) <
                 std::tie(all[b].id, all[b].file, all[b].offset);
        });
        it = sorted.emplace(type, std::move(order)).first;
      }
      for (uint32_t index : it->second) visits[c].emplace_back(block, index);
    }
    counts[c] = static_cast<uint32_t>(visits[c].size());
  }
  // Where each visited resource is, found once rather than once per control that visits it.
  std::vector<LineCol> located(all.size());
  for (const auto& [type, indices] : sorted) {
    for (uint32_t index : indices) {
      if (located[index].line == 0)
        located[index] = inventory.file(all[index].file).Locate(all[index].offset);
    }
  }
  std::vector<WorkItem> items = SplitWork(counts, jobs);
  jobs = static_cast<uint32_t>(std::min<size_t>(std::max<uint32_t>(jobs, 1), items.size()));
  // One item's findings, appended to `out`.
  auto run = [&](const WorkItem& item, const EvalFn& eval, std::vector<Finding>& out) {
    const std::shared_ptr<const ControlMeta>& control = controls.controls[item.control];
    if (counts[item.control] == 0) {
      out.push_back(NoResources(control));
      return;
    }
    EvaluateVisits(control, visits[item.control].data() + item.begin, item.end - item.begin,
                   inventory, located, eval, out);
  };
  // Item i ends its control's items: the control's findings are all there.
  auto last_of_control = [&](size_t i) {
    return i + 1 == items.size() || items[i + 1].control != items[i].control;
  };
  if (sink == nullptr) {
    // At least one finding per visit, one per control without any: reserved, so that millions
    // of findings are not moved again at every doubling of the vector.
    size_t expected = 0;
    for (uint32_t n : counts) expected += std::max<uint32_t>(n, 1);
    report.findings.reserve(expected);
  }
  if (jobs <= 1) {
    EvalFn eval = make_eval();
    std::vector<Finding> found;
    for (size_t i = 0; i < items.size(); ++i) {
      if (found.empty()) found.reserve(std::max<uint32_t>(counts[items[i].control], 1));
      run(items[i], eval, found);
      if (!last_of_control(i)) continue;
      SortFindings(found);
      emit(found);
      found.clear();
    }
  } else {
    inventory.PrepareConcurrentReads();
    std::vector<EvalFn> evals;
    for (uint32_t w = 0; w < jobs; ++w) evals.push_back(make_eval());
    std::vector<std::vector<Finding>> found(items.size());
    std::vector<char> done(items.size());
    std::atomic<size_t> next{0};
    // Items are handed out in order and finish in any order: the thread that finishes one
    // passes on every control whose items are all done, in control order, unless another
    // thread is doing so (which then looks again before it stops).
    std::mutex mutex;
    size_t emitted = 0;  // items [0, emitted) have gone to the sink
    bool emitting = false;
    // Memory stays bounded when the sink is slower than the evaluation (a report written to a
    // slow disk): a thread does not start an item more than pending_items past the first item
    // not passed on (pending_items), unless the item is of that item's control (which must
    // complete first: no thread waits on an item of the first control not passed on).
    std::condition_variable moved_on;  // `emitted` grew
    const size_t pending_items = std::max<size_t>(kPendingItemsPerJob * jobs, kMinPendingItems);
    auto pass_on = [&] {
      std::unique_lock<std::mutex> lock(mutex);
      if (emitting) return;
      emitting = true;
      for (;;) {
        // The items of the first control not passed on, when they are all done.
        size_t end = emitted;
        while (end < items.size() && done[end] && !last_of_control(end)) ++end;
        if (end == items.size() || !done[end]) break;
        size_t begin = emitted;
        lock.unlock();
        // Sized once: growing it would move every finding again at each doubling.
        size_t total = 0;
        for (size_t i = begin; i <= end; ++i) total += found[i].size();
        std::vector<Finding> control = std::move(found[begin]);
        control.reserve(total);
        for (size_t i = begin + 1; i <= end; ++i) {
          control.insert(control.end(), std::make_move_iterator(found[i].begin()),
                         std::make_move_iterator(found[i].end()));
          std::vector<Finding>().swap(found[i]);
        }
        SortFindings(control);
        emit(control);
        lock.lock();
        emitted = end + 1;  // only this thread moves it while `emitting`
        moved_on.notify_all();
      }
      emitting = false;
    };
    RunWorkers(jobs, [&](uint32_t worker) {
      for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < items.size();) {
        if (sink != nullptr) {
          std::unique_lock<std::mutex> lock(mutex);
          moved_on.wait(lock, [&] {
            return i < emitted + pending_items || items[i].control == items[emitted].control;
          });
        }
        found[i].reserve(std::max<uint32_t>(items[i].end - items[i].begin, 1));
        run(items[i], evals[worker], found[i]);
        {
          std::lock_guard<std::mutex> lock(mutex);
          done[i] = 1;
        }
        pass_on();
      }
    });
    // Each finished item was passed on by its thread or by the thread passing on then, which
    // looks again before it stops: nothing is left, and this finds nothing to do.
    pass_on();
  }
  for (const auto& [type, count] : inventory.TypeCounts()) {
    if (!modelled_types.count(type)) report.unmodelled[type] = count;
  }
  report.Sort();  // linear: the controls come in order
  return report;
}

Report EvaluateControls(const ControlTable& controls, const Inventory& inventory,
                        const std::set<std::string>& modelled_types, const EvalFn& eval) {
  return EvaluateControls(
      controls, inventory, modelled_types, [&] { return eval; }, 1);
}

}  // namespace srm::rt
