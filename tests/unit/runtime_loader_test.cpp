// Unit tests of the CloudFormation JSON loader: values, locations, and every kind of bad input.
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "runtime/inventory/inventory.h"
#include "runtime/inventory/loaders.h"
#include "runtime/support/json_text.h"

using namespace srm::rt;

namespace {

void WriteFile(const std::string& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

// A file in a fresh temporary directory, removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(std::string_view content, const std::string& name = "template.json") {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("srm_runtime_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / name).string();
    WriteFile(path_, content);
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::string& path() const { return path_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::string path_;
};

struct LoadResult {
  bool ok = false;
  LoadError error;
};

// Loads the file at `path` into a throwaway inventory.
LoadResult LoadPath(const std::string& path, const LoadLimits& limits = {}) {
  Interner names;
  Inventory inv(names);
  LoadResult r;
  r.ok = LoadCloudFormationJson(path, inv, r.error, limits);
  if (!r.ok) {
    // Every error names the file it is about.
    CHECK(r.error.file == path);
    CHECK(inv.resources().empty());
    CHECK(inv.files().empty());
  }
  return r;
}

// Loads `json` from a temporary file.
LoadResult Load(std::string_view json, const LoadLimits& limits = {}) {
  TempFile file(json);
  return LoadPath(file.path(), limits);
}

// Expects the load to fail at line:col with a message containing `needle`.
void ExpectError(std::string_view json, uint32_t line, uint32_t col, std::string_view needle,
                 const LoadLimits& limits = {}) {
  INFO("input: " << json.substr(0, 200));
  LoadResult r = Load(json, limits);
  REQUIRE_FALSE(r.ok);
  INFO("error: " << r.error.Render());
  CHECK(r.error.where.line == line);
  CHECK(r.error.where.col == col);
  CHECK(r.error.message.find(needle) != std::string::npos);
}

const Value* Prop(const Interner& names, const Value* obj, std::string_view key) {
  REQUIRE(obj != nullptr);
  uint32_t id = names.Find(key);
  REQUIRE(id != Interner::kNone);
  return obj->Get(id);
}

}  // namespace

TEST_CASE("LoadError renders file:line:col or file alone", "[runtime][loader]") {
  LoadError e{"t.json", {7, 15}, "boom"};
  CHECK(e.Render() == "t.json:7:15: error: boom");
  e.where = {};
  CHECK(e.Render() == "t.json: error: boom");
}

#ifdef SRM_SOURCE_DIR
TEST_CASE("Loader reads a template with values and locations", "[runtime][loader]") {
  std::string path = std::string(SRM_SOURCE_DIR) + "/tests/unit/data/runtime_template.json";
  Interner names;
  Inventory inv(names);
  LoadError error;
  REQUIRE(LoadCloudFormationJson(path, inv, error));
  REQUIRE(inv.files().size() == 1);
  REQUIRE(inv.resources().size() == 3);

  const Resource& bucket = inv.resources()[0];
  CHECK(bucket.id == "MyBucket");
  CHECK(bucket.type == "AWS::S3::Bucket");
  CHECK(bucket.file == 0);
  CHECK(inv.Where(bucket) == path + ":8:5");
  REQUIRE(bucket.properties != nullptr);
  CHECK(bucket.properties->kind == ValueKind::kObject);
  CHECK(bucket.properties->size == 3);
  CHECK(inv.file(0).Locate(bucket.properties->offset).line == 10);
  CHECK(inv.file(0).Locate(bucket.properties->offset).col == 21);

  const Value* name = Prop(names, bucket.properties, "BucketName");
  REQUIRE(name != nullptr);
  // Resolved from the parameter's Default, located at the intrinsic it replaces.
  CHECK(IntrinsicName(*name, names).empty());
  CHECK(Describe(*name, names) == R"("data-dev")");
  LineCol name_at = inv.file(0).Locate(name->offset);
  CHECK(name_at.line == 11);
  CHECK(name_at.col == 23);
  // Member key offsets point at the key's opening quote.
  CHECK(inv.file(0).Locate(bucket.properties->members[0].key_offset).col == 9);

  const Value* tags = Prop(names, bucket.properties, "Tags");
  REQUIRE(tags != nullptr);
  REQUIRE(tags->kind == ValueKind::kList);
  REQUIRE(tags->size == 2);
  const Value* cafe = Prop(names, &tags->items[0], "Value");
  REQUIRE(cafe != nullptr);
  CHECK(cafe->AsString() == "caf\xC3\xA9");  // \u00e9 unescaped to UTF-8
  CHECK(Prop(names, &tags->items[1], "Value")->AsString() == "a\tb");

  const Resource& sg = inv.resources()[1];
  CHECK(sg.id == "OpenSg");
  CHECK(inv.Where(sg) == path + ":16:5");
  const Value* ingress = Prop(names, sg.properties, "SecurityGroupIngress");
  REQUIRE(ingress != nullptr);
  REQUIRE(ingress->size == 2);
  const Value& r0 = ingress->items[0];
  CHECK(Prop(names, &r0, "FromPort")->kind == ValueKind::kInt);
  CHECK(Prop(names, &r0, "FromPort")->i == 22);
  CHECK(Prop(names, &r0, "CidrIp")->AsString() == "0.0.0.0/0");
  const Value& r1 = ingress->items[1];
  CHECK(Prop(names, &r1, "Weight")->kind == ValueKind::kDouble);
  CHECK(Prop(names, &r1, "Weight")->d == 0.5);
  CHECK(Prop(names, &r1, "Enabled")->kind == ValueKind::kBool);
  CHECK(Prop(names, &r1, "Enabled")->b);
  CHECK(Prop(names, &r1, "Note")->kind == ValueKind::kNull);
  CHECK(inv.file(0).Locate(r1.offset).line == 23);
  CHECK(inv.file(0).Locate(r1.offset).col == 11);
  // Resource attributes other than Type/Properties are validated but not kept as properties.
  CHECK(sg.properties->Get(names.Intern("DeletionPolicy")) == nullptr);

  const Resource& topic = inv.resources()[2];
  CHECK(topic.id == "Alerts");
  CHECK(topic.type == "AWS::SNS::Topic");
  // Without "Properties" the resource gets an empty object located at its logical id.
  REQUIRE(topic.properties != nullptr);
  CHECK(topic.properties->kind == ValueKind::kObject);
  CHECK(topic.properties->size == 0);
  CHECK(topic.properties->offset == topic.offset);

  CHECK(inv.OfType("AWS::S3::Bucket").size() == 1);
  CHECK(inv.OfType("AWS::S3::Bucket")[0] == 0);
  CHECK(inv.OfType("AWS::Lambda::Function").empty());
  auto counts = inv.TypeCounts();
  CHECK(counts.size() == 3);
  CHECK(counts["AWS::EC2::SecurityGroup"] == 1);
}
#endif

TEST_CASE("Loader appends several files to one inventory", "[runtime][loader]") {
  TempFile a(
      R"({"Resources": {"A": {"Type": "AWS::S3::Bucket"}, "B": {"Type": "AWS::S3::Bucket"}}})");
  TempFile b(
      "{\n \"Resources\": {\n  \"C\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {}}}}");
  Interner names;
  Inventory inv(names);
  LoadError error;
  REQUIRE(LoadCloudFormationJson(a.path(), inv, error));
  REQUIRE(LoadCloudFormationJson(b.path(), inv, error));
  REQUIRE(inv.resources().size() == 3);
  CHECK(inv.files().size() == 2);
  CHECK(inv.resources()[2].file == 1);
  CHECK(inv.Where(inv.resources()[2]) == b.path() + ":3:3");
  CHECK(inv.resources()[2].properties->kind == ValueKind::kObject);
  CHECK(inv.resources()[2].properties->size == 0);
  CHECK(inv.OfType("AWS::S3::Bucket") == std::vector<uint32_t>{0, 1, 2});
  // A failed load leaves the inventory as it was.
  TempFile bad(R"({"Resources": {"D": {"Type": "X"}, "E": 1}})");
  CHECK_FALSE(LoadCloudFormationJson(bad.path(), inv, error));
  CHECK(inv.resources().size() == 3);
  CHECK(inv.files().size() == 2);
}

TEST_CASE("Loader converts numbers, strings and escapes", "[runtime][loader]") {
  TempFile file(R"({"Resources": {"A": {"Type": "T", "Properties": {
    "i": -42, "max": 9223372036854775807, "min": -9223372036854775808,
    "u64": 18446744073709551615, "big": 123456789012345678901234567890,
    "d": 1.5, "e": 1E2, "z": -0, "s": "q\"\\\/\b\f\n\r\t\u0041\u00e9\ud83d\ude00",
    "empty": "", "k\u0065y": 1, "list": [], "obj": {}}}}})");
  Interner names;
  Inventory inv(names);
  LoadError error;
  REQUIRE(LoadCloudFormationJson(file.path(), inv, error));
  const Value* p = inv.resources()[0].properties;
  CHECK(Prop(names, p, "i")->kind == ValueKind::kInt);
  CHECK(Prop(names, p, "i")->i == -42);
  CHECK(Prop(names, p, "max")->i == INT64_MAX);
  CHECK(Prop(names, p, "min")->i == INT64_MIN);
  CHECK(Prop(names, p, "u64")->kind == ValueKind::kDouble);
  CHECK(Prop(names, p, "u64")->d == Approx(1.8446744073709552e19));
  CHECK(Prop(names, p, "big")->kind == ValueKind::kDouble);
  CHECK(Prop(names, p, "big")->d == Approx(1.2345678901234568e29));
  CHECK(Prop(names, p, "d")->d == 1.5);
  CHECK(Prop(names, p, "e")->kind == ValueKind::kInt);  // 1E2: integer-valued, so an int
  CHECK(Prop(names, p, "e")->i == 100);
  CHECK(Prop(names, p, "z")->kind == ValueKind::kInt);
  CHECK(Prop(names, p, "s")->AsString() == "q\"\\/\b\f\n\r\tA\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(Prop(names, p, "empty")->kind == ValueKind::kString);
  CHECK(Prop(names, p, "empty")->size == 0);
  CHECK(Prop(names, p, "key") != nullptr);  // keys are unescaped before interning
  CHECK(Prop(names, p, "list")->kind == ValueKind::kList);
  CHECK(Prop(names, p, "list")->size == 0);
  CHECK(Prop(names, p, "obj")->kind == ValueKind::kObject);
}

