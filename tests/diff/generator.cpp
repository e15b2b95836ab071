// The random policy and inventory generator of srm_diffgen (see generator.h).
//
// Policies are generated well-typed by construction: expressions are generated for a wanted
// type in an environment of typed names. The delicate part is optional narrowing: the checker
// narrows *paths* (a name followed by .field or ?.field) after facts like `exists p`, and then
// rejects `p ?? d` and `exists p` on the narrowed path ("never absent"). So every generated
// expression reports the facts it proves when true (`t`) and when false (`f`), by the rules of
// docs/language.md, and the paths it tests for presence in places whose facts are not modelled
// (`p`, "poison": inside `if`, `let`, comparisons, calls, ...). Poisoned paths are not used again
// where those facts could reach, so the generator never depends on what the checker may or may
// not know about them.
#include "generator.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <set>

namespace diffgen {

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

size_t Rng::Below(size_t n) { return static_cast<size_t>(Next() % n); }

uint64_t Mix(uint64_t a, uint64_t b) {
  Rng r(a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL));
  r.Next();
  return r.Next() ^ b;
}

namespace {

// --- Types ---------------------------------------------------------------------------------------

enum class K { kStr, kInt, kBool, kList, kRec, kRes };
struct Type;
using TypeP = std::shared_ptr<const Type>;
struct Field {
  std::string name;
  TypeP type;
};
struct Type {
  K kind = K::kStr;
  bool opt = false;
  TypeP elem;                 // kList
  std::vector<Field> fields;  // kRec, kRes
  std::string name;           // kRes: the schema's name
};

TypeP Make(K k) {
  auto t = std::make_shared<Type>();
  t->kind = k;
  return t;
}
const TypeP kStrT = Make(K::kStr), kIntT = Make(K::kInt), kBoolT = Make(K::kBool);

TypeP ListOf(TypeP elem) {
  auto t = std::make_shared<Type>();
  t->kind = K::kList;
  t->elem = std::move(elem);
  return t;
}
TypeP WithOpt(const TypeP& t, bool opt) {
  if (t->opt == opt) return t;
  auto c = std::make_shared<Type>(*t);
  c->opt = opt;
  return c;
}
TypeP Opt(const TypeP& t) { return WithOpt(t, true); }
TypeP NonOpt(const TypeP& t) { return WithOpt(t, false); }
bool IsScalar(const TypeP& t) {
  return t->kind == K::kStr || t->kind == K::kInt || t->kind == K::kBool;
}

bool Equal(const TypeP& a, const TypeP& b) {
  if (a == b) return true;
  if (a->kind != b->kind || a->opt != b->opt) return false;
  if (a->kind == K::kList) return Equal(a->elem, b->elem);
  if (a->kind == K::kRes) return a->name == b->name;
  if (a->kind != K::kRec || a->fields.size() != b->fields.size()) return a->kind != K::kRec;
  for (size_t i = 0; i < a->fields.size(); ++i)
    if (a->fields[i].name != b->fields[i].name || !Equal(a->fields[i].type, b->fields[i].type))
      return false;
  return true;
}

std::string Spell(const TypeP& t) {
  std::string s;
  switch (t->kind) {
    case K::kStr:
      s = "string";
      break;
    case K::kInt:
      s = "int";
      break;
    case K::kBool:
      s = "bool";
      break;
    case K::kList:
      s = "list<" + Spell(t->elem) + ">";
      break;
    case K::kRes:
      s = t->name;
      break;
    case K::kRec:
      s = "{";
      for (size_t i = 0; i < t->fields.size(); ++i)
        s += (i ? ", " : "") + t->fields[i].name + ": " + Spell(t->fields[i].type);
      s += "}";
      break;
  }
  return t->opt ? s + "?" : s;
}

// --- Literal pools -------------------------------------------------------------------------------

// Strings shared by policies and data, so that comparisons sometimes hold.
const std::vector<std::string> kStrings = {"",
                                           "a",
                                           "b",
                                           "abc",
                                           "ABC",
                                           "Enabled",
                                           "enabled",
                                           "Disabled",
                                           " padded ",
                                           "10.0.0.0/8",
                                           "10.1.2.3",
                                           "0.0.0.0/0",
                                           "::/0",
                                           "2001:db8::/32",
                                           "192.168.1.0/24",
                                           "300.0.0.1",
                                           "10.0.0.0/33",
                                           "fe80::1",
                                           "1.2.3.4/32",
                                           "prod-app-1",
                                           "dev-x",
                                           "x.y.z",
                                           "\xc3\xa9",
                                           "\xc3\x84\xc3\x96 \xe2\x82\xac",
                                           "a\"b",
                                           "back\\slash",
                                           "tab\there",
                                           "22",
                                           "-7",
                                           "(",
                                           "[a-z]+",
                                           "^a",
                                           "a{2,}",
                                           "*",
                                           "{x}",
                                           "01.2.3.4",
                                           "10.0.0.256",
                                           "::ffff:10.0.0.1",
                                           "1:2:3",
                                           "aaaa",
                                           "Ab",
                                           "true",
                                           "[",
                                           "a{1001}",
                                           "(?<x",
                                           "\\",
                                           "a**"};
// Valid CIDRs (a literal argument of cidr_contains/cidr_prefix is checked at compile time).
const std::vector<std::string> kCidrs = {
    "10.0.0.0/8", "0.0.0.0/0",  "::/0",          "192.168.1.0/24",  "10.1.2.3",    "2001:db8::/32",
    "fe80::1",    "1.2.3.4/32", "172.16.0.0/12", "::ffff:10.0.0.1", "10.0.0.0/31", "0::/0"};
// Valid RE2 patterns (a literal pattern is compiled at compile time).
const std::vector<std::string> kRegexes = {
    "^a", "b$",  "[a-z]+",       "^\\d+$",   "(?i)enabled",      "^10\\.",   "::",    "^$",
    ".",  "a|b", "^(prod|dev)-", "\xc3\xa9", "^[^/]+/\\d{1,2}$", "(?i)^ABC", "a{2,}", "\\s"};
const std::vector<std::string> kInts = {"0",
                                        "1",
                                        "2",
                                        "3",
                                        "5",
                                        "7",
                                        "10",
                                        "42",
                                        "100",
                                        "65535",
                                        "(-1)",
                                        "(-7)",
                                        "9223372036854775807",
                                        "4611686018427387904",
                                        "(-9223372036854775807 - 1)",
                                        "1000000007",
                                        "3037000500"};
const std::vector<std::string> kIndexes = {"0", "1", "2", "(-1)", "9223372036854775807"};
const std::vector<std::string> kWords = {
    "bad",      "value",      "is",   "x=",        "\\{literal\\}",
    "\xc3\xa9", "tab\\tstop", "100%", "<absent>?", "n:"};

std::string SrmString(const std::string& raw) {
  std::string s = "\"";
  for (char c : raw) {
    if (c == '"' || c == '\\')
      s += '\\', s += c;
    else if (c == '\t')
      s += "\\t";
    else if (c == '\n')
      s += "\\n";
    else
      s += c;
  }
  return s + "\"";
}

// --- Environments --------------------------------------------------------------------------------

using Keys = std::set<std::string>;

struct Var {
  std::string name;
  TypeP type;
};

struct Env {
  std::vector<Var> vars;
  Keys narrowed;  // paths (normalised: ?. as .) known present
  Keys poison;    // paths whose narrowing state is not modelled: not used
};

// A name or a field chain from a name: a path for the checker.
struct Source {
  std::string text, key;
  TypeP type;  // as seen here: non-optional when narrowed or never absent
};

void AddWithPrefixes(Keys& keys, const std::string& key) {
  for (size_t p = key.find('.'); p != std::string::npos; p = key.find('.', p + 1))
    keys.insert(key.substr(0, p));
  keys.insert(key);
}

Env With(const Env& env, const Keys& facts, const Keys& poison) {
  Env e = env;
  for (const std::string& k : facts) AddWithPrefixes(e.narrowed, k);
  for (const std::string& k : poison) AddWithPrefixes(e.poison, k);
  return e;
}

void Visit(const Env& env, std::string text, const std::string& key, const TypeP& declared,
           bool parent_opt, int depth, std::vector<Source>& out) {
  bool opt = declared->opt || parent_opt;
  if (opt && env.narrowed.count(key)) opt = false, text = key;
  if (opt && env.poison.count(key)) return;
  out.push_back({text, key, WithOpt(declared, opt)});
  if (depth == 0) return;
  std::string dot = opt ? "?." : ".";
  for (const Field& f : declared->fields)
    Visit(env, text + dot + f.name, key + "." + f.name, f.type, opt, depth - 1, out);
  if (declared->kind == K::kRes) {
    Visit(env, text + dot + "id", key + ".id", kStrT, opt, 0, out);
    Visit(env, text + dot + "type", key + ".type", kStrT, opt, 0, out);
  }
}

std::vector<Source> Sources(const Env& env) {
  std::vector<Source> out;
  for (const Var& v : env.vars) Visit(env, v.name, v.name, v.type, false, 4, out);
  return out;
}

// Sources of type `t` (non-optional), optional or not as asked.
std::vector<Source> Matching(const std::vector<Source>& srcs, const TypeP& t, bool opt) {
  std::vector<Source> out;
  for (const Source& s : srcs)
    if (s.type->opt == opt && Equal(NonOpt(s.type), t)) out.push_back(s);
  return out;
}

// --- Expressions ---------------------------------------------------------------------------------

// A generated expression with the facts it proves when true / false and its poisoned paths.
struct R {
  std::string s;
  Keys t, f, p;
  std::string key = {};  // the path, when the expression is just a path
};

void Absorb(R& into, const R& sub) {
  into.p.insert(sub.t.begin(), sub.t.end());
  into.p.insert(sub.f.begin(), sub.f.end());
  into.p.insert(sub.p.begin(), sub.p.end());
}

// An expression whose facts are not modelled: everything its parts tested is poisoned.
R Opaque(std::string s, std::initializer_list<const R*> parts) {
  R r{std::move(s), {}, {}, {}};
  for (const R* part : parts) Absorb(r, *part);
  return r;
}

struct Fn {
  std::string name;
  std::vector<TypeP> params;
  TypeP ret;
};

class ExprGen {
 public:
  ExprGen(Rng& rng, std::vector<TypeP> rec_types, int& counter)
      : rng_(rng), rec_types_(std::move(rec_types)), counter_(counter) {}

