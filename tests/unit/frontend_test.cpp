// Unit tests for the parser and the type checker (names, types, optionals, responsibility).
#include <unistd.h>

#include <catch2/catch.hpp>

#include "compiler/syntax/parser.h"
#include "tests/unit/test_util.h"

using srm::test::Compile;
using srm::test::kPrelude;

namespace {
std::string Control(const std::string& clauses, const std::string& body) {
  return std::string(kPrelude) + "control C {\n  title \"t\"; severity high;\n" + clauses +
         "\n  for b in Bucket {\n" + body + "\n  }\n}\n";
}
const char* kOk = "service S3; layer data; owner Customer;";
}  // namespace

TEST_CASE("a well-formed policy checks", "[sema]") {
  auto c =
      Compile(Control(kOk, "assert exists b.Versioning and b.Versioning.Status == \"Enabled\";"));
  INFO(c.Errors());
  REQUIRE(c.ok);
  REQUIRE(c.program->controls.size() == 1);
  CHECK(c.program->controls[0].owner == "Customer");
  REQUIRE(c.program->controls[0].resources.size() == 1);
  CHECK(c.program->controls[0].resources[0]->cfn_type == "AWS::S3::Bucket");
}

TEST_CASE("syntax errors carry a location", "[syntax]") {
  auto c = Compile("module m;\nparty A\n");
  CHECK_FALSE(c.ok);
  // A missing ';' is reported where it belongs: right after the token before it.
  CHECK(c.Errors().rfind("test.srm:2:8: error[E0104]: syntax error: unexpected end of file: "
                         "expected ';' or a string after 'A'",
                         0) == 0);
}

TEST_CASE("unterminated strings and odd characters are lexical errors", "[syntax]") {
  CHECK(Compile("party A \"oops;\n").Errors().find("unterminated string literal") !=
        std::string::npos);
  CHECK(Compile("party A $;").Errors().find("unexpected character '$'") != std::string::npos);
}

TEST_CASE("deep nesting is rejected, not a stack overflow", "[syntax]") {
  std::string deep =
      "fn f() -> int = " + std::string(5000, '(') + "1" + std::string(5000, ')') + ";";
  auto c = Compile(deep);
  CHECK_FALSE(c.ok);
  CHECK(c.Errors().find("nests too deeply") != std::string::npos);
  std::string nots = "fn g() -> bool = ";
  for (int i = 0; i < 3000; ++i) nots += "not ";
  auto d = Compile(nots + "true;");
  CHECK(d.Errors().find("expression is too long") != std::string::npos);
}

TEST_CASE("invalid UTF-8 in a policy is reported", "[syntax]") {
  auto c = Compile("party A \"\xff\";");
  CHECK(c.Errors().find("test.srm:1:10: error[E0117]: policy file is not valid UTF-8") == 0);
}

TEST_CASE("the owner must own the control's layer", "[sema][responsibility]") {
  auto c = Compile(Control("service S3; layer virtualization; owner Customer;", "assert true;"));
  CHECK_FALSE(c.ok);
  CHECK(c.Errors().find("layer virtualization of service S3 belongs to AWS; a Customer control "
                        "cannot assert it") != std::string::npos);
  auto shared = Compile(Control("service S3; layer encryption; owner Customer;", "assert true;"));
  CHECK(shared.ok);
}

TEST_CASE("every layer needs exactly one owner", "[sema][responsibility]") {
  std::string src =
      std::string(kPrelude) + "service X { AWS owns facilities; Customer owns facilities, data; }";
  auto c = Compile(src);
  CHECK(c.Errors().find("layer facilities of service X is assigned twice") != std::string::npos);
  CHECK(c.Errors().find(
            "leaves layers encryption, network_config, virtualization without an owner") !=
        std::string::npos);
}

TEST_CASE("optional values need a guard", "[sema][optional]") {
  auto bad = Compile(Control(kOk, "assert b.Versioning.Status == \"Enabled\";"));
  CHECK(bad.Errors().find("'b.Versioning' may be absent") != std::string::npos);
  auto guarded_or =
      Compile(Control(kOk, "assert not exists b.Versioning or b.Versioning.Status == \"x\";"));
  INFO(guarded_or.Errors());
  CHECK(guarded_or.ok);
  auto by_assert =
      Compile(Control(kOk, "assert exists b.Versioning; assert b.Versioning.Status == \"x\";"));
  CHECK(by_assert.ok);
  auto chained = Compile(Control(kOk, "assert b.Versioning?.Status == \"x\";"));
  CHECK(chained.ok);
  auto coalesce = Compile(Control(kOk, "assert (b.Size ?? 0) > 3;"));
  CHECK(coalesce.ok);
  auto ordered = Compile(Control(kOk, "assert b.Size > 3;"));
  CHECK(ordered.Errors().find("'b.Size' may be absent") != std::string::npos);
}

