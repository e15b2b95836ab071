// Unit tests for the diagnostics engine: ordering, rendering and suggestions.
#include "compiler/ast/diagnostics.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
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

namespace {

std::string ReadText(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The expected sections of a golden case (tests/golden/README.md), `hex` ones decoded.
std::string ExpectedOutput(const std::string& text) {
  std::string out;
  size_t at = text.find("//--- expected");
  bool hex = false;
  while (at != std::string::npos && at < text.size()) {
    size_t eol = text.find('\n', at);
    std::string line = text.substr(at, eol == std::string::npos ? std::string::npos : eol - at);
    at = eol == std::string::npos ? text.size() : eol + 1;
    if (line.rfind("//--- ", 0) == 0) {
      hex = line.size() >= 4 && line.compare(line.size() - 4, 4, " hex") == 0;
      out += line + "\n";
      continue;
    }
    if (!hex) {
      out += line + "\n";
      continue;
    }
    std::string digits;
    for (char c : line)
      if (std::isxdigit(static_cast<unsigned char>(c))) digits += c;
    for (size_t i = 0; i + 1 < digits.size(); i += 2)
      out += static_cast<char>(std::stoi(digits.substr(i, 2), nullptr, 16));
  }
  return out;
}

}  // namespace

TEST_CASE("diagnostics: docs and golden cases cover every kind", "[diagnostics]") {
  const std::filesystem::path root = SRM_SOURCE_DIR;
  std::map<std::string, std::string> outputs;  // case path (from the root) -> expected output
  for (const auto& e : std::filesystem::recursive_directory_iterator(root / "tests/cases")) {
    if (e.path().extension() != ".srm") continue;
    outputs[std::filesystem::relative(e.path(), root).string()] =
        ExpectedOutput(ReadText(e.path()));
  }
  REQUIRE(outputs.size() > 100);
  const std::string doc = ReadText(root / "docs/diagnostics.md");
  // Kinds no golden case can show: a policy over 16 MiB, internal errors, a missing linker.
  const std::set<std::string_view> kNoCase = {"E0116", "E0199", "E0503", "E0504"};
  std::set<std::string> documented;
  for (size_t at = doc.find("\n### "); at != std::string::npos; at = doc.find("\n### ", at + 1))
    documented.insert(doc.substr(at + 5, doc.find('\n', at + 1) - at - 5));
  for (const DiagKindInfo& k : kDiagKinds) {
    std::string heading = std::string(k.id) + " " + std::string(k.name);
    INFO(heading);
    CHECK(documented.erase(heading) == 1);
    std::string tag = "[" + std::string(k.id) + "]:";
    bool shown = std::any_of(outputs.begin(), outputs.end(), [&](const auto& o) {
      return o.second.find(tag) != std::string::npos;
    });
    CHECK(shown != (kNoCase.count(k.id) > 0));
  }
  CHECK(documented.empty());  // no heading for a kind that does not exist
  // Every example is real output: it appears in the expected output of the case it names.
  size_t examples = 0;
  const std::string kOpen = "Example (from `", kFence = "```text\n";
  for (size_t at = doc.find(kOpen); at != std::string::npos; at = doc.find(kOpen, at + 1)) {
    size_t name_end = doc.find('`', at + kOpen.size());
    std::string path = doc.substr(at + kOpen.size(), name_end - at - kOpen.size());
    size_t body = doc.find(kFence, name_end) + kFence.size();
    std::string example = doc.substr(body, doc.find("```\n", body) - body);
    INFO(path << "\n" << example);
    REQUIRE(outputs.count(path) == 1);
    CHECK(outputs[path].find(example) != std::string::npos);
    ++examples;
  }
  CHECK(examples == std::size(kDiagKinds) - kNoCase.size());
}