  std::vector<Fn> fns;  // callable from here

  // An expression of the non-optional type `t`.
  R E(const TypeP& t, const Env& env, int d) {
    switch (t->kind) {
      case K::kBool:
        return Bool(env, d);
      case K::kInt:
        return Int(env, d);
      case K::kStr:
        return Str(env, d);
      case K::kList:
        return List(t, env, d);
      case K::kRec:
      case K::kRes:
        return Data(t, env, d);
    }
    return {"true", {}, {}, {}};
  }

  // An expression of type `t`? (t non-optional). Requires CanO(t, env).
  R O(const TypeP& t, const Env& env, int d) {
    std::vector<Source> srcs = Sources(env);
    std::vector<Source> opt = Matching(srcs, t, true);
    int dd = std::max(d, 1);  // depth for the parts: leaves when d <= 0
    for (int tries = 0; tries < 20; ++tries) {
      switch (rng_.Below(d <= 0 ? 4 : 8)) {
        case 0:
        case 1:
          if (!opt.empty()) return Leaf(rng_.Pick(opt));
          break;
        case 2:  // index into a list (of T or of T?)
          if (TypeP lt = ListOf(WithOpt(t, IsScalar(t) && rng_.Chance(30))); CanE(lt, env)) {
            R l = E(lt, env, dd - 1), i = Index(env, dd - 1);
            return Opaque("(" + l.s + ")[" + i.s + "]", {&l, &i});
          }
          break;
        case 3: {  // ?. on an indexed record
          std::vector<std::pair<TypeP, std::string>> recs;
          for (const TypeP& rt : rec_types_)
            for (const Field& f : rt->fields)
              if (Equal(NonOpt(f.type), t) && CanE(ListOf(rt), env)) recs.push_back({rt, f.name});
          if (recs.empty()) break;
          auto [rt, field] = rng_.Pick(recs);
          R l = E(ListOf(rt), env, dd - 1), i = Index(env, dd - 1);
          return Opaque("((" + l.s + ")[" + i.s + "])?." + field, {&l, &i});
        }
        case 4:
          if (CanE(t, env)) {
            R c = Bool(env, d - 1);
            Env yes = With(env, c.t, c.p);
            if (!CanE(t, yes)) break;
            R a = E(t, yes, d - 1);
            return Opaque("(if " + c.s + " then " + a.s + " else null)", {&c, &a});
          }
          break;
        case 5:
          if (auto call = Call(Opt(t), env, d)) return *call;
          break;
        case 6:
          if (CanO(t, env)) {
            R a = O(t, env, d - 1), b = O(t, env, d - 1);
            return Opaque("(" + a.s + " ?? " + b.s + ")", {&a, &b});
          }
          break;
        case 7:
          if (auto r = Let(
                  env, d, [&](const Env& e) { return CanO(t, e); },
                  [&](const Env& e) { return O(t, e, d - 1); }))
            return *r;
          break;
      }
    }
    if (!opt.empty()) return Leaf(opt[0]);
    if (CanE(ListOf(t), env)) {
      R l = E(ListOf(t), env, 0);
      return Opaque("(" + l.s + ")[" + rng_.Pick(kIndexes) + "]", {&l});
    }
    R c = BoolLeaf(env);  // a scalar (list): the branch knows what the condition proves
    R a = E(t, With(env, c.t, c.p), 0);
    return Opaque("(if " + c.s + " then " + a.s + " else null)", {&c, &a});
  }

  R Index(const Env& env, int d) {
    if (rng_.Chance(60)) return {rng_.Pick(kIndexes), {}, {}, {}};
    return Int(env, d);
  }

  bool CanE(const TypeP& t, const Env& env) const {
    if (IsScalar(t)) return true;
    if (t->kind == K::kList && IsScalar(t->elem)) return true;
    std::vector<Source> srcs = Sources(env);
    if (!Matching(srcs, t, false).empty()) return true;
    return t->kind == K::kList && !Matching(srcs, t, true).empty();
  }
  bool CanO(const TypeP& t, const Env& env) const {
    if (IsScalar(t) || (t->kind == K::kList && IsScalar(t->elem))) return true;
    if (!Matching(Sources(env), t, true).empty()) return true;
    return t->kind != K::kList && t->kind != K::kRes && CanE(ListOf(t), env);
  }