TEST_CASE("Loader accepts a UTF-8 byte order mark and surrounding whitespace",
          "[runtime][loader]") {
  TempFile file("\xEF\xBB\xBF\n  {\"Resources\": {\"A\": {\"Type\": \"T\"}}}\n\n  ");
  Interner names;
  Inventory inv(names);
  LoadError error;
  REQUIRE(LoadCloudFormationJson(file.path(), inv, error));
  CHECK(inv.Where(inv.resources()[0]) == file.path() + ":2:18");
}

TEST_CASE("Loader reads files of 2 MiB and more into huge-page buffers", "[runtime][loader]") {
  // 30,000 buckets (about 2.4 MiB): read through BigBuffer, parsed in place, located as before.
  std::string text = "{\"Resources\": {\n";
  for (int i = 0; i < 30000; ++i) {
    text += "  \"B" + std::to_string(i) +
            "\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"BucketName\": \"b-" +
            std::to_string(i) + "\"}},\n";
  }
  text += "  \"Last\": {\"Type\": \"AWS::S3::Bucket\"}\n}}\n";
  REQUIRE(text.size() >= BigBuffer::kHugePage);
  TempFile big(text);
  Interner names;
  Inventory inv(names);
  LoadError error;
  REQUIRE(LoadCloudFormationJson(big.path(), inv, error));
  REQUIRE(inv.resources().size() == 30001);
  CHECK(inv.file(0).text().size() == text.size());
  CHECK(inv.file(0).padding() >= 64);
  CHECK(inv.Where(inv.resources()[30000]) == big.path() + ":30002:3");
  // An error near the end of a big file is located there.
  std::string broken = text.substr(0, text.size() - 3) + ",}\n";
  TempFile bad(broken, "bad.json");
  Interner names2;
  Inventory inv2(names2);
  CHECK_FALSE(LoadCloudFormationJson(bad.path(), inv2, error));
  CHECK(error.Render().rfind(bad.path() + ":30003:2: ", 0) == 0);
}

