// Unit tests of runtime/support/source.h and runtime/value/value.h: line:col mapping, interner, arena, values.
#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "runtime/support/source.h"
#include "runtime/value/value.h"

using namespace srm::rt;

TEST_CASE("SourceFile maps offsets to 1-based line and column", "[runtime][source]") {
  SourceFile f("t.json", "ab\ncd\r\n\nxyz");
  //                       0123 456 7 8 9..
  CHECK(f.Locate(0).line == 1);
  CHECK(f.Locate(0).col == 1);
  CHECK(f.Locate(1).col == 2);
  CHECK(f.Locate(2).line == 1);  // the newline itself belongs to its line
  CHECK(f.Locate(2).col == 3);
  CHECK(f.Locate(3).line == 2);
  CHECK(f.Locate(3).col == 1);
  CHECK(f.Locate(7).line == 3);
  CHECK(f.Locate(8).line == 4);
  CHECK(f.Locate(10).col == 3);
  // Past the end: clamped to the end of the text.
  CHECK(f.Locate(11).line == 4);
  CHECK(f.Locate(11).col == 4);
  CHECK(f.Locate(1000).line == 4);
  CHECK(f.Line(1) == "ab");
  CHECK(f.Line(2) == "cd");  // \r stripped
  CHECK(f.Line(3).empty());
  CHECK(f.Line(4) == "xyz");
  CHECK(f.Line(5).empty());
  CHECK(f.Line(0).empty());
  CHECK(f.Where(4) == "t.json:2:2");
}

TEST_CASE("SourceFile handles empty text and a trailing newline", "[runtime][source]") {
  SourceFile empty("e", "");
  CHECK(empty.Locate(0).line == 1);
  CHECK(empty.Locate(0).col == 1);
  SourceFile nl("n", "a\n");
  CHECK(nl.Locate(2).line == 2);
  CHECK(nl.Locate(2).col == 1);
}

TEST_CASE("Interner gives dense stable ids", "[runtime][value]") {
  Interner names;
  CHECK(names.Find("Type") == Interner::kNone);
  uint32_t a = names.Intern("Type");
  uint32_t b = names.Intern("Properties");
  CHECK(a == 0);
  CHECK(b == 1);
  CHECK(names.Intern(std::string("Type")) == a);
  CHECK(names.Find("Type") == a);
  CHECK(names.Find("type") == Interner::kNone);
  CHECK(names.Name(b) == "Properties");
  // Names stay valid while many more are interned (no dangling views after growth).
  std::string_view first = names.Name(a);
  for (int i = 0; i < 10000; ++i) names.Intern("key" + std::to_string(i));
  CHECK(first == "Type");
  CHECK(names.Name(a).data() == first.data());
  CHECK(names.Find("key9999") == 10001);
  CHECK(names.Intern("") == 10002);
  CHECK(names.Find("") == 10002);
}

TEST_CASE("BigBuffer gives zeroed memory, huge-page aligned from 2 MiB", "[runtime][source]") {
  BigBuffer none;
  CHECK(none.data() == nullptr);
  CHECK(none.size() == 0);
  BigBuffer small(100);
  REQUIRE(small.data() != nullptr);
  CHECK(small.size() == 100);
  CHECK(small.data()[99] == 0);
  BigBuffer big(BigBuffer::kHugePage * 2 + 123);
  REQUIRE(big.data() != nullptr);
  CHECK(reinterpret_cast<uintptr_t>(big.data()) % BigBuffer::kHugePage == 0);
  CHECK(big.data()[0] == 0);
  CHECK(big.data()[big.size() - 1] == 0);
  std::memset(big.data(), 1, big.size());
  BigBuffer moved(std::move(big));
  CHECK(big.data() == nullptr);
  CHECK(moved.data()[moved.size() - 1] == 1);
  moved = BigBuffer(10);
  CHECK(moved.size() == 10);
  // A source text in a BigBuffer: the view ends at its size, the rest is padding.
  BigBuffer text(BigBuffer::kHugePage + 64);
  std::memcpy(text.data(), "ab\ncd", 5);
  SourceFile f("big.json", SourceText(std::move(text), 5));
  CHECK(f.text() == "ab\ncd");
  CHECK(f.padding() == BigBuffer::kHugePage + 59);
  CHECK(f.Locate(4).line == 2);
}