  R Bool(const Env& env, int d) {
    if (d <= 0) return BoolLeaf(env);
    for (int tries = 0; tries < 20; ++tries) {
      switch (rng_.Below(22)) {
        case 0:
          return BoolLeaf(env);
        case 1:
        case 2: {  // == / !=
          TypeP s = Scalar();
          R a = EorO(s, env, d - 1), b = EorO(s, env, d - 1);
          return Opaque("(" + a.s + (rng_.Chance(50) ? " == " : " != ") + b.s + ")", {&a, &b});
        }
        case 3: {  // ordering
          TypeP s = rng_.Chance(60) ? kIntT : kStrT;
          R a = E(s, env, d - 1), b = E(s, env, d - 1);
          const char* ops[] = {" < ", " <= ", " > ", " >= "};
          return Opaque("(" + a.s + ops[rng_.Below(4)] + b.s + ")", {&a, &b});
        }
        case 4:
        case 5: {  // and: the right side knows the left side
          R a = Bool(env, d - 1), b = Bool(With(env, a.t, a.p), d - 1);
          R r{"(" + a.s + " and " + b.s + ")", a.t, {}, a.p};
          r.t.insert(b.t.begin(), b.t.end());
          for (const Keys* k : {&b.p, &a.f, &b.f}) r.p.insert(k->begin(), k->end());
          return r;
        }
        case 6: {  // or: the right side knows the left side is false
          R a = Bool(env, d - 1), b = Bool(With(env, a.f, a.p), d - 1);
          R r{"(" + a.s + " or " + b.s + ")", {}, a.f, a.p};
          r.f.insert(b.f.begin(), b.f.end());
          for (const Keys* k : {&b.p, &a.t, &b.t}) r.p.insert(k->begin(), k->end());
          return r;
        }
        case 7: {
          R a = Bool(env, d - 1);
          return {"(not " + a.s + ")", a.f, a.t, a.p};
        }
        case 8:
        case 9: {  // presence of a path, often guarding a use of it
          std::vector<Source> opt = OptionalPaths(env, false);
          if (opt.empty()) break;
          const Source& s = rng_.Pick(opt);
          R test{"exists " + s.text, {s.key}, {}, {}};
          switch (rng_.Below(4)) {
            case 0:
              return {"(" + test.s + ")", test.t, {}, {}};
            case 1: {
              R b = Bool(With(env, test.t, {}), d - 1);
              R r{"(" + test.s + " and " + b.s + ")", test.t, {}, b.p};
              r.t.insert(b.t.begin(), b.t.end());
              r.p.insert(b.f.begin(), b.f.end());
              return r;
            }
            case 2: {  // the right side of `or` knows that `not exists` was false
              R b = Bool(With(env, test.t, {}), d - 1);
              R r{"(not " + test.s + " or " + b.s + ")", {}, test.t, b.p};
              r.f.insert(b.f.begin(), b.f.end());
              r.p.insert(b.t.begin(), b.t.end());
              return r;
            }
            default: {
              R a = Bool(With(env, test.t, {}), d - 1), b = Bool(env, d - 1);
              R r = Opaque("(if " + test.s + " then " + a.s + " else " + b.s + ")", {&a, &b});
              r.p.insert(s.key);
              return r;
            }
          }
        }
        case 10: {  // == null / != null on a path without ?. (no question about its prefixes)
          std::vector<Source> opt = OptionalPaths(env, true);
          if (opt.empty()) break;
          const Source& s = rng_.Pick(opt);
          if (rng_.Chance(50)) return {"(" + s.text + " != null)", {s.key}, {}, {}};
          return {"(" + s.text + " == null)", {}, {s.key}, {}};
        }
        case 11: {  // presence of something that is not a path: no facts
          TypeP t = AnyType(env);
          if (!CanO(t, env)) break;
          R a = O(t, env, d - 1);
          if (!a.key.empty()) return {"(exists " + a.s + ")", {a.key}, {}, {}};  // a path after all
          return Opaque(rng_.Chance(50) ? "(exists " + a.s + ")" : "(" + a.s + " == null)", {&a});
        }
        case 12: {  // in / not in a literal list
          TypeP s = Scalar();
          R x = EorO(s, env, d - 1);
          std::string list = "[";
          for (size_t i = 0, n = 1 + rng_.Below(3); i < n; ++i)
            list += (i ? ", " : "") + Literal(s);
          return Opaque("(" + x.s + (rng_.Chance(70) ? " in " : " not in ") + list + "])", {&x});
        }
        case 13: {  // in a computed list
          TypeP s = Scalar();
          R x = EorO(s, env, d - 1), xs = E(ListOf(WithOpt(s, rng_.Chance(30))), env, d - 1);
          return Opaque("(" + x.s + " in " + xs.s + ")", {&x, &xs});
        }
        case 14: {  // matches
          R s = Str(env, d - 1);
          if (rng_.Chance(65))
            return Opaque("(" + s.s + " matches " + SrmString(rng_.Pick(kRegexes)) + ")", {&s});
          R p = NonLiteralStr(env, d - 1);
          return Opaque("(" + s.s + " matches " + p.s + ")", {&s, &p});
        }
        case 15: {  // string builtins
          R a = Str(env, d - 1), b = Str(env, d - 1);
          const char* names[] = {"starts_with", "ends_with", "contains"};
          return Opaque(std::string(names[rng_.Below(3)]) + "(" + a.s + ", " + b.s + ")", {&a, &b});
        }
        case 16: {  // CIDRs
          if (rng_.Chance(30)) {
            R a = Str(env, d - 1);
            return Opaque("is_cidr(" + a.s + ")", {&a});
          }
          R a = CidrArg(env, d - 1), b = CidrArg(env, d - 1);
          return Opaque("cidr_contains(" + a.s + ", " + b.s + ")", {&a, &b});
        }
        case 17:
        case 18:
          return Quantifier(rng_.Chance(50) ? "any" : "all", env, d);
        case 19:
          if (auto call = Call(kBoolT, env, d)) return *call;
          break;
        case 20:
          return Common(kBoolT, env, d);
        case 21: {
          R a = O(kBoolT, env, d - 1), b = Bool(env, d - 1);
          return Opaque("(" + a.s + " ?? " + b.s + ")", {&a, &b});
        }
      }
    }
    return BoolLeaf(env);
  }

  R Int(const Env& env, int d) {
    if (d <= 0) return ScalarLeaf(kIntT, env);
    for (int tries = 0; tries < 20; ++tries) {
      switch (rng_.Below(12)) {
        case 0:
        case 1:
          return ScalarLeaf(kIntT, env);
        case 2:
        case 3: {
          const char* ops[] = {" + ", " - ", " * ", " / ", " % "};
          size_t op = rng_.Below(5);
          R a = Int(env, d - 1),
            b = op >= 3 && rng_.Chance(50) ? Divisor(env, d - 1) : Int(env, d - 1);
          return Opaque("(" + a.s + ops[op] + b.s + ")", {&a, &b});
        }
        case 4: {
          R a = Int(env, d - 1);
          return Opaque("(-" + a.s + ")", {&a});
        }
        case 5: {
          if (rng_.Chance(50)) {
            R a = Str(env, d - 1);
            return Opaque("len(" + a.s + ")", {&a});
          }
          TypeP lt = ListType(env);
          R a = E(lt, env, d - 1);
          return Opaque((rng_.Chance(50) ? "len(" : "count(") + a.s + ")", {&a});
        }
        case 6:
          return Quantifier("count", env, d);
        case 7: {
          R a = CidrArg(env, d - 1);
          return Opaque("cidr_prefix(" + a.s + ")", {&a});
        }
        case 8: {
          R a = O(kIntT, env, d - 1), b = Int(env, d - 1);
          return Opaque("(" + a.s + " ?? " + b.s + ")", {&a, &b});
        }
        case 9:
          if (auto call = Call(kIntT, env, d)) return *call;
          break;
        default:
          return Common(kIntT, env, d);
      }
    }
    return ScalarLeaf(kIntT, env);
  }