TEST_CASE("Loader rejects unreadable, empty and oversized files", "[runtime][loader]") {
  Interner names;
  Inventory inv(names);
  LoadError error;
  TempFile dir_holder("{}");
  std::string missing = (dir_holder.dir() / "no-such-file.json").string();
  REQUIRE_FALSE(LoadCloudFormationJson(missing, inv, error));
  CHECK(error.file == missing);
  CHECK(error.where.line == 0);
  CHECK(error.message == "cannot read file: No such file or directory");
  CHECK(error.Render() == missing + ": error: cannot read file: No such file or directory");

  REQUIRE_FALSE(LoadCloudFormationJson(dir_holder.dir().string(), inv, error));
  CHECK(error.message.find("directory") != std::string::npos);

  LoadResult empty = Load("");
  REQUIRE_FALSE(empty.ok);
  CHECK(empty.error.where.line == 0);
  CHECK(empty.error.message.find("file is empty") != std::string::npos);

  LoadResult blank = Load(" \n\t\r\n ");
  REQUIRE_FALSE(blank.ok);
  CHECK(blank.error.message.find("only whitespace") != std::string::npos);

  LoadLimits small;
  small.max_file_bytes = 10;
  LoadResult big = Load(R"({"Resources": {}})", small);
  REQUIRE_FALSE(big.ok);
  CHECK(big.error.message == "file is 17 bytes, more than the limit of 10 bytes");
  small.max_file_bytes = 17;
  CHECK(Load(R"({"Resources": {}})", small).ok);
}

