// Unit tests of sharding (runtime/cli/shard.h): --shard parsing, the split of files and of a
// file's resources among shards, and of joining shard reports (runtime/report/merge.h) read
// back from JSON (runtime/report/json_report_reader.h).
#include "runtime/cli/shard.h"

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "runtime/report/json_report_reader.h"
#include "runtime/report/json_writer.h"
#include "runtime/report/merge.h"

using namespace srm::rt;

namespace {

std::string ParseError(const std::string& text) {
  ShardSpec spec;
  std::string error;
  CHECK_FALSE(ParseShard(text, spec, error));
  return error;
}

// shard -> the files it loads whole and the files it splits.
std::map<uint32_t, std::vector<ShardFile>> Plans(const std::vector<std::string>& files,
                                                 const std::vector<uint64_t>& sizes, uint32_t n,
                                                 ShardBy by) {
  std::map<uint32_t, std::vector<ShardFile>> plans;
  for (uint32_t k = 0; k < n; ++k) plans[k] = PlanShard(files, sizes, ShardSpec{k, n, by});
  return plans;
}

}  // namespace

TEST_CASE("shard option: K/N, K 0-based") {
  ShardSpec spec;
  std::string error;
  REQUIRE(ParseShard("2/3", spec, error));
  CHECK(spec.index == 2);
  CHECK(spec.count == 3);
  REQUIRE(ParseShard("0/1", spec, error));
  CHECK(ParseError("3/3").find("K is 0-based and must be less than N (0 to 2)") !=
        std::string::npos);
  CHECK(ParseError("0/0").find("N must be 1 to") != std::string::npos);
  for (const char* bad : {"1", "/3", "1/", "-1/3", "1/3x", "a/b", "1/ 3", "1//3", ""})
    CHECK(ParseError(bad).find("is not K/N") != std::string::npos);
}

TEST_CASE("by file: each small file goes to one shard, a large one is split among all") {
  std::vector<std::string> files = {"a", "b", "big", "c", "d", "e"};
  std::vector<uint64_t> sizes = {10, 30, 400, 10, 20, 5};  // big: 400 * 3 > 475
  auto plans = Plans(files, sizes, 3, ShardBy::kFile);
  std::map<std::string, int> whole, split;
  for (const auto& [k, plan] : plans)
    for (const ShardFile& f : plan) (f.split ? split : whole)[f.path]++;
  CHECK(split == std::map<std::string, int>{{"big", 3}});
  CHECK(whole == std::map<std::string, int>{{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}, {"e", 1}});
  // The lightest shard takes the next file: a->0, b->1, c->2, d->0 (10 < 30), e->2 (10 < 30).
  auto paths = [&](uint32_t k) {
    std::vector<std::string> out;
    for (const ShardFile& f : plans[k]) out.push_back(f.path + (f.split ? "*" : ""));
    return out;
  };
  CHECK(paths(0) == std::vector<std::string>{"a", "big*", "d"});
  CHECK(paths(1) == std::vector<std::string>{"b", "big*"});
  CHECK(paths(2) == std::vector<std::string>{"big*", "c", "e"});
  // The plan depends on the files and sizes alone: the same every time.
  CHECK(PlanShard(files, sizes, ShardSpec{1, 3, ShardBy::kFile})[0].path == "b");
  // One shard loads everything whole; by resource, every file is split.
  for (const ShardFile& f : PlanShard(files, sizes, ShardSpec{0, 1, ShardBy::kFile}))
    CHECK_FALSE(f.split);
  for (const auto& [k, plan] : Plans(files, sizes, 4, ShardBy::kResource)) {
    CHECK(plan.size() == files.size());
    for (const ShardFile& f : plan) CHECK(f.split);
  }
  // Not sharded: every file whole.
  CHECK(PlanShard(files, sizes, ShardSpec{}).size() == files.size());
}