  R Str(const Env& env, int d) {
    if (d <= 0) return ScalarLeaf(kStrT, env);
    for (int tries = 0; tries < 20; ++tries) {
      switch (rng_.Below(10)) {
        case 0:
        case 1:
          return ScalarLeaf(kStrT, env);
        case 2: {
          R a = Str(env, d - 1), b = Str(env, d - 1);
          return Opaque("(" + a.s + " + " + b.s + ")", {&a, &b});
        }
        case 3: {
          if (rng_.Chance(20)) {  // an empty `old` is an ERROR on every backend
            R a = Str(env, d - 1), b = Str(env, d - 1), c = Str(env, d - 1);
            return Opaque("replace(" + a.s + ", " + b.s + ", " + c.s + ")", {&a, &b, &c});
          }
          if (rng_.Chance(20)) {  // join reads (and checks) every element of a data list
            R xs = E(ListOf(kStrT), env, d - 1), sep = Str(env, d - 1);
            return Opaque("join(" + xs.s + ", " + sep.s + ")", {&xs, &sep});
          }
          const char* names[] = {"lower", "upper", "trim"};
          R a = Str(env, d - 1);
          return Opaque(std::string(names[rng_.Below(3)]) + "(" + a.s + ")", {&a});
        }
        case 4: {
          R a = E(Scalar(), env, d - 1);
          return Opaque("to_string(" + a.s + ")", {&a});
        }
        case 5:
        case 6: {
          R a = O(kStrT, env, d - 1), b = Str(env, d - 1);
          return Opaque("(" + a.s + " ?? " + b.s + ")", {&a, &b});
        }
        case 7:
          if (auto call = Call(kStrT, env, d)) return *call;
          break;
        default:
          return Common(kStrT, env, d);
      }
    }
    return ScalarLeaf(kStrT, env);
  }

  // A list of type `t` (non-optional).
  R List(const TypeP& t, const Env& env, int d) {
    std::vector<Source> srcs = Sources(env);
    std::vector<Source> plain = Matching(srcs, t, false), opt = Matching(srcs, t, true);
    bool scalar = IsScalar(t->elem);
    for (int tries = 0; tries < 20; ++tries) {
      switch (rng_.Below(d <= 0 ? 3 : 6)) {
        case 0:
          if (!plain.empty()) return Leaf(rng_.Pick(plain));
          break;
        case 1:
          if (!opt.empty()) {
            std::string def = "[]";
            if (scalar && rng_.Chance(40)) def = "[" + Literal(t->elem) + "]";
            return Leaf(rng_.Pick(opt), " ?? " + def);
          }
          break;
        case 2:
        case 3:
          if (scalar && t->elem->kind == K::kStr && !t->elem->opt && d > 0 && rng_.Chance(25)) {
            R a = Str(env, d - 1), sep = Str(env, d - 1);  // an empty sep is an ERROR
            return Opaque("split(" + a.s + ", " + sep.s + ")", {&a, &sep});
          }
          if (scalar) {
            TypeP et = NonOpt(t->elem);
            std::vector<R> parts;
            for (size_t i = 0, n = 1 + rng_.Below(4); i < n; ++i)
              parts.push_back(d <= 0 || rng_.Chance(60) ? R{Literal(et), {}, {}, {}}
                                                        : E(et, env, d - 1));
            if (t->elem->opt) {  // list<T?>: one element is null or a T?
              R o = rng_.Chance(50) ? R{"null", {}, {}, {}} : O(et, env, std::max(d - 1, 0));
              parts.insert(parts.begin() + static_cast<long>(rng_.Below(parts.size() + 1)), o);
            }
            R r{"[", {}, {}, {}};
            for (size_t i = 0; i < parts.size(); ++i) {
              r.s += (i ? ", " : "") + parts[i].s;
              Absorb(r, parts[i]);
            }
            r.s += "]";
            return r;
          }
          break;
        case 4:
          if (!opt.empty()) {
            R a = O(t, env, d - 1), b = List(t, env, d - 1);
            return Opaque("(" + a.s + " ?? " + b.s + ")", {&a, &b});
          }
          break;
        case 5:
          return Common(t, env, d);
      }
    }
    if (scalar) return {"[" + Literal(t->elem) + (t->elem->opt ? ", null]" : "]"), {}, {}, {}};
    if (!plain.empty()) return Leaf(plain[0]);
    return Leaf(opt.at(0), " ?? []");
  }

  // A record or resource value: from data only. Requires CanE(t, env).
  R Data(const TypeP& t, const Env& env, int d) {
    std::vector<Source> plain = Matching(Sources(env), t, false);
    if (d > 0 && plain.size() > 1 && rng_.Chance(20)) {
      R c = Bool(env, d - 1);
      R a = Leaf(rng_.Pick(plain)), b = Leaf(rng_.Pick(plain));
      return Opaque("(if " + c.s + " then " + a.s + " else " + b.s + ")", {&c, &a, &b});
    }
    return Leaf(plain.at(rng_.Below(plain.size())));
  }

  // A value of a random type (for let), non-optional or optional.
  std::pair<R, TypeP> Any(const Env& env, int d) {
    TypeP t = AnyType(env);
    if (rng_.Chance(35) && CanO(t, env)) return {O(t, env, d), Opt(t)};
    if (!CanE(t, env)) t = Scalar();
    return {E(t, env, d), t};
  }

  // An interpolation for an assert message: no string literals, no braces.
  std::string Interpolation(const Env& env) {
    std::vector<Source> scalars;
    for (const Source& s : Sources(env))
      if (IsScalar(NonOpt(s.type))) scalars.push_back(s);
    std::vector<Source> ints = Matching(scalars, kIntT, false);
    std::vector<Source> strs = Matching(scalars, kStrT, false);
    switch (rng_.Below(6)) {
      case 0:
        if (!ints.empty()) return "(" + rng_.Pick(ints).text + " + 1)";
        break;
      case 1:
        if (!strs.empty()) return "len(" + rng_.Pick(strs).text + ")";
        break;
      case 2:
        if (!ints.empty()) return rng_.Pick(ints).text + " * " + rng_.Pick(ints).text;
        break;
    }
    return scalars.empty() ? "42" : rng_.Pick(scalars).text;
  }

  std::string Message(const Env& env) {
    std::string m = "\"";
    for (size_t i = 0, n = 1 + rng_.Below(4); i < n; ++i) {
      m += i ? " " : "";
      m += rng_.Chance(50) ? "{" + Interpolation(env) + "}" : rng_.Pick(kWords);
    }
    return m + "\"";
  }

  // Optional paths (sources) of any type; `plain`: only ones written without ?.
  std::vector<Source> OptionalPaths(const Env& env, bool plain) {
    std::vector<Source> out;
    for (const Source& s : Sources(env))
      if (s.type->opt && (!plain || s.text.find("?.") == std::string::npos)) out.push_back(s);
    return out;
  }