TEST_CASE("Loader never waits on a FIFO and bounds an endless pipe", "[runtime][loader]") {
  Interner names;
  Inventory inv(names);
  LoadError error;
  // A FIFO with no writer: opening it once blocked for ever; now it reads as an empty file.
  TempFile dir_holder("{}");
  std::string fifo = (dir_holder.dir() / "fifo.json").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  REQUIRE_FALSE(LoadCloudFormationJson(fifo, inv, error));
  CHECK(error.message.find("file is empty") != std::string::npos);

  // An endless pipe (`-i <(yes)`): the size limit holds while reading (a pipe reports no size).
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::signal(SIGPIPE, SIG_IGN);
  std::thread writer([fd = fds[1]] {
    std::string chunk(4096, 'y');
    while (::write(fd, chunk.data(), chunk.size()) > 0) {
    }
    ::close(fd);
  });
  LoadLimits small;
  small.max_file_bytes = 1 << 20;
  bool ok = LoadCloudFormationJson("/dev/fd/" + std::to_string(fds[0]), inv, error, small);
  ::close(fds[0]);  // the writer's next write fails with EPIPE and it stops
  writer.join();
  REQUIRE_FALSE(ok);
  CHECK(error.message == "file is more than the limit of 1048576 bytes");
}

TEST_CASE("Loader rejects binary data and invalid UTF-8 with a location", "[runtime][loader]") {
  // An endless device stops at the first chunk with a NUL instead of reading gigabytes.
  if (std::filesystem::exists("/dev/zero")) {
    LoadResult zero = LoadPath("/dev/zero");
    REQUIRE_FALSE(zero.ok);
    CHECK(zero.error.where.line == 1);
    CHECK(zero.error.where.col == 1);
    CHECK(zero.error.message.find("NUL byte") != std::string::npos);
  }
  ExpectError(std::string("{\"Resources\": {}}\n\0\0", 20), 2, 1, "NUL byte");
  std::string binary =
      "\x7f"
      "ELF\x02\x01\x01";
  binary += std::string(1, '\0');
  ExpectError(binary, 1, 8, "binary data");
  ExpectError("{\"Resources\": {\"A\": {\"Type\": \"X\xFF\"}}}", 1, 32,
              "invalid UTF-8 (byte 0xff)");
  ExpectError("{\n\"Resources\": {\"\xC3\x28\": {}}}", 2, 16, "invalid UTF-8");
  ExpectError("{\"Resources\": {\"\xED\xA0\x80\": {}}}", 1, 17, "invalid UTF-8");  // surrogate
  ExpectError("{\"Resources\": {\"\xC0\xAF\": {}}}", 1, 17, "invalid UTF-8");      // overlong
  ExpectError("{\"Resources\": {}} \xE2\x82", 1, 19, "invalid UTF-8");             // cut short
}