TEST_CASE("with more shards than files, every file exceeds a share and is split") {
  std::vector<std::string> files = {"a", "b"};
  for (const auto& [k, plan] : Plans(files, {5, 5}, 4, ShardBy::kFile)) {
    CHECK(plan.size() == 2);
    for (const ShardFile& f : plan) CHECK(f.split);
  }
  // Empty files exceed nothing and weigh nothing: whole, to the lightest shard with the lowest
  // index, the others get none.
  auto empty = Plans(files, {0, 0}, 4, ShardBy::kFile);
  CHECK(empty[0].size() == 2);
  CHECK(empty[1].empty());
  CHECK(empty[2].empty());
  CHECK(empty[3].empty());
}

TEST_CASE("a split file's resources are cut into N contiguous ranges covering each once") {
  for (uint32_t n : {1u, 2u, 3u, 7u, 100u}) {
    for (uint32_t count : {0u, 1u, 2u, 5u, 99u, 1000u}) {
      uint32_t next = 0;
      for (uint32_t k = 0; k < n; ++k) {
        ResourceRange r = ShardResources(count, ShardSpec{k, n, ShardBy::kFile});
        CHECK(r.first == next);
        CHECK(r.end >= r.first);
        CHECK(r.end - r.first <= count / n + 1);
        next = r.end;
      }
      CHECK(next == count);
    }
  }
  ResourceRange all = ShardResources(4000000000u, ShardSpec{2, 3, ShardBy::kFile});
  CHECK(all.first == 2666666666u);
  CHECK(all.end == 4000000000u);
}

namespace {

std::shared_ptr<ControlMeta> Control(const std::string& id) {
  auto c = std::make_shared<ControlMeta>();
  c->id = id;
  c->title = "t " + id;
  c->severity = "high";
  c->resource_types = {"AWS::S3::Bucket", "AWS::SQS::Queue"};
  c->frameworks = {{"HIPAA", "164.312"}};
  c->location = Location{"p.srm", 3, 9, 3, 20};
  return c;
}

Finding Make(std::shared_ptr<const ControlMeta> c, Status s, const std::string& resource,
             uint32_t line) {
  Finding f;
  f.control = std::move(c);
  f.status = s;
  f.resource = resource;
  if (!resource.empty()) f.location = Location{"t.json", line, 5};
  return f;
}

Report Shard(uint32_t k, uint32_t n, std::vector<Finding> findings) {
  Report r;
  r.findings = std::move(findings);
  r.inventories = {"t.json", "u.json"};
  r.shard = ShardInfo{k, n, "file", "srm 1 (commit x)", "low", false};
  r.Sort();
  return r;
}

// The report as JSON and read back (what srm merge gets from a shard).
Report RoundTrip(const Report& r) {
  Report out;
  std::string error;
  REQUIRE(ParseJsonReport(RenderJson(r), "shard.json", out, error));
  return out;
}

}  // namespace

TEST_CASE("a JSON report reads back into the report it was written from") {
  auto a = Control("A");
  Finding fail = Make(a, Status::kFail, "Bucket", 4);
  fail.message = "not \"encrypted\"";
  fail.block = 1;
  fail.property = PropertyRef{"Other", "X.Y[2]", true, Location{"t.json", 5, 7}};
  Finding waived = Make(a, Status::kWaived, "Queue", 9);
  waived.waived = Status::kError;
  auto w = std::make_shared<Waiver>();
  w->control = "A";
  w->resource = "Q*";
  w->until = "2030-01-01";
  w->in_inventory = true;
  w->location = Location{"t.json", 8, 1};
  waived.waiver = w;
  Report r = Shard(1, 2, {fail, waived, Make(Control("B"), Status::kSkip, "", 0)});
  r.unmodelled["Custom::Thing"] = 3;
  r.has_baseline = true;
  std::string json = RenderJson(r);
  Report back = RoundTrip(r);
  CHECK(RenderJson(back) == json);
  REQUIRE(back.shard);
  CHECK(back.shard->index == 1);
  CHECK(back.findings[0].block == 1);
  CHECK(back.findings[1].waiver->in_inventory);
  CHECK(back.inventories == r.inventories);
  std::string error;
  Report bad;
  CHECK_FALSE(ParseJsonReport("<results/>", "x.sarif", bad, error));
  CHECK(error.find("x.sarif:1:1: error: not a JSON report of srm check") == 0);
  std::string edited = json;
  edited.replace(edited.find("\"fail\": 1"), 9, "\"fail\": 2");
  CHECK_FALSE(ParseJsonReport(edited, "e.json", bad, error));
  CHECK(error.find("summary.fail does not count the findings") != std::string::npos);
}