  TypeP Scalar() {
    size_t r = rng_.Below(10);
    return r < 4 ? kStrT : r < 8 ? kIntT : kBoolT;
  }

 private:
  R Leaf(const Source& s, const std::string& suffix = "") {
    if (suffix.empty()) return {s.text, {}, {}, {}, s.key};
    return {"(" + s.text + suffix + ")", {}, {}, {}};
  }

  std::string Literal(const TypeP& t) {
    switch (t->kind) {
      case K::kInt:
        return rng_.Pick(kInts);
      case K::kBool:
        return rng_.Chance(50) ? "true" : "false";
      default:
        return SrmString(rng_.Pick(kStrings));
    }
  }

  R ScalarLeaf(const TypeP& t, const Env& env) {
    std::vector<Source> srcs = Matching(Sources(env), t, false);
    if (!srcs.empty() && rng_.Chance(65)) return Leaf(rng_.Pick(srcs));
    std::vector<Source> opt = Matching(Sources(env), t, true);
    if (!opt.empty() && rng_.Chance(50)) return Leaf(rng_.Pick(opt), " ?? " + Literal(t));
    return {Literal(t), {}, {}, {}};
  }

  R BoolLeaf(const Env& env) {
    if (rng_.Chance(30)) {
      std::vector<Source> opt = OptionalPaths(env, false);
      if (!opt.empty()) {
        const Source& s = rng_.Pick(opt);
        return {"(exists " + s.text + ")", {s.key}, {}, {}};
      }
    }
    return ScalarLeaf(kBoolT, env);
  }

  R EorO(const TypeP& t, const Env& env, int d) {
    return rng_.Chance(40) && CanO(t, env) ? O(t, env, d) : E(t, env, d);
  }

  // Divisors that are often zero or -1.
  R Divisor(const Env& env, int d) {
    switch (rng_.Below(4)) {
      case 0:
        return {"0", {}, {}, {}};
      case 1:
        return {"(-1)", {}, {}, {}};
      case 2: {
        R a = O(kIntT, env, d);
        return Opaque("(" + a.s + " ?? 0)", {&a});
      }
      default:
        return ScalarLeaf(kIntT, env);
    }
  }

  // A string that is not a literal (so not checked at compile time).
  R NonLiteralStr(const Env& env, int d) {
    std::vector<Source> srcs = Sources(env);
    std::vector<Source> plain = Matching(srcs, kStrT, false), opt = Matching(srcs, kStrT, true);
    size_t r = rng_.Below(4);
    if (r == 0 && !plain.empty()) return Leaf(rng_.Pick(plain));
    if (r == 1 && !opt.empty())
      return Leaf(rng_.Pick(opt), " ?? " + SrmString(rng_.Pick(kStrings)));
    if (r == 2 && !plain.empty()) {
      R b = Str(env, d);
      return Opaque("(" + rng_.Pick(plain).text + " + " + b.s + ")", {&b});
    }
    if (!opt.empty()) return Leaf(rng_.Pick(opt), " ?? " + SrmString(rng_.Pick(kCidrs)));
    if (!plain.empty()) return Leaf(rng_.Pick(plain));
    R i = Int(env, d);
    return Opaque("to_string(" + i.s + ")", {&i});
  }

  R CidrArg(const Env& env, int d) {
    if (rng_.Chance(45)) return {SrmString(rng_.Pick(kCidrs)), {}, {}, {}};
    return NonLiteralStr(env, d);
  }

  // Constructs shared by all types: if, let. (A condition or a let value may poison the only
  // source of a record type, so the branches are checked before they are generated.)
  R Common(const TypeP& t, const Env& env, int d) {
    if (rng_.Chance(50)) {
      R c = Bool(env, d - 1);
      Env yes = With(env, c.t, c.p), no = With(env, c.f, c.p);
      if (CanE(t, yes) && CanE(t, no)) {
        R a = E(t, yes, d - 1), b = E(t, no, d - 1);
        return Opaque("(if " + c.s + " then " + a.s + " else " + b.s + ")", {&c, &a, &b});
      }
    } else if (auto r = Let(
                   env, d, [&](const Env& e) { return CanE(t, e); },
                   [&](const Env& e) { return E(t, e, d - 1); })) {
      return *r;
    }
    return E(t, env, 0);
  }

  std::optional<R> Let(const Env& env, int d, const std::function<bool(const Env&)>& can,
                       const std::function<R(const Env&)>& body) {
    auto [v, vt] = Any(env, d - 1);
    std::string name = "v" + std::to_string(++counter_);
    Keys tested = v.t;  // a let binds no facts: what its value tested is not used in the body
    tested.insert(v.f.begin(), v.f.end());
    tested.insert(v.p.begin(), v.p.end());
    Env e = With(env, {}, tested);
    e.vars.push_back({name, vt});
    if (!can(e)) return std::nullopt;
    R b = body(e);
    return Opaque("(let " + name + " = " + v.s + " in (" + b.s + "))", {&v, &b});
  }

  TypeP ListType(const Env& env) {
    std::vector<TypeP> lists = {ListOf(kStrT), ListOf(kIntT), ListOf(kBoolT),
                                ListOf(Opt(Scalar()))};
    for (const Source& s : Sources(env))
      if (s.type->kind == K::kList) lists.push_back(NonOpt(s.type));
    return rng_.Pick(lists);
  }

  // A random type that values can be made of: scalars, scalar lists, data types in scope.
  TypeP AnyType(const Env& env) {
    if (rng_.Chance(55)) return Scalar();
    std::vector<TypeP> types = {ListOf(kStrT), ListOf(kIntT), ListOf(Opt(Scalar()))};
    for (const Source& s : Sources(env))
      if (s.type->kind == K::kList || s.type->kind == K::kRec) types.push_back(NonOpt(s.type));
    return rng_.Pick(types);
  }

  R Quantifier(const std::string& q, const Env& env, int d) {
    TypeP lt = ListType(env);
    R l = E(lt, env, d - 1);
    std::string name = "x" + std::to_string(++counter_);
    Env e = env;
    e.vars.push_back({name, lt->elem});
    R b = Bool(e, d - 1);
    return Opaque("(" + q + " " + name + " in " + l.s + ": " + b.s + ")", {&l, &b});
  }

  // A call of a function returning exactly `ret`, if one can be called here.
  std::optional<R> Call(const TypeP& ret, const Env& env, int d) {
    std::vector<const Fn*> fits;
    for (const Fn& f : fns) {
      if (!Equal(f.ret, ret)) continue;
      bool ok = true;
      for (const TypeP& p : f.params) ok = ok && (p->opt || CanE(p, env));
      if (ok) fits.push_back(&f);
    }
    if (fits.empty()) return std::nullopt;
    const Fn& f = *rng_.Pick(fits);
    R r{f.name + "(", {}, {}, {}};
    for (size_t i = 0; i < f.params.size(); ++i) {
      TypeP p = f.params[i];
      TypeP inner = NonOpt(p);
      R a{"null", {}, {}, {}};
      if (!p->opt || (rng_.Chance(80) && (CanE(inner, env) || CanO(inner, env)))) {
        a = p->opt && CanO(inner, env) && (rng_.Chance(50) || !CanE(inner, env))
                ? O(inner, env, d - 1)
                : E(inner, env, d - 1);
        // A list<T> where a list<T?> is expected: converted on the way in.
        if (inner->kind == K::kList && inner->elem->opt && IsScalar(inner->elem) && rng_.Chance(40))
          a = E(ListOf(NonOpt(inner->elem)), env, d - 1);
      }
      r.s += (i ? ", " : "") + a.s;
      Absorb(r, a);
    }
    r.s += ")";
    return r;
  }

