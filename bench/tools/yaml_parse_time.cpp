// The YAML parse floor for issue 14's "YAML: measure against yaml-cpp's own parse": how long
// yaml-cpp (the library SRM's YAML loader uses) takes to parse a template into events with a
// handler that does nothing (what SRM's loader is built on), and to load it into yaml-cpp's own
// node tree (YAML::Load) and walk every node, without building SRM values:
//
//   c++ -O2 -std=c++17 bench/tools/yaml_parse_time.cpp -lyaml-cpp -o /tmp/yaml_parse_time
//   /tmp/yaml_parse_time TEMPLATE.yaml  # "events X ms (N events), load Y ms, walk Z ms (M nodes)"
//
// Best of 3 of each, on the text read once, outside the timing.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

size_t Walk(const YAML::Node& node) {
  size_t n = 1;
  if (node.IsMap()) {
    for (const auto& kv : node) n += Walk(kv.second);
  } else if (node.IsSequence()) {
    for (const auto& item : node) n += Walk(item);
  }
  return n;
}

// Counts events and nothing else: the parse itself.
class Counter : public YAML::EventHandler {
 public:
  size_t events = 0;
  void OnDocumentStart(const YAML::Mark&) override { ++events; }
  void OnDocumentEnd() override { ++events; }
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { ++events; }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { ++events; }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {
    ++events;
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    ++events;
  }
  void OnSequenceEnd() override { ++events; }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    ++events;
  }
  void OnMapEnd() override { ++events; }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: yaml_parse_time TEMPLATE.yaml\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "yaml_parse_time: cannot read %s\n", argv[1]);
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  const std::string yaml = text.str();
  using Clock = std::chrono::steady_clock;
  double best_events = 1e300;
  size_t events = 0;
  for (int i = 0; i < 3; ++i) {
    std::istringstream stream(yaml);
    Counter counter;
    auto t0 = Clock::now();
    try {
      YAML::Parser parser(stream);
      while (parser.HandleNextDocument(counter)) {
      }
    } catch (const YAML::Exception& e) {
      std::fprintf(stderr, "yaml_parse_time: %s\n", e.what());
      return 2;
    }
    auto t1 = Clock::now();
    events = counter.events;
    best_events = std::min(best_events, std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  double best_parse = 1e300, best_walk = 1e300;
  size_t nodes = 0;
  for (int i = 0; i < 3; ++i) {
    auto t0 = Clock::now();
    YAML::Node doc;
    try {
      doc = YAML::Load(yaml);
    } catch (const YAML::Exception& e) {
      std::fprintf(stderr, "yaml_parse_time: %s\n", e.what());
      return 2;
    }
    auto t1 = Clock::now();
    nodes = Walk(doc);
    auto t2 = Clock::now();
    best_parse = std::min(best_parse, std::chrono::duration<double, std::milli>(t1 - t0).count());
    best_walk = std::min(best_walk, std::chrono::duration<double, std::milli>(t2 - t1).count());
  }
  std::printf("events %.1f ms (%zu events), load %.1f ms, walk %.1f ms (%zu nodes)\n", best_events,
              events, best_parse, best_walk, nodes);
  return 0;
}
