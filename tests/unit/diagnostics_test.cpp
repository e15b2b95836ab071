// Unit tests for the diagnostics engine: ordering, rendering and suggestions.
#include "compiler/ast/diagnostics.h"

#include <catch2/catch.hpp>
#include <set>
#include <string_view>

using namespace srm;

TEST_CASE("edit distance and closest match", "[diagnostics]") {
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(EditDistance("", "abc") == 3);
  CHECK(ClosestMatch("Custmer", {"AWS", "Customer"}) == "Customer");
  CHECK(ClosestMatch("xyz", {"AWS", "Customer"}).empty());
}

TEST_CASE("diagnostics render clang-style with their ids, sorted by location", "[diagnostics]") {
  SourceManager sources;
  uint32_t f = sources.Add("p.srm", "party A;\nparty B;\n");
  DiagnosticEngine diags(sources);
  diags.Report({f, 15, 16}, diag::UnknownName, "B");
  diags.Report({f, 6, 7}, diag::DuplicateImport, "A")
      .AddNote({f, 15, 16}, diag::DeclaredHere)
      .AddNote(diag::DidYouMean, "C");
  CHECK(diags.error_count() == 1);
  CHECK(diags.diagnostics()[0].kind == DiagKind::kUnknownName);
  CHECK(diags.diagnostics()[1].severity == Severity::kWarning);
  CHECK(diags.Render(false) ==
        "p.srm:1:7: warning[W0201]: module 'A' is imported twice\n"
        "party A;\n"
        "      ^\n"
        "p.srm:2:7: note: declared here\n"
        "party B;\n"
        "      ^\n"
        "note: did you mean 'C'?\n"
        "p.srm:2:7: error[E0208]: unknown name 'B'\n"
        "party B;\n"
        "      ^\n");
}

TEST_CASE("file-less diagnostics and remarks come first, in the order reported", "[diagnostics]") {
  SourceManager sources;
  uint32_t f = sources.Add("p.srm", "party A;\n");
  DiagnosticEngine diags(sources);
  diags.Report({f, 6, 7}, diag::UnknownName, "A");
  diags.Remark(diag::SkippingStdlibCopy, "s.srm");
  diags.Report(diag::CannotReadPolicy, "x.srm", "No such file or directory");
  CHECK(diags.error_count() == 2);
  CHECK(diags.Render(false) ==
        "srm: note: skipping 's.srm': it is identical to the embedded standard library (pass "
        "--no-stdlib to check files of module aws)\n"
        "srm: error[E0501]: cannot read policy 'x.srm': No such file or directory\n"
        "p.srm:1:7: error[E0208]: unknown name 'A'\n"
        "party A;\n"
        "      ^\n");
  CHECK(diags.Render(true).find("\033[1;31merror[E0501]:") != std::string::npos);
}

TEST_CASE("every kind has a well-formed, unique id and a name", "[diagnostics]") {
  std::set<std::string_view> ids, names;
  for (const DiagKindInfo& k : kDiagKinds) {
    INFO(k.name);
    REQUIRE(k.id.size() == 5);
    CHECK(k.id[0] == (k.severity == Severity::kWarning ? 'W' : 'E'));
    CHECK(k.severity != Severity::kNote);
    CHECK(k.id.find_first_not_of("0123456789", 1) == std::string_view::npos);
    CHECK(ids.insert(k.id).second);
    CHECK(names.insert(k.name).second);
    CHECK_FALSE(k.format.empty());
  }
  for (const NoteKindInfo& n : kNoteKinds) CHECK(names.insert(n.name).second);
}