  Rng& rng_;
  std::vector<TypeP> rec_types_;
  int& counter_;
};

// --- Schemas -------------------------------------------------------------------------------------

const std::vector<std::string> kTopNames = {
    "Name",  "Size",   "Enabled", "Tags",  "Rules",  "Cidr",    "Port",  "Mode",
    "Count", "Policy", "Status",  "Items", "Config", "Pattern", "Label", "Limit",
    "Kind",  "Level",  "Ranges",  "Flags", "count",  "Weight"};
const std::vector<std::string> kNestedNames = {"Key",  "Value", "From", "To", "CidrIp", "On",
                                               "Note", "Mode",  "type", "id", "Pattern"};

TypeP FieldType(Rng& rng, int depth) {
  size_t r = rng.Below(100);
  TypeP t;
  if (r < 28)
    t = kStrT;
  else if (r < 48)
    t = kIntT;
  else if (r < 62)
    t = kBoolT;
  else if (r < 72)
    t = ListOf(kStrT);
  else if (r < 76)
    t = ListOf(kIntT);
  else if (r < 78)
    t = ListOf(Opt(rng.Chance(50) ? kIntT : kStrT));
  else if (depth >= 2)
    t = rng.Chance(50) ? kStrT : kIntT;
  else {
    auto rec = std::make_shared<Type>();
    rec->kind = K::kRec;
    std::vector<std::string> names = kNestedNames;
    for (size_t i = 0, n = 2 + rng.Below(3); i < n; ++i) {
      size_t k = rng.Below(names.size());
      rec->fields.push_back({names[k], FieldType(rng, depth + 1)});
      names.erase(names.begin() + static_cast<long>(k));
    }
    t = r < 88 ? TypeP(rec) : ListOf(rec);
  }
  return WithOpt(t, rng.Chance(depth == 0 ? 78 : 45));
}

void CollectRecords(const TypeP& t, std::vector<TypeP>& out) {
  TypeP base = NonOpt(t);
  if (base->kind == K::kList) return CollectRecords(base->elem, out);
  if (base->kind != K::kRec && base->kind != K::kRes) return;
  if (base->kind == K::kRec &&
      std::none_of(out.begin(), out.end(), [&](const TypeP& o) { return Equal(o, base); }))
    out.push_back(base);
  for (const Field& f : base->fields) CollectRecords(f.type, out);
}

// --- JSON data -----------------------------------------------------------------------------------

std::string JsonString(Rng& rng, const std::string& raw) {
  std::string s = "\"";
  bool unicode_escapes = rng.Chance(10);
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    char buf[8];
    if (c == '"' || c == '\\') {
      s += '\\';
      s += static_cast<char>(c);
    } else if (c < 0x20) {
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      s += buf;
    } else if (unicode_escapes && c == 0xc3 && i + 1 < raw.size()) {  // é, Ä, Ö as \u00xx
      std::snprintf(buf, sizeof buf, "\\u%04x",
                    0xc0 + (static_cast<unsigned char>(raw[i + 1]) & 0x3f));
      s += buf;
      ++i;
    } else if (unicode_escapes && c == '/') {
      s += "\\/";
    } else {
      s += static_cast<char>(c);
    }
  }
  return s + "\"";
}

std::string RandomCidr(Rng& rng) {
  if (rng.Chance(25)) {
    const char* v6[] = {"::",          "2001:db8::", "fe80::1",       "::1",
                        "2001:db8::g", "1::2::3",    "::ffff:1.2.3.4"};
    std::string s = v6[rng.Below(7)];
    return rng.Chance(70) ? s + "/" + std::to_string(rng.Below(140)) : s;
  }
  auto octet = [&] {
    return std::to_string(rng.Chance(90) ? rng.Below(256) : 250 + rng.Below(60));
  };
  std::string s = octet() + "." + octet() + "." + octet() + "." + octet();
  if (rng.Chance(10)) s = "0" + s;
  if (rng.Chance(75))
    s += "/" + std::to_string(rng.Chance(90) ? rng.Below(33) : 30 + rng.Below(10));
  return s;
}

std::string JString(Rng& rng) {
  if (rng.Chance(20)) return JsonString(rng, RandomCidr(rng));
  if (rng.Chance(3)) return JsonString(rng, std::string(40 + rng.Below(100), 'a'));
  if (rng.Chance(3)) return JsonString(rng, "ctl\x01\x1f");
  if (rng.Chance(4)) {  // NUL bytes, whitespace escapes
    static const std::vector<std::string> odd = {std::string("1.2\0.3", 5),
                                                 std::string("(\0", 2),
                                                 std::string("a\0b", 3),
                                                 std::string("a\0c", 3),
                                                 std::string("\0", 1),
                                                 "\t x \n",
                                                 "   ",
                                                 "\r\n"};
    return JsonString(rng, rng.Pick(odd));
  }
  return JsonString(rng, rng.Pick(kStrings));
}

std::string JInt(Rng& rng) {
  static const std::vector<std::string> ints = {"0",
                                                "1",
                                                "2",
                                                "3",
                                                "5",
                                                "7",
                                                "10",
                                                "42",
                                                "100",
                                                "-1",
                                                "-7",
                                                "65535",
                                                "9223372036854775807",
                                                "-9223372036854775808",
                                                "4611686018427387904",
                                                "3037000500",
                                                "-3037000500",
                                                "1000000007"};
  static const std::vector<std::string> odd = {"9223372036854775808",
                                               "18446744073709551615",
                                               "3.0",
                                               "2.5",
                                               "1e2",
                                               "-0",
                                               "-0.0",
                                               "1E1",
                                               "\"42\"",
                                               "\"-7\"",
                                               "\"007\"",
                                               "\"+5\"",
                                               "\" 5\"",
                                               "\"1e3\"",
                                               "\"\"",
                                               "\"9223372036854775808\"",
                                               "\"-9223372036854775808\"",
                                               "\"0x10\"",
                                               "\"-\""};
  return rng.Chance(75) ? rng.Pick(ints) : rng.Pick(odd);
}

std::string JIntrinsic(Rng& rng) {
  static const std::vector<std::string> v = {
      "{\"Ref\": \"Param\"}",
      "{\"Fn::GetAtt\": [\"Res\", \"Arn\"]}",
      "{\"Fn::If\": [\"IsProd\", 1, {\"Ref\": \"AWS::NoValue\"}]}",
      "{\"Fn::Sub\": \"${AWS::Region}-x\"}",
      "{\"Condition\": \"IsProd\"}",
      "{\"Fn::Join\": [\"\", [\"a\", \"b\"]]}",
      "{\"Ref\": \"x\", \"Other\": 1}",
      "{\"Fn::Custom\": null}"};
  return rng.Pick(v);
}

std::string JWrong(Rng& rng) {
  static const std::vector<std::string> v = {
      "\"oops\"", "1.5", "[]",     "{}",   "[1, \"a\"]",    "{\"x\": 1}",
      "true",     "17",  "[null]", "\"\"", "\"a\\u0000b\"", "{\"k\\u0000\": \"\\u0000\"}"};
  return rng.Pick(v);
}