TEST_CASE("unknown names get suggestions", "[sema]") {
  auto c = Compile(Control(kOk, "assert b.BucketNam == \"x\";"));
  CHECK(c.Errors().find("no property 'BucketNam' in the schema of aws.Bucket") !=
        std::string::npos);
  CHECK(c.Errors().find("note: did you mean 'BucketName'?") != std::string::npos);
  auto v = Compile(Control(kOk, "assert bb.Size == 1;"));
  CHECK(v.Errors().find("note: did you mean 'b'?") != std::string::npos);
}

TEST_CASE("type mismatches in comparisons, calls and interpolations", "[sema]") {
  CHECK(Compile(Control(kOk, "assert b.BucketName == 3;")).Errors().find("cannot apply '=='") !=
        std::string::npos);
  CHECK(Compile(Control(kOk, "assert starts_with(b.Size ?? 0, \"a\");"))
            .Errors()
            .find("argument 1 of 'starts_with' must be string") != std::string::npos);
  CHECK(
      Compile(Control(kOk, "assert true else \"{b.Tags}\";")).Errors().find("cannot interpolate") !=
      std::string::npos);
  CHECK(Compile(Control(kOk, "assert 1;")).Errors().find("must be bool, not int") !=
        std::string::npos);
}

TEST_CASE("modules must be imported and names qualified", "[sema][modules]") {
  std::string user =
      "module acme;\ncontrol C { title \"t\"; service aws.S3; layer aws.data; "
      "owner aws.Customer; severity low; for b in aws.Bucket { assert true; } }\n";
  srm::sema::Program p;
  p.sources.Add("aws.srm", kPrelude);
  p.sources.Add("acme.srm", user);
  srm::DiagnosticEngine d(p.sources);
  CHECK_FALSE(srm::sema::RunFrontEnd(p, d));
  CHECK(d.Render(false).find("module 'aws' is not imported") != std::string::npos);

  srm::sema::Program q;
  q.sources.Add("aws.srm", kPrelude);
  q.sources.Add("acme.srm",
                "module acme;\nimport aws;\n" + user.substr(std::string("module acme;\n").size()));
  srm::DiagnosticEngine e(q.sources);
  INFO(e.Render(false));
  CHECK(srm::sema::RunFrontEnd(q, e));
}

TEST_CASE("invalid regex and CIDR literals are compile errors", "[sema]") {
  CHECK(Compile(Control(kOk, "assert (b.BucketName ?? \"\") matches \"(\";"))
            .Errors()
            .find("invalid regular expression") != std::string::npos);
  CHECK(Compile(Control(kOk, "assert cidr_contains(\"10.0.0.0/33\", \"10.0.0.1\");"))
            .Errors()
            .find("not a valid CIDR") != std::string::npos);
}

TEST_CASE("null joins with other types into an optional", "[sema]") {
  CHECK(Compile(
            Control(kOk,
                    "let x = if exists b.Size then b.Size else null; assert x == 1 or x == null;"))
            .ok);
  CHECK(Compile(Control(kOk, "assert 1 in [1, null];")).ok);
  CHECK_FALSE(Compile(Control(kOk, "assert 1 in [1, \"a\"];")).ok);
}

TEST_CASE("every operator of the table parses to itself and prints its spelling", "[syntax]") {
  for (std::string_view spelling : srm::ast::OperatorSpellings()) {
    INFO(spelling);
    srm::SourceManager sources;
    uint32_t f;
    std::optional<srm::ast::BinaryOp> binary = srm::ast::BinaryOpFromText(spelling);
    std::optional<srm::ast::UnaryOp> unary = srm::ast::UnaryOpFromText(spelling);
    REQUIRE((binary || unary));
    if (binary) {
      f = sources.Add("t.srm", "fn f() -> int = a " + std::string(spelling) + " b;");
    } else {
      f = sources.Add("t.srm", "fn f() -> int = " + std::string(spelling) + " a;");
    }
    srm::ast::IdAllocator ids;
    srm::DiagnosticEngine diags(sources);
    std::optional<srm::ast::File> file = srm::syntax::ParseFile(f, sources, ids, diags);
    INFO(diags.Render(false));
    REQUIRE(file);
    const auto& body = *std::get<srm::ast::FnDecl>(file->decls.at(0).node).body;
    if (binary) {
      const auto& b = std::get<srm::ast::BinaryExpr>(body.node);
      CHECK(b.op == *binary);
      CHECK(srm::ast::BinaryOpText(b.op) == spelling);
    } else {
      const auto& u = std::get<srm::ast::UnaryExpr>(body.node);
      CHECK(u.op == *unary);
      CHECK(srm::ast::UnaryOpText(u.op) == spelling);
    }
  }
  CHECK_FALSE(srm::ast::BinaryOpFromText("=<"));
}
