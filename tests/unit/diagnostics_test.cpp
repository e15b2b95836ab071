// Unit tests for the diagnostics engine: ordering, rendering and suggestions.
#include "compiler/ast/diagnostics.h"

#include <catch2/catch.hpp>

using namespace srm;

TEST_CASE("edit distance and closest match", "[diagnostics]") {
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(EditDistance("", "abc") == 3);
  CHECK(ClosestMatch("Custmer", {"AWS", "Customer"}) == "Customer");
  CHECK(ClosestMatch("xyz", {"AWS", "Customer"}).empty());
}

TEST_CASE("diagnostics render clang-style, sorted by location", "[diagnostics]") {
  SourceManager sources;
  uint32_t f = sources.Add("p.srm", "party A;\nparty B;\n");
  DiagnosticEngine diags(sources);
  diags.Error({f, 15, 16}, "second");
  diags.Error({f, 6, 7}, "first").AddNote({f, 15, 16}, "see here").AddNote("plain note");
  CHECK(diags.error_count() == 2);
  CHECK(diags.Render(false) ==
        "p.srm:1:7: error: first\n"
        "party A;\n"
        "      ^\n"
        "p.srm:2:7: note: see here\n"
        "party B;\n"
        "      ^\n"
        "note: plain note\n"
        "p.srm:2:7: error: second\n"
        "party B;\n"
        "      ^\n");
}