TEST_CASE("Loader pinpoints JSON syntax errors", "[runtime][loader]") {
  ExpectError("{\"Resources\": {\"A\": {\"Type\": \"X\"}\n  \"B\": {}}}", 2, 3,
              "expected ',' or '}' after an object member, found '\"'");
  ExpectError(R"({"Resources": {"A": {"Type": "X"},}})", 1, 35, "trailing commas");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": [1,]}}}})", 1, 58,
              "trailing commas");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": tru}}}})", 1, 55,
              "invalid literal 'tru'");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": nul}}}})", 1, 55,
              "invalid literal 'nul'");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Metadata": {"a": True}}}})", 1, 53,
              "invalid literal 'True'");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": 01}}}})", 1, 55,
              "leading zeros");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": 1.}}}})", 1, 57,
              "expected a digit after '.'");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": -}}}})", 1, 56,
              "expected a digit after '-'");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": 1e999}}}})", 1, 55,
              "number out of range");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": "\x"}}}})", 1, 56,
              "invalid escape '\\x'");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": "\ud800"}}}})", 1, 56,
              "unpaired UTF-16 surrogate");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": "\u12"}}}})", 1, 56,
              "4 hexadecimal digits");
  ExpectError("{\"Resources\": {\"A\": {\"Type\": \"X\", \"Properties\": {\"a\": \"ab\ncd\"}}}}", 1,
              58, "newline");
  ExpectError("{\"Resources\": {\"A\": {\"Type\": \"X\", \"Properties\": {\"a\": \"a\x01\"}}}}", 1,
              57, "control character 0x01");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": "abc)", 1, 55,
              "unterminated string");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": [1, 2)", 1, 60,
              "found end of file");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": [1, 2]}}})", 1, 64,
              "found end of file");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a" 1}}}})", 1, 54,
              "expected ':' after an object key");
  ExpectError(R"({"Outputs": {"a": [1,,2]}, "Resources": {}})", 1, 22, "expected a value");
  ExpectError(R"({'Resources': {}})", 1, 2, "double quotes");
  ExpectError("{\"Resources\": {} // comment\n}", 1, 18, "found '/'");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": NaN}}}})", 1, 55,
              "invalid literal 'NaN'");
  ExpectError("{", 1, 2, "end of file");
  ExpectError("}", 1, 1, "expected a value");
  ExpectError("not json at all", 1, 1, "invalid literal 'not'");
}

TEST_CASE("Loader rejects content after the template", "[runtime][loader]") {
  ExpectError(R"({"Resources": {"A": {"Type": "X"}}} x)", 1, 37, "after the end");
  ExpectError(R"({"Resources": {"A": {"Type": "X"}}}})", 1, 36, "after the end");
  ExpectError("{\"Resources\": {}}\n{\"Resources\": {}}", 2, 1, "after the end");
}

