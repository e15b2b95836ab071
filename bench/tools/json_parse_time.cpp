// The JSON parse floor for the "evaluation within 3x of JSON parse time" target: how long
// simdjson (the library SRM's loader uses) takes to parse a template into its DOM tape, and to
// walk every value of it, without building SRM values. Built and run by bench/run.sh:
//
//   c++ -O2 -std=c++17 -DSIMDJSON_THREADS_ENABLED=1 bench/tools/json_parse_time.cpp -lsimdjson \
//       -o bench/out/bin/json_parse_time
//   bench/out/bin/json_parse_time TEMPLATE.json     # prints "parse X ms, walk Y ms (N values)"
//
// Best of 3 parses (the file is read once, outside the timing). SIMDJSON_THREADS_ENABLED must
// match the Debian library's build (it changes the parser's layout), as in SRM's own build.
#include <simdjson.h>

#include <chrono>
#include <cstdio>

namespace {

size_t Walk(simdjson::dom::element e) {
  size_t n = 1;
  simdjson::dom::object object;
  simdjson::dom::array array;
  if (e.get(object) == simdjson::SUCCESS) {
    for (simdjson::dom::key_value_pair field : object) n += Walk(field.value);
  } else if (e.get(array) == simdjson::SUCCESS) {
    for (simdjson::dom::element item : array) n += Walk(item);
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: json_parse_time TEMPLATE.json\n");
    return 2;
  }
  simdjson::padded_string json;
  if (simdjson::padded_string::load(argv[1]).get(json)) {
    std::fprintf(stderr, "json_parse_time: cannot read %s\n", argv[1]);
    return 2;
  }
  using Clock = std::chrono::steady_clock;
  double best_parse = 1e300, best_walk = 1e300;
  size_t values = 0;
  simdjson::dom::parser parser;
  for (int i = 0; i < 3; ++i) {
    auto t0 = Clock::now();
    simdjson::dom::element doc;
    if (auto error = parser.parse(json).get(doc)) {
      std::fprintf(stderr, "json_parse_time: %s\n", simdjson::error_message(error));
      return 2;
    }
    auto t1 = Clock::now();
    values = Walk(doc);
    auto t2 = Clock::now();
    best_parse = std::min(best_parse, std::chrono::duration<double, std::milli>(t1 - t0).count());
    best_walk = std::min(best_walk, std::chrono::duration<double, std::milli>(t2 - t1).count());
  }
  std::printf("parse %.1f ms, walk %.1f ms (%zu values, %s)\n", best_parse, best_walk, values,
              simdjson::get_active_implementation()->name().c_str());
  return 0;
}
