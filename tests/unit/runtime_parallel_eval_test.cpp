// Unit tests of the parallel evaluation (--jobs): SplitWork's work items, EvaluateControls on
// several threads giving the findings of one thread, and RunWorkers (runtime/eval/parallel.h).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "runtime/eval/evaluate.h"
#include "runtime/eval/parallel.h"
#include "tests/unit/test_util.h"

using namespace srm;

TEST_CASE("SplitWork covers every visit once, in control and visit order", "[runtime][parallel]") {
  for (uint32_t jobs : {1u, 2u, 3u, 8u, 64u}) {
    for (const std::vector<uint32_t>& visits :
         {std::vector<uint32_t>{}, std::vector<uint32_t>{0}, std::vector<uint32_t>{1, 0, 5},
          std::vector<uint32_t>{100000, 3, 0, 17, 4096}, std::vector<uint32_t>{0, 0, 70000}}) {
      std::vector<rt::WorkItem> items = rt::SplitWork(visits, jobs);
      // Walking the items visits each control's resources in order, a control without any
      // once (its SKIP finding), and nothing else.
      uint32_t control = 0, next = 0;
      bool empty_seen = false;
      for (const rt::WorkItem& item : items) {
        if (item.control != control) {
          CHECK(item.control == control + 1);
          CHECK((next == visits[control] && (visits[control] > 0 || empty_seen)));
          control = item.control;
          next = 0;
          empty_seen = false;
        }
        if (visits[control] == 0) {
          CHECK(item == rt::WorkItem{control, 0, 0});
          CHECK_FALSE(empty_seen);
          empty_seen = true;
          continue;
        }
        CHECK(item.begin == next);
        CHECK(item.end > item.begin);
        CHECK(item.end - item.begin <= 4096);
        next = item.end;
      }
      if (!visits.empty()) {
        CHECK(control + 1 == visits.size());
        CHECK((next == visits.back() && (visits.back() > 0 || empty_seen)));
      } else {
        CHECK(items.empty());
      }
    }
  }
  // Enough items for the threads to share a large control, not one per visit.
  std::vector<rt::WorkItem> items = rt::SplitWork({100000}, 2);
  CHECK(items.size() >= 16);
  CHECK(items.size() <= 100000 / 16);
}

namespace {

// The findings as text: what a report writer could show of them, in order.
std::vector<std::string> Describe(const rt::Report& report) {
  std::vector<std::string> out;
  for (const rt::Finding& f : report.findings) {
    out.push_back(
        f.control->id + " " + std::string(rt::StatusName(f.status)) + " " + f.resource + " " +
        rt::FormatLocation(f.location) + " " +
        (f.property ? f.property->path + "@" + rt::FormatLocation(f.property->location) : "@") +
        " " + f.message);
  }
  return out;
}

}  // namespace

TEST_CASE("EvaluateControls gives the same findings on every number of threads",
          "[runtime][parallel]") {
  rt::Interner names;
  rt::Inventory inv(names);
  rt::LoadError err;
  // Three files (FileOf locates the properties FAIL findings point at), 300 buckets and 200
  // topics in a shuffled id order.
  for (int file = 0; file < 3; ++file) {
    std::string json = R"({"Resources": {)";
    for (int i = 0; i < 100; ++i) {
      int n = (i * 37 + file * 11) % 100;
      json += (i == 0 ? "" : ",") + std::string("\n\"B") + std::to_string(n) + "x" +
              std::to_string(file) + R"(": {"Type": "AWS::S3::Bucket", "Properties": {"N": )" +
              std::to_string(n) + "}}";
      if (file < 2)
        json += ",\n\"T" + std::to_string(n) + "x" + std::to_string(file) +
                R"(": {"Type": "AWS::SNS::Topic"})";
    }
    REQUIRE(test::LoadJson(json + "}}", inv, err));
  }
  inv.ResolveReferences();
  rt::ControlTable controls;
  for (auto [id, type] : {std::pair{"A", "AWS::S3::Bucket"}, std::pair{"B", "AWS::EC2::Volume"},
                          std::pair{"C", "AWS::SNS::Topic"}, std::pair{"D", "AWS::S3::Bucket"}}) {
    auto m = std::make_shared<rt::ControlMeta>();
    m->order = static_cast<uint32_t>(controls.controls.size());
    m->id = id;
    m->resource_types = {type};
    controls.controls.push_back(std::move(m));
  }
  std::set<std::string> modelled = {"AWS::S3::Bucket", "AWS::EC2::Volume"};
  // A FAIL pointing at property N, a failed assert gone past, an ERROR and a PASS, by resource.
  auto outcome = [](const rt::ControlMeta& c, const rt::Resource& r) {
    rt::Outcome o;
    const rt::Value& props = *r.properties;
    uint32_t n = static_cast<uint32_t>(r.id.size() + r.index + c.order);
    if (n % 3 == 0 && props.size > 0) {
      o.status = rt::Status::kFail;
      o.message = "fails on " + std::string(r.id);
      o.read.parent = &props;
      o.read.found = &props.members[0].value;
    } else if (n % 5 == 0) {
      o.failed.push_back(rt::Failure{"went past", {}});
    } else if (n % 7 == 0) {
      o.status = rt::Status::kError;
      o.message = "faulted";
    }
    return o;
  };
  // The threads run first, on an inventory no evaluation has read yet (a lazily built index
  // would be built by the threads).
  std::map<uint32_t, rt::Report> reports;
  for (uint32_t jobs : {8u, 3u, 2u, 1u}) {
    CAPTURE(jobs);
    std::atomic<int> made{0}, foreign{0};
    rt::Report report = rt::EvaluateControls(
        controls, inv, modelled,
        [&]() -> rt::EvalFn {
          ++made;
          // Each evaluator is called by one thread only.
          auto owner = std::make_shared<std::atomic<std::thread::id>>();
          return [&, owner](const rt::ControlMeta& c, uint32_t, const rt::Resource& r) {
            std::thread::id none, self = std::this_thread::get_id();
            if (!owner->compare_exchange_strong(none, self) && none != self) ++foreign;
            return outcome(c, r);
          };
        },
        jobs);
    CHECK(made == static_cast<int>(jobs));
    CHECK(foreign == 0);
    reports[jobs] = std::move(report);
  }
  rt::Report one = rt::EvaluateControls(
      controls, inv, modelled,
      [&](const rt::ControlMeta& c, uint32_t, const rt::Resource& r) { return outcome(c, r); });
  REQUIRE(one.findings.size() == 300 + 1 + 200 + 300);
  std::vector<std::string> expected = Describe(one);
  for (const auto& [jobs, report] : reports) {
    CAPTURE(jobs);
    CHECK(Describe(report) == expected);
    CHECK(report.unmodelled == one.unmodelled);
  }
  // Streamed (srm check writes the report while it evaluates): each control's findings once, in
  // one call, controls in order, one call at a time; the same findings in the same order.
  for (uint32_t jobs : {1u, 2u, 3u, 8u}) {
    CAPTURE(jobs);
    rt::Report streamed;
    std::vector<std::string> calls;
    std::atomic<int> inside{0}, overlaps{0};
    rt::ControlSink sink = [&](std::vector<rt::Finding>& findings) {
      if (inside.fetch_add(1) != 0) ++overlaps;
      REQUIRE(!findings.empty());
      calls.push_back(findings.front().control->id);
      for (rt::Finding& f : findings) {
        CHECK(f.control->id == calls.back());
        streamed.findings.push_back(std::move(f));
      }
      --inside;
    };
    rt::Report rest = rt::EvaluateControls(
        controls, inv, modelled,
        [&]() -> rt::EvalFn {
          return [&](const rt::ControlMeta& c, uint32_t, const rt::Resource& r) {
            return outcome(c, r);
          };
        },
        jobs, &sink);
    CHECK(rest.findings.empty());
    CHECK(rest.unmodelled == one.unmodelled);
    CHECK(overlaps == 0);
    CHECK(calls == std::vector<std::string>{"A", "B", "C", "D"});
    CHECK(Describe(streamed) == expected);
  }
}

