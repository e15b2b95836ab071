// ReportOut: the buffered output every report writer writes through (runtime/report/report_out.h).
#include "runtime/report/report_out.h"

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdio>
#include <string>

using srm::rt::ReportOut;

namespace {

// Text of `n` bytes that shows where a byte went missing or was duplicated.
std::string Pattern(size_t n, char seed) {
  std::string s(n, ' ');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + seed) % 26);
  return s;
}

}  // namespace

TEST_CASE("ReportOut into a string keeps every byte in order across its buffer",
          "[runtime][report]") {
  std::string expected, text;
  {
    ReportOut out(text);
    for (int round = 0; round < 40; ++round) {
      // Single characters, pieces smaller than the buffer and pieces larger than it.
      std::string piece = Pattern(static_cast<size_t>(round) * 9973 % 200000 + 1, 'x' + round);
      out += piece;
      expected += piece;
      out.Put('\n');
      expected += '\n';
    }
    CHECK(out.ok());
  }
  CHECK(text.size() == expected.size());
  CHECK(text == expected);
}

TEST_CASE("ReportOut into a file writes what it was given and reports write errors",
          "[runtime][report]") {
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  std::string expected = Pattern(300000, 'q');
  {
    ReportOut out(f);
    out += std::string_view(expected).substr(0, 1000);
    out += std::string_view(expected).substr(1000);
    out.Flush();
    CHECK(out.ok());
  }
  std::rewind(f);
  std::string back(expected.size() + 10, '\0');
  back.resize(std::fread(back.data(), 1, back.size(), f));
  std::fclose(f);
  CHECK(back == expected);

  // A full device: the error is kept (not thrown away with the buffer) and named.
  std::FILE* full = std::fopen("/dev/full", "wb");
  if (full != nullptr) {
    ReportOut out(full);
    out += expected;
    out.Flush();
    CHECK_FALSE(out.ok());
    CHECK(out.error() == ENOSPC);
    std::fclose(full);
  }
}