TEST_CASE("Arena allocates aligned memory and copies strings", "[runtime][value]") {
  Arena arena;
  CHECK(arena.bytes_allocated() == 0);
  char* c = static_cast<char*>(arena.Allocate(1, 1));
  auto* d = arena.AllocateArray<double>(3);
  CHECK(reinterpret_cast<uintptr_t>(d) % alignof(double) == 0);
  d[0] = 1.5;
  d[2] = 2.5;
  *c = 'x';
  CHECK(*c == 'x');
  CHECK(d[0] == 1.5);
  auto* v = arena.AllocateArray<Value>(0);  // zero-length arrays still get valid memory
  CHECK(v != nullptr);
  // A big allocation gets its own block and does not disturb later small ones.
  char* big = static_cast<char*>(arena.Allocate(1 << 20, 64));
  CHECK(reinterpret_cast<uintptr_t>(big) % 64 == 0);
  std::memset(big, 7, 1 << 20);
  std::string_view s = arena.CopyString("hello");
  CHECK(s == "hello");
  CHECK(arena.CopyString("").empty());
  // Many small allocations across block boundaries keep their contents.
  std::vector<std::string_view> copies;
  for (int i = 0; i < 20000; ++i) copies.push_back(arena.CopyString("value-" + std::to_string(i)));
  CHECK(copies[0] == "value-0");
  CHECK(copies[12345] == "value-12345");
  CHECK(copies[19999] == "value-19999");
  CHECK(big[(1 << 20) - 1] == 7);
  CHECK(arena.bytes_allocated() >= (1u << 20) + 20000 * 7);
  // Past 2 MiB the blocks come from huge-page buffers; SegmentOf finds them all.
  std::vector<std::string_view> many;
  std::string chunk(1000, 'z');
  for (int i = 0; i < 40000; ++i) many.push_back(arena.CopyString(chunk + std::to_string(i)));
  CHECK(many[39999].substr(1000) == "39999");
  CHECK(arena.SegmentOf(many[0].data()) == 0);
  CHECK(arena.SegmentOf(many[39999].data()) == 0);
  CHECK(arena.SegmentOf(big) == 0);
  CHECK(arena.SegmentOf(&chunk) == -1);
}

TEST_CASE("Arena segments share blocks and own their allocations", "[runtime][value]") {
  Arena arena;
  CHECK(arena.SegmentOf(&arena) == -1);  // nothing allocated yet
  std::string_view before = arena.CopyString("before");
  CHECK(arena.StartSegment() == 1);
  std::string_view a = arena.CopyString("a");
  char* a_big = static_cast<char*>(arena.Allocate(64 * 1024));  // a block of its own
  std::string_view a_after = arena.CopyString("a after the big one");
  CHECK(arena.StartSegment() == 2);
  CHECK(arena.StartSegment() == 3);  // segment 2 allocated nothing
  std::string_view c = arena.CopyString("c");
  // Segments 0, 1 and 3 share the first block; each address maps to its own segment.
  CHECK(arena.SegmentOf(before.data()) == 0);
  CHECK(arena.SegmentOf(a.data()) == 1);
  CHECK(arena.SegmentOf(a_big) == 1);
  CHECK(arena.SegmentOf(a_big + 64 * 1024 - 1) == 1);
  CHECK(arena.SegmentOf(a_after.data()) == 1);
  CHECK(arena.SegmentOf(c.data()) == 3);
  CHECK(arena.SegmentOf(c.data() + 1) == -1);  // the block's unallocated rest
  // The index follows later allocations (it is rebuilt when the arena grew).
  std::vector<std::string_view> more;
  for (int i = 0; i < 5000; ++i) more.push_back(arena.CopyString(std::string(100, 'x')));
  CHECK(arena.SegmentOf(more.back().data()) == 3);
  CHECK(arena.StartSegment() == 4);
  std::string_view d = arena.CopyString("d");
  arena.PrepareConcurrentReads();
  CHECK(arena.SegmentOf(d.data()) == 4);
  CHECK(arena.SegmentOf(more.front().data()) == 3);
  CHECK(arena.SegmentOf(a.data()) == 1);
}

namespace {

// Builds {"Ref": "Param"} and friends by hand.
struct ValueFixture {
  Interner names;
  Arena arena;

  Value Str(std::string_view s) {
    Value v;
    v.kind = ValueKind::kString;
    std::string_view copy = arena.CopyString(s);
    v.str = copy.data();
    v.size = static_cast<uint32_t>(copy.size());
    return v;
  }
  Value Int(int64_t i) {
    Value v;
    v.kind = ValueKind::kInt;
    v.i = i;
    return v;
  }
  Value Obj(std::initializer_list<std::pair<std::string_view, Value>> members) {
    auto* m = arena.AllocateArray<Member>(members.size());
    uint32_t n = 0;
    for (const auto& [k, val] : members) new (&m[n++]) Member{names.Intern(k), 0, val};
    Value v;
    v.kind = ValueKind::kObject;
    v.members = m;
    v.size = n;
    return v;
  }
  Value List(std::initializer_list<Value> items) {
    auto* it = arena.AllocateArray<Value>(items.size());
    uint32_t n = 0;
    for (const Value& x : items) new (&it[n++]) Value(x);
    Value v;
    v.kind = ValueKind::kList;
    v.items = it;
    v.size = n;
    return v;
  }
};

}  // namespace