TEST_CASE("RunWorkers runs every worker once and passes exceptions on", "[runtime][parallel]") {
  for (uint32_t jobs : {1u, 2u, 5u}) {
    std::vector<std::atomic<int>> runs(jobs);
    rt::RunWorkers(jobs, [&](uint32_t w) { ++runs[w]; });
    for (const std::atomic<int>& n : runs) CHECK(n == 1);
  }
  CHECK_THROWS_WITH(rt::RunWorkers(3,
                                   [](uint32_t w) {
                                     if (w == 2) throw std::runtime_error("worker 2");
                                   }),
                    "worker 2");
  CHECK(rt::DefaultJobs() >= 1);
  CHECK(rt::DefaultJobs() <= rt::kMaxJobs);
}

TEST_CASE("A streamed evaluation runs a bounded way ahead of a slow sink", "[runtime][parallel]") {
  rt::Interner names;
  rt::Inventory inv(names);
  rt::LoadError err;
  std::string json = R"({"Resources": {)";
  for (int i = 0; i < 100; ++i)
    json += (i == 0 ? "\"B" : ",\"B") + std::to_string(i) + R"(": {"Type": "AWS::S3::Bucket"})";
  REQUIRE(test::LoadJson(json + "}}", inv, err));
  inv.ResolveReferences();
  // 200 controls of 100 visits each: one work item per control on 2 threads.
  rt::ControlTable controls;
  for (int c = 0; c < 200; ++c) {
    auto m = std::make_shared<rt::ControlMeta>();
    m->order = static_cast<uint32_t>(c);
    m->id = "C" + std::to_string(1000 + c);
    m->resource_types = {"AWS::S3::Bucket"};
    controls.controls.push_back(std::move(m));
  }
  REQUIRE(rt::SplitWork(std::vector<uint32_t>(200, 100), 2).size() == 200);
  std::atomic<uint64_t> evaluated{0};
  uint64_t delivered = 0, most_ahead = 0;
  std::vector<std::string> calls;
  rt::ControlSink sink = [&](std::vector<rt::Finding>& findings) {
    most_ahead = std::max<uint64_t>(most_ahead, evaluated - delivered);
    calls.push_back(findings.front().control->id);
    delivered += findings.size();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a slow disk
  };
  rt::Report rest = rt::EvaluateControls(
      controls, inv, {"AWS::S3::Bucket"},
      [&]() -> rt::EvalFn {
        return [&](const rt::ControlMeta&, uint32_t, const rt::Resource&) {
          ++evaluated;
          return rt::Outcome{};
        };
      },
      2, &sink);
  CHECK(delivered == 200 * 100);
  REQUIRE(calls.size() == 200);
  for (size_t c = 0; c < calls.size(); ++c) CHECK(calls[c] == "C" + std::to_string(1000 + c));
  // Without the bound, the other thread evaluates everything while the sink sleeps (19,900
  // ahead); with it, at most 64 items (the minimum window) plus the two running ones.
  CHECK(most_ahead <= (64 + 2) * 100);
}
