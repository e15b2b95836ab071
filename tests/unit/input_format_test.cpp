// Unit tests of the inventory format registry (runtime/inventory/input_formats.def,
// input_format.h): names and lookups follow the table, the messages and sema's binding keywords
// are derived from it, and docs/inventories.md lists exactly the formats of the table.
#include "runtime/inventory/input_format.h"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <string>

#include "tests/unit/test_util.h"

using namespace srm::rt;

namespace {

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// The rows of the format table of docs/inventories.md (after its header row), and the text of
// its "## Detection" section.
void ReadDocs(std::vector<std::string>& rows, std::string& detection) {
  std::ifstream in(SRM_SOURCE_DIR "/docs/inventories.md");
  REQUIRE(in);
  std::string line, section;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.rfind("#", 0) == 0) section = line;
    if (line.rfind("| format | `--input-format` |", 0) == 0) {
      in_table = true;
      std::getline(in, line);  // | --- | ...
      continue;
    }
    if (in_table && line.rfind("| ", 0) != 0) in_table = false;
    if (in_table) rows.push_back(line);
    if (section == "## Detection") detection += line + "\n";
  }
}

}  // namespace

TEST_CASE("the format table is indexed by the enum and found by name", "[formats]") {
  REQUIRE(kInputFormatCount >= 1);
  std::vector<std::string> names = InputFormatNames();
  REQUIRE(names.size() == kInputFormatCount + 1);
  CHECK(names[0] == "auto");
  InputFormat f = InputFormat::kCfn;
  CHECK(ParseInputFormat("auto", f));
  CHECK(f == InputFormat::kAuto);
  for (size_t i = 0; i < kInputFormatCount; ++i) {
    const InputFormatInfo& info = kInputFormats[i];
    CHECK(&InfoOf(info.format) == &info);
    CHECK(names[i + 1] == info.name);
    CHECK(InputFormatName(info.format) == info.name);
    CHECK(ParseInputFormat(info.name, f));
    CHECK(f == info.format);
    CHECK(!info.detect_keys[0].empty());
    CHECK(!info.expected.empty());
    CHECK(!info.json_shape.empty());
    // Every format has a JSON loader; a YAML loader exactly when it has YAML extensions.
    CHECK(info.load_json != nullptr);
    CHECK((info.load_yaml != nullptr) == !info.yaml_extensions[0].empty());
  }
  CHECK_FALSE(ParseInputFormat("terraform", f));
  CHECK_FALSE(ParseInputFormat("", f));
}

TEST_CASE("binding keywords and schema-map slots follow the table", "[formats]") {
  std::set<size_t> slots;
  std::vector<std::string> keywords = BindingKeywords();
  CHECK(keywords.size() == kBindingCount);
  for (const InputFormatInfo& info : kInputFormats) {
    size_t slot = BindingSlot(info.format);
    if (info.binding.empty()) {
      CHECK(slot == kBindingCount);
      continue;
    }
    CHECK(FindBinding(info.binding) == &info);
    CHECK(&BindingFormat(slot) == &info);
    CHECK(slots.insert(slot).second);
    CHECK(keywords[slot] == info.binding);
    CHECK(Contains(BindingForms(), "'" + std::string(info.binding)));
    CHECK(Contains(FieldSourceForms(), "'" + std::string(info.binding) + " \"path\"'"));
  }
  CHECK(slots.size() == kBindingCount);
  CHECK(FindBinding("terraform") == nullptr);
  CHECK(FindBinding("") == nullptr);
}

TEST_CASE("messages about inventories name every format", "[formats]") {
  for (const InputFormatInfo& info : kInputFormats) {
    INFO(info.name);
    CHECK(ExpectedInventory(info.format) == info.expected);
    CHECK(ExpectedJsonShape(info.format) == info.json_shape);
    CHECK(Contains(ExpectedInventory(InputFormat::kAuto), info.noun));
    CHECK(Contains(ExpectedJsonShape(InputFormat::kAuto), info.object_noun));
    CHECK(Contains(UnrecognisedJsonMessage(), info.detect_hint));
    CHECK(Contains(InputFormatHelp(), info.name));
    CHECK(Contains(InventoryFileHelp(), info.expected));
  }
}

TEST_CASE("docs/inventories.md lists exactly the formats of the table", "[formats]") {
  std::vector<std::string> rows;
  std::string detection;
  ReadDocs(rows, detection);
  std::vector<std::string> expected;
  for (const InputFormatInfo& info : kInputFormats) {
    expected.push_back(fmt::format("| {} | `{}` | {} | {} |", info.doc_format, info.name,
                                   info.doc_what, info.doc_id));
    // Detection documents every key that announces the format.
    for (std::string_view key : info.detect_keys) {
      INFO(info.name << ": detection key " << key);
      if (!key.empty()) CHECK(Contains(detection, "`" + std::string(key) + "`"));
    }
  }
  std::string want;
  for (const std::string& row : expected) want += row + "\n";
  INFO("the rows of the format table in docs/inventories.md should be:\n" << want);
  CHECK(rows == expected);
}

TEST_CASE("an unknown binding keyword is located, with a did-you-mean from the table",
          "[formats][sema]") {
  // A policy whose only error is the unknown keyword: its located message and the suggestion.
  auto check = [](const std::string& policy, const std::string& message, const char* best) {
    auto c = srm::test::Compile("module t;\nresource B = \"AWS::S3::Bucket\"" + policy);
    CHECK_FALSE(c.ok);
    std::string errors = c.Errors();
    INFO(errors);
    CHECK(Contains(errors, message));
    CHECK(Contains(errors, fmt::format("did you mean '{}'?", best)));
  };
  check(", conifg { Name: string?; }\n",
        "test.srm:2:33: error[E0406]: unknown inventory format 'conifg'; a resource is bound to " +
            BindingForms(),
        "config");
  check(", tf \"aws_s3_bucket\" {\n  Name: string? tff \"bucket\";\n}\n",
        "test.srm:3:17: error[E0401]: unknown inventory format 'tff'; a field's source is " +
            FieldSourceForms(),
        "tf");

  // Known keywords compile.
  auto ok = srm::test::Compile(
      "module t;\nresource B = \"AWS::S3::Bucket\", tf \"aws_s3_bucket\", config {\n"
      "  Name: string? tf \"bucket\" config \"configuration.name\";\n}\n");
  INFO(ok.Errors());
  CHECK(ok.ok);
}