std::string JValue(Rng& rng, const TypeP& t, int depth, bool noisy);

std::string JObject(Rng& rng, const std::vector<Field>& fields, int depth, bool noisy) {
  std::string s = "{";
  bool first = true;
  for (const Field& f : fields) {
    if (rng.Chance(f.type->opt ? 25 : noisy ? 5 : 0)) continue;
    s += (first ? "" : ", ") + JsonString(rng, f.name) + ": " +
         JValue(rng, f.type, depth + 1, noisy);
    first = false;
  }
  if (noisy && rng.Chance(10))
    s += (first ? "" : ", ") + std::string("\"Undeclared\": ") + JWrong(rng);
  return s + "}";
}

std::string JCorrect(Rng& rng, const TypeP& t, int depth, bool noisy) {
  switch (t->kind) {
    case K::kStr:
      if (rng.Chance(8)) return rng.Chance(50) ? JInt(rng) : "-0.5";
      if (rng.Chance(4)) return rng.Chance(50) ? "true" : "false";
      return JString(rng);
    case K::kInt:
      return JInt(rng);
    case K::kBool: {
      static const std::vector<std::string> odd = {"\"true\"", "\"FALSE\"", "\"True\"", "\"yes\"",
                                                   "\"1\"",    "1",         "0"};
      if (rng.Chance(15)) return rng.Pick(odd);
      return rng.Chance(50) ? "true" : "false";
    }
    case K::kList: {
      std::string s = "[";
      size_t n = rng.Chance(90) ? rng.Below(5) : 5 + rng.Below(8);
      for (size_t i = 0; i < n; ++i)
        s += (i ? ", " : "") +
             (t->elem->opt && rng.Chance(20) ? "null" : JValue(rng, t->elem, depth + 1, noisy));
      return s + "]";
    }
    case K::kRec:
    case K::kRes:
      return JObject(rng, t->fields, depth, noisy);
  }
  return "null";
}

// A value for a property of type `t`; `noisy` data also has nulls, intrinsics and wrong types.
std::string JValue(Rng& rng, const TypeP& t, int depth, bool noisy) {
  size_t r = noisy ? rng.Below(100) : 99;
  if (r < 4) return "null";
  if (r < 8) return JIntrinsic(rng);
  if (r < 13) return JWrong(rng);
  return JCorrect(rng, NonOpt(t), depth, noisy);
}

// --- Batches -------------------------------------------------------------------------------------

struct Schema {
  std::string name, cfn_type;
  TypeP type;  // kRes
};

std::string SchemaText(const Schema& s) {
  std::string out = "resource " + s.name + " = \"" + s.cfn_type + "\" {\n";
  for (const Field& f : s.type->fields) out += "  " + f.name + ": " + Spell(f.type) + ";\n";
  return out + "}\n";
}

// A statement near the nesting limits (200 brackets, 200 chained prefix operators and
// binders), or with a long list or chain: for the evaluators' and code generators' recursion.
std::string DeepStatement(Rng& rng, const Env& env) {
  std::vector<Source> ints, bools;
  for (const Source& s : Sources(env)) {
    if (Equal(s.type, kIntT)) ints.push_back(s);
    if (Equal(s.type, kBoolT)) bools.push_back(s);
  }
  std::string leaf = ints.empty() ? "1" : rng.Pick(ints).text;
  std::string bleaf = bools.empty() ? "true" : rng.Pick(bools).text;
  size_t depth = 100 + rng.Below(90);
  std::string e;
  switch (rng.Below(6)) {
    case 0:  // nested brackets
      e = leaf;
      for (size_t i = 0; i < depth; ++i) e = "(" + e + (i % 3 == 0 ? " * 2" : " + 1") + ")";
      return "assert (" + e + " != 7) or true;";
    case 1:  // a chain of prefix operators
      for (size_t i = 0; i < depth; ++i) e += "not ";
      return "assert (" + e + bleaf + ") or true;";
    case 2:  // a chain of let binders
      e = "let w0 = " + leaf + " in ";
      for (size_t i = 1; i < depth; ++i)
        e += "let w" + std::to_string(i) + " = (w" + std::to_string(i - 1) + " + " +
             std::to_string(i) + ") in ";
      return "assert (" + e + "w" + std::to_string(depth - 1) + " > 0) or true;";
    case 3: {  // a long and/or chain
      for (size_t i = 0, n = 300 + rng.Below(700); i < n; ++i)
        e +=
            (i ? (i % 7 == 0 ? " or " : " and ") : "") + (i % 5 == 0 ? bleaf : std::string("true"));
      return "assert " + e + ";";
    }
    case 4: {  // a long literal list
      e = "[";
      for (size_t i = 0, n = 200 + rng.Below(800); i < n; ++i)
        e += (i ? ", " : "") + std::to_string(i * 7919 % 1000);
      return "assert (" + leaf + " in " + e + "]) or true;";
    }
    default:  // a long sum
      for (size_t i = 0, n = 200 + rng.Below(800); i < n; ++i)
        e += (i ? " + " : "") + (i % 4 == 0 ? leaf : std::to_string(i));
      return "assert (" + e + ") != 0 or true;";
  }
}