TEST_CASE("merging shards: SKIPs of controls checked elsewhere go, expired waivers count once") {
  auto a = Control("A"), b = Control("B"), c = Control("C");
  auto expired = std::make_shared<ControlMeta>();
  expired->id = kWaiverExpiredId;
  Finding gone = Make(expired, Status::kFail, "R", 7);
  gone.message = "the waiver expired";
  // One run would give: A on r1 (shard 0) and r2 (shard 1); B on r3 (shard 1); C nowhere.
  Report s0 = Shard(0, 2,
                    {Make(a, Status::kPass, "r1", 1), Make(b, Status::kSkip, "", 0),
                     Make(c, Status::kSkip, "", 0), gone});
  Report s1 = Shard(1, 2,
                    {Make(a, Status::kFail, "r2", 2), Make(b, Status::kPass, "r3", 3),
                     Make(c, Status::kSkip, "", 0), gone});
  std::vector<Report> shards = {RoundTrip(s1), RoundTrip(s0)};  // any order
  Report merged;
  std::string error;
  REQUIRE(MergeShardReports(shards, {"s1.json", "s0.json"}, merged, error));
  std::vector<std::string> got;
  for (const Finding& f : merged.findings)
    got.push_back(f.control->id + ":" + f.resource + ":" + StatusName(f.status));
  CHECK(got == std::vector<std::string>{"A:r1:PASS", "A:r2:FAIL", "B:r3:PASS", "C::SKIP",
                                        std::string(kWaiverExpiredId) + ":R:FAIL"});
  CHECK_FALSE(merged.shard);
  CHECK(RenderJson(merged).find("\"shard\"") == std::string::npos);
}

TEST_CASE("merging refuses what is not the N shards of one run") {
  auto a = Control("A");
  auto merge = [](std::vector<Report> shards) {
    Report out;
    std::string error;
    std::vector<std::string> paths;
    for (size_t i = 0; i < shards.size(); ++i) paths.push_back("s" + std::to_string(i) + ".json");
    CHECK_FALSE(MergeShardReports(shards, paths, out, error));
    return error;
  };
  Report s0 = Shard(0, 3, {Make(a, Status::kPass, "r1", 1)});
  Report s1 = Shard(1, 3, {Make(a, Status::kPass, "r2", 2)});
  CHECK(merge({s0, s1}) == "error: the shards 2 of 3 are missing");
  CHECK(merge({s0, s0}).find("s1.json: error: shard 0 of 3 is also s0.json") == 0);
  Report other = Shard(2, 3, {Make(Control("B"), Status::kPass, "r3", 3)});
  CHECK(merge({s0, s1, other})
            .find("s2.json: error: not a shard of the run of s0.json: it "
                  "checked other controls") == 0);
  auto retitled = Control("A");
  retitled->title = "another title";
  CHECK(merge({s0, s1, Shard(2, 3, {Make(retitled, Status::kPass, "r3", 3)})})
            .find("checked other controls") != std::string::npos);
  Report newer = Shard(2, 3, {Make(a, Status::kPass, "r3", 3)});
  newer.shard->version = "srm 2 (commit y)";
  CHECK(merge({s0, s1, newer}).find("was written by srm 2 (commit y)") != std::string::npos);
  Report unsharded = s0;
  unsharded.shard.reset();
  CHECK(merge({unsharded}).find("s0.json: error: not the report of a shard") == 0);
}