TEST_CASE("Loader checks the template structure", "[runtime][loader]") {
  ExpectError("[1, 2]", 1, 1, "expected a CloudFormation template (a JSON object");
  ExpectError("  \"text\"", 1, 3, "found string");
  ExpectError("42", 1, 1, "found number");
  ExpectError("null", 1, 1, "found null");
  ExpectError(R"({"Parameters": {}, "Outputs": {}})", 1, 1, "no \"Resources\" section");
  ExpectError(R"({"Resources": [], "Outputs": {}})", 1, 15,
              "\"Resources\" must be an object mapping logical ids to resources, found array");
  ExpectError(R"({"Resources": {"A": "bucket"}})", 1, 21,
              "resource 'A': expected an object with \"Type\" and \"Properties\", found string");
  ExpectError(R"({"Resources": {"A": {"Properties": {}}}})", 1, 21,
              "resource 'A': missing \"Type\"");
  ExpectError("{\n  \"Resources\": {\n    \"MyBucket\": {\n      \"Type\": 5}}}", 4, 15,
              "resource 'MyBucket': \"Type\" must be a string such as \"AWS::S3::Bucket\", found "
              "number");
  ExpectError(R"({"Resources": {"A": {"Type": ["X"]}}})", 1, 30, "found array");
  ExpectError(R"({"Resources": {"A": {"Type": ""}}})", 1, 30, "must not be empty");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": [1]}}})", 1, 49,
              "resource 'A': \"Properties\" must be an object, found array");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": null}}})", 1, 49, "found null");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": "p"}}})", 1, 49, "found string");
}

TEST_CASE("Loader reports the first error in reading order, properties included",
          "[runtime][loader]") {
  // The whole-file pass skips resources' Properties (they are validated while built); an error
  // that pass finds later must not hide one in properties read before it.
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"p": 1e999}},
                  "B": {"Properties": {}}}})",
              1, 55, "number out of range");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"p": 1e999}}, "A": {}}})", 1, 55,
              "number out of range");
  // In the same resource: the properties come before the missing Type is noticed.
  ExpectError(R"({"Resources": {"A": {"Properties": {"p": [1e999]}}}})", 1, 43,
              "number out of range");
  // A Type that is wrong before the properties is found first.
  ExpectError(R"({"Resources": {"A": {"Type": 5, "Properties": {"p": 1e999}}}})", 1, 30,
              "\"Type\" must be a string");
  // Nesting too deep in one resource's properties, another resource broken after it.
  std::string deep = R"({"Resources": {"A": {"Type": "X", "Properties": {"a": )" +
                     std::string(200, '[') + std::string(200, ']') +
                     R"(}}, "B": {"Type": ""}}})";
  ExpectError(deep, 1, 179, "resource 'A': nesting is deeper than the limit of 128");
  // Errors in properties are found in reading order: a duplicate key in A before a number out
  // of range in B (the pass that used to validate properties saw only the number).
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": 1, "a": 2}},
                  "B": {"Type": "Y", "Properties": {"b": 1e999}}}})",
              1, 58, "resource 'A': duplicate key \"a\"");
  // Mismatched brackets inside skipped properties are still located by the syntax checker.
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"a": [1}]}}, "B": {}}})", 1, 57,
              "invalid JSON");
}

TEST_CASE("Loader rejects duplicate keys", "[runtime][loader]") {
  ExpectError(
      "{\"Resources\": {\n  \"A\": {\"Type\": \"X\"},\n  \"B\": {\"Type\": \"X\"},\n  \"A\": "
      "{\"Type\": \"Y\"}}}",
      4, 3, "duplicate logical id 'A' in \"Resources\" (first defined at line 2:3)");
  // Escapes are resolved before comparing.
  ExpectError(R"({"Resources": {"A": {"Type": "X"}, "\u0041": {"Type": "X"}}})", 1, 36,
              "duplicate logical id 'A'");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"k": 1, "k": 2}}}})", 1, 58,
              "resource 'A': duplicate key \"k\" (first at line 1:50)");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Properties": {"o": {"k": 1, "j": {"k": 2}, )"
              R"("k": 3}}}}})",
              1, 79, "duplicate key \"k\" (first at line 1:56)");
  ExpectError(R"({"Resources": {"A": {"Type": "X", "Type": "Y"}}})", 1, 35,
              "resource 'A': duplicate key \"Type\"");
  ExpectError(R"({"Resources": {}, "Resources": {}})", 1, 19, "duplicate top-level key");
  // Same keys in sibling or nested objects are fine.
  CHECK(Load(R"({"Resources": {"A": {"Type": "X", "Properties": {"k": {"k": 1}, "l": [{"k": 1},
             {"k": 2}]}}}})")
            .ok);

  // Many keys: the hash-based check takes over from the linear scan.
  std::string many = R"({"Resources": {"A": {"Type": "X", "Properties": {)";
  for (int i = 0; i < 100; ++i)
    many += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  std::string ok_json = many + "\"last\": 0}}}}";
  CHECK(Load(ok_json).ok);
  std::string dup_json = many + "\"k57\": 0}}}}";
  LoadResult r = Load(dup_json);
  REQUIRE_FALSE(r.ok);
  CHECK(r.error.message.find("duplicate key \"k57\"") != std::string::npos);

  std::string resources = R"({"Resources": {)";
  for (int i = 0; i < 5000; ++i) resources += "\"R" + std::to_string(i) + "\": {\"Type\": \"T\"}, ";
  CHECK(Load(resources + "\"Last\": {\"Type\": \"T\"}}}").ok);
  LoadResult r2 = Load(resources + "\"R4321\": {\"Type\": \"T\"}}}");
  REQUIRE_FALSE(r2.ok);
  CHECK(r2.error.message.find("duplicate logical id 'R4321'") != std::string::npos);
}