Control GenControl(uint64_t seed, size_t index, const std::vector<Schema>& schemas) {
  Rng rng(seed);
  Control c;
  char id[16];
  std::snprintf(id, sizeof id, "C%03zu", index);
  c.id = id;
  const Schema& schema = rng.Pick(schemas);
  c.var = "r";
  c.resource = schema.name;
  std::vector<TypeP> recs;
  CollectRecords(schema.type, recs);
  int counter = 0;
  ExprGen gen(rng, recs, counter);

  // Helper functions: parameters of scalar, list, record and the resource type.
  for (size_t j = 0, n = rng.Below(3); j < n; ++j) {
    Fn fn;
    fn.name = "f" + c.id.substr(1) + "_" + std::to_string(j);
    Env env;
    std::string params;
    for (size_t k = 0, np = 1 + rng.Below(3); k < np; ++k) {
      TypeP p;
      size_t r = rng.Below(10);
      if (r < 5)
        p = WithOpt(gen.Scalar(), rng.Chance(40));
      else if (r < 6)
        p = WithOpt(ListOf(WithOpt(gen.Scalar(), rng.Chance(40))), rng.Chance(30));
      else if (r < 8 && !recs.empty())
        p = WithOpt(rng.Pick(recs), rng.Chance(50));
      else if (r < 9 && !recs.empty())
        p = WithOpt(ListOf(rng.Pick(recs)), rng.Chance(30));
      else
        p = schema.type;
      std::string name = "p" + std::to_string(k);
      params += (k ? ", " : "") + name + ": " + Spell(p);
      env.vars.push_back({name, p});
      fn.params.push_back(p);
    }
    size_t r = rng.Below(10);
    fn.ret = r < 5 ? kBoolT : r < 7 ? kIntT : kStrT;
    bool opt = rng.Chance(25);
    R body = opt && rng.Chance(70) ? gen.O(fn.ret, env, 3) : gen.E(fn.ret, env, 3);
    if (opt) fn.ret = Opt(fn.ret);
    c.fns.push_back("fn " + fn.name + "(" + params + ") -> " + Spell(fn.ret) + " =\n  " + body.s +
                    ";\n");
    gen.fns.push_back(fn);
  }

  const char* severities[] = {"info", "low", "medium", "high", "critical"};
  c.head = "control " + c.id + " {\n  title \"generated control " + std::to_string(index) +
           "\";\n  service S; layer data; owner Customer; severity " + severities[rng.Below(5)] +
           ";\n";
  // A requirement of the CIS benchmark's section 1 (1.1 to 1.22: `maps` is checked).
  if (rng.Chance(40))
    c.head += "  maps CIS \"1." + std::to_string(1 + index % 22) + "\", SOC2 \"CC6.1\";\n";

  Env env;
  env.vars.push_back({"r", schema.type});
  if (rng.Chance(35)) {
    R w = gen.Bool(env, 2);
    std::vector<Source> opt = gen.OptionalPaths(env, false);
    if (rng.Chance(40) && !opt.empty()) {
      const Source& s = rng.Pick(opt);
      w = {"exists " + s.text, {s.key}, {}, {}};
    }
    c.when = w.s;
    Keys poison = w.p;
    poison.insert(w.f.begin(), w.f.end());
    env = With(env, w.t, poison);
  }
  if (rng.Chance(6)) c.stmts.push_back(DeepStatement(rng, env));
  bool asserted = false;
  for (size_t k = 0, n = 3 + rng.Below(6); k < n || !asserted; ++k) {
    size_t r = rng.Below(100);
    if (r < 30 && k + 1 < n) {
      auto [v, vt] = gen.Any(env, 2);
      std::string name = "v" + std::to_string(++counter);
      c.stmts.push_back("let " + name + " = " + v.s + ";");
      Keys tested = v.t;
      tested.insert(v.f.begin(), v.f.end());
      tested.insert(v.p.begin(), v.p.end());
      env = With(env, {}, tested);
      env.vars.push_back({name, vt});
      continue;
    }
    asserted = true;
    std::vector<Source> opt = gen.OptionalPaths(env, false);
    if (r < 45 && !opt.empty()) {  // a guard for what follows
      const Source& s = rng.Pick(opt);
      bool plain = s.text.find("?.") == std::string::npos;
      std::string cond = plain && rng.Chance(30) ? s.text + " != null" : "exists " + s.text;
      c.stmts.push_back("assert " + cond + " else " + gen.Message(env) + ";");
      env = With(env, {s.key}, {});
      continue;
    }
    R cond = gen.Bool(env, 3);
    if (r < 75) {  // evaluated for its errors, but holds otherwise: later statements run
      cond = Opaque("(" + cond.s + " or true)", {&cond});
      c.stmts.push_back("assert " + cond.s + ";");
    } else if (r < 85) {
      c.stmts.push_back("assert " + cond.s + ";");
    } else {
      c.stmts.push_back("assert " + cond.s + " else " + gen.Message(env) + ";");
    }
    Keys poison = cond.p;
    poison.insert(cond.f.begin(), cond.f.end());
    env = With(env, cond.t, poison);
  }
  return c;
}

}  // namespace

std::string Batch::PolicyText() const {
  std::string s = header;
  for (const Control& c : controls) {
    s += "\n";
    for (const std::string& f : c.fns) s += f;
    s += c.head + "  for " + c.var + " in " + c.resource;
    if (!c.when.empty()) s += " when " + c.when;
    s += " {\n";
    for (const std::string& st : c.stmts) s += "    " + st + "\n";
    s += "  }\n}\n";
  }
  return s;
}

std::string Batch::InventoryText(int file) const {
  std::string s = "{\"Resources\": {";
  bool first = true;
  for (const Resource& r : resources) {
    if (r.file != file) continue;
    s += first ? "\n  " : ",\n  ";
    first = false;
    s += "\"" + r.id + "\": {\"Type\": \"" + r.type + "\"";
    if (r.has_props) {
      s += ", \"Properties\": {";
      for (size_t k = 0; k < r.props.size(); ++k)
        s += (k ? ", \"" : "\"") + r.props[k].first + "\": " + r.props[k].second;
      s += "}";
    }
    if (!r.extra.empty()) s += ", " + r.extra;
    s += "}";
  }
  return s + "\n}}\n";
}

Batch Generate(uint64_t seed, uint64_t batch, const GenOptions& options) {
  uint64_t base = Mix(seed, batch);
  Rng rng(base);
  Batch b;
  std::vector<Schema> schemas;
  for (int i = 0; i < 3; ++i) {
    Schema s;
    s.name = "R" + std::to_string(i);
    s.cfn_type = "Diff::Svc::R" + std::to_string(i);
    auto t = std::make_shared<Type>();
    t->kind = K::kRes;
    t->name = s.name;
    std::vector<std::string> names = kTopNames;
    for (size_t k = 0, n = 4 + rng.Below(5); k < n; ++k) {
      size_t j = rng.Below(names.size());
      t->fields.push_back({names[j], FieldType(rng, 0)});
      names.erase(names.begin() + static_cast<long>(j));
    }
    s.type = t;
    schemas.push_back(s);
  }
  b.header =
      "// generated by srm_diffgen\nmodule diff;\nparty AWS;\nparty Customer;\n"
      "layer infra, data;\n";
  for (const Schema& s : schemas) b.header += SchemaText(s);
  b.header += "service S {\n  resources R0, R1, R2;\n  AWS owns infra;\n  Customer owns data;\n}\n";

  for (int i = 0; i < options.controls; ++i)
    b.controls.push_back(
        GenControl(Mix(base, 1000 + static_cast<uint64_t>(i)), static_cast<size_t>(i), schemas));

  // Resources of each schema, a few of unmodelled types, interleaved.
  for (const Schema& s : schemas) {
    // Now and then a type without resources (its controls give one SKIP) or with just one.
    int n = options.resources_per_type;
    if (rng.Chance(8))
      n = 0;
    else if (rng.Chance(8))
      n = std::min(n, 1);
    for (int i = 0; i < n; ++i) {
      Rng r(Mix(base, 5000 + b.resources.size()));
      Resource res;
      res.id = s.name + "x" + std::to_string(i);
      res.type = s.cfn_type;
      bool noisy = r.Chance(60);
      res.has_props = !noisy || !r.Chance(6);
      for (const Field& f : s.type->fields) {
        if (r.Chance(f.type->opt ? 25 : noisy ? 6 : 0)) continue;
        res.props.push_back({f.name, JValue(r, f.type, 0, noisy)});
      }
      if (r.Chance(10)) res.props.push_back({"Undeclared", JWrong(r)});
      if (r.Chance(5)) res.extra = "\"Condition\": \"IsProd\", \"DeletionPolicy\": \"Retain\"";
      b.resources.push_back(res);
    }
  }
  b.resources.push_back({"Topic", "AWS::SNS::Topic", false, {}, "", 0});
  b.resources.push_back({"Thing", "Custom::Thing", true, {{"A", "1"}}, "", 0});
  for (size_t i = b.resources.size(); i > 1; --i)  // Fisher-Yates with our own generator
    std::swap(b.resources[i - 1], b.resources[rng.Below(i)]);
  if (rng.Chance(35)) {  // a second template with some of the resources
    b.files = 2;
    for (Resource& r : b.resources) r.file = rng.Chance(40) ? 1 : 0;
    for (size_t i = 0, n = b.resources.size(); i < n; ++i) {  // the same logical id in both
      if (!rng.Chance(8)) continue;
      Resource copy = b.resources[i];
      copy.file = 1 - copy.file;
      if (!copy.props.empty()) copy.props.pop_back();
      b.resources.push_back(copy);
    }
  }
  return b;
}

}  // namespace diffgen