TEST_CASE("KindName names every kind", "[runtime][value]") {
  CHECK(std::string(KindName(ValueKind::kNull)) == "null");
  CHECK(std::string(KindName(ValueKind::kBool)) == "bool");
  CHECK(std::string(KindName(ValueKind::kInt)) == "int");
  CHECK(std::string(KindName(ValueKind::kDouble)) == "number");
  CHECK(std::string(KindName(ValueKind::kString)) == "string");
  CHECK(std::string(KindName(ValueKind::kList)) == "list");
  CHECK(std::string(KindName(ValueKind::kObject)) == "object");
}

TEST_CASE("Value::Get finds members by interned key", "[runtime][value]") {
  ValueFixture fx;
  Value obj = fx.Obj({{"A", fx.Int(1)}, {"B", fx.Str("two")}});
  uint32_t a = fx.names.Find("A");
  uint32_t b = fx.names.Find("B");
  uint32_t c = fx.names.Intern("C");
  REQUIRE(obj.Get(a) != nullptr);
  CHECK(obj.Get(a)->i == 1);
  REQUIRE(obj.Get(b) != nullptr);
  CHECK(obj.Get(b)->AsString() == "two");
  CHECK(obj.Get(c) == nullptr);
  CHECK(fx.Str("x").Get(a) == nullptr);  // not an object
}

TEST_CASE("Describe renders short one-line JSON and cuts long values", "[runtime][value]") {
  ValueFixture fx;
  CHECK(Describe(fx.Obj({{"Ref", fx.Str("Param")}}), fx.names) == R"({"Ref": "Param"})");
  Value null_value;
  CHECK(Describe(null_value, fx.names) == "null");
  Value t;
  t.kind = ValueKind::kBool;
  t.b = true;
  CHECK(Describe(t, fx.names) == "true");
  Value d;
  d.kind = ValueKind::kDouble;
  d.d = 0.5;
  CHECK(Describe(d, fx.names) == "0.5");
  CHECK(Describe(fx.List({fx.Int(1), fx.Int(-2), fx.Str("a\"b")}), fx.names) ==
        R"([1, -2, "a\"b"])");
  CHECK(Describe(fx.Obj({}), fx.names) == "{}");
  CHECK(Describe(fx.List({}), fx.names) == "[]");

  std::string long_text(500, 'x');
  std::string cut = Describe(fx.Str(long_text), fx.names, 20);
  CHECK(cut.size() == 20);
  CHECK(cut == "\"" + std::string(16, 'x') + "...");
  // Never cuts inside a UTF-8 sequence.
  std::string accents;
  for (int i = 0; i < 40; ++i) accents += "\xC3\xA9";  // é
  std::string cut2 = Describe(fx.Str(accents), fx.names, 10);
  CHECK(cut2.size() <= 10);
  CHECK(cut2 == "\"\xC3\xA9\xC3\xA9\xC3\xA9...");
  // Exactly max_len is not cut.
  CHECK(Describe(fx.Str("abcd"), fx.names, 6) == "\"abcd\"");
}

TEST_CASE("IntrinsicName recognises CloudFormation intrinsic functions", "[runtime][value]") {
  ValueFixture fx;
  CHECK(IntrinsicName(fx.Obj({{"Ref", fx.Str("P")}}), fx.names) == "Ref");
  CHECK(IntrinsicName(fx.Obj({{"Fn::GetAtt", fx.List({fx.Str("A"), fx.Str("Arn")})}}), fx.names) ==
        "Fn::GetAtt");
  CHECK(IntrinsicName(fx.Obj({{"Condition", fx.Str("C")}}), fx.names) == "Condition");
  CHECK(IntrinsicName(fx.Obj({{"Fn::Sub", fx.Str("x")}}), fx.names) == "Fn::Sub");
  CHECK(IntrinsicName(fx.Obj({{"Ref", fx.Str("P")}, {"X", fx.Int(1)}}), fx.names).empty());
  CHECK(IntrinsicName(fx.Obj({{"Fn:Sub", fx.Str("x")}}), fx.names).empty());
  CHECK(IntrinsicName(fx.Obj({{"ref", fx.Str("x")}}), fx.names).empty());
  CHECK(IntrinsicName(fx.Obj({}), fx.names).empty());
  CHECK(IntrinsicName(fx.Str("Ref"), fx.names).empty());
}