TEST_CASE("Loader limits nesting depth without deep recursion", "[runtime][loader]") {
  auto nested = [](int depth) {
    return R"({"Resources": {"A": {"Type": "X", "Properties": {"a": )" + std::string(depth, '[') +
           std::string(depth, ']') + "}}}}";
  };
  // Properties is at depth 4, so its value may open 124 more arrays under the default of 128.
  CHECK(Load(nested(124)).ok);
  ExpectError(nested(125), 1, 179, "nesting is deeper than the limit of 128");
  ExpectError(nested(200000), 1, 179, "resource 'A': nesting is deeper than the limit of 128");
  LoadLimits shallow;
  shallow.max_depth = 5;
  CHECK(Load(nested(1), shallow).ok);
  ExpectError(nested(2), 1, 56, "limit of 5", shallow);
  // Outside Resources too.
  std::string meta = "{\"Metadata\": " + std::string(100000, '[') + std::string(100000, ']') +
                     ", \"Resources\": {}}";
  ExpectError(meta, 1, 141, "nesting is deeper than the limit of 128");
  // Huge limits are capped to keep recursion bounded.
  LoadLimits huge;
  huge.max_depth = 1u << 30;
  ExpectError(nested(200000), 1, 1075, "limit of 1024", huge);
}

TEST_CASE("Loader survives arbitrary bytes", "[runtime][loader]") {
  // Deterministic pseudo-random mutations of a valid template: must never crash or pass silently
  // with garbage; every failure has a message.
  std::string base = R"({"Resources": {"A": {"Type": "AWS::S3::Bucket", "Properties": )"
                     R"({"B": [1, 2.5, "x", true, null, {"C": "\u00e9"}]}}}})";
  uint32_t seed = 12345;
  auto next = [&seed]() {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7fff;
  };
  int failures = 0;
  TempFile file("");
  for (int round = 0; round < 1000; ++round) {
    std::string text = base;
    int edits = 1 + static_cast<int>(next() % 3);
    for (int e = 0; e < edits; ++e) {
      size_t pos = next() % text.size();
      switch (next() % 3) {
        case 0:
          text[pos] = static_cast<char>(next() % 256);
          break;
        case 1:
          text.erase(pos, 1);
          break;
        default:
          text.insert(pos, 1, "{}[]\",:\\ 0a"[next() % 12]);
          break;
      }
    }
    WriteFile(file.path(), text);
    LoadResult r = LoadPath(file.path());
    INFO("input: " << text);
    INFO("error: " << r.error.Render());
    uint32_t offset;
    std::string message;
    bool syntax_ok =
        CheckJsonSyntax(text, offset, message) && FirstInvalidUtf8(text) == text.size();
    if (r.ok) {
      CHECK(syntax_ok);  // the fast parser never accepts what the strict checker rejects
    } else {
      ++failures;
      CHECK_FALSE(r.error.message.empty());
      if (!syntax_ok) CHECK(r.error.where.line >= 1);  // a syntax error always has a location
    }
  }
  CHECK(failures > 100);
}
