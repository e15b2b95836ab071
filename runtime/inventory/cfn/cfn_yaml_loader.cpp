// CloudFormation YAML loader: yaml-cpp's event parser drives a builder that converts the file's
// one document to arena Values (short-form tags become their long forms; aliases share the
// anchored value but are bounded), then BuildCfnTemplate checks the template and adds it.
#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <istream>
#include <streambuf>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/inventory/cfn/cfn_yaml_support.h"
#include "runtime/inventory/format_loaders.h"
#include "runtime/inventory/load_support.h"
#include "runtime/value/value_build.h"

namespace srm::rt::detail {
namespace {

// Nesting is checked against LoadLimits::max_depth but never beyond this (as for JSON); it
// stays below yaml-cpp's own recursion guard (2000).
constexpr uint32_t kMaxDepthCap = 1024;
// Aliases may expand to at most max(kMinValueLimit, kValuesPerByte * file size) values.
constexpr uint64_t kMinValueLimit = 1000000;
constexpr uint64_t kValuesPerByte = 8;
// yaml-cpp's marks are ints.
constexpr uint64_t kMaxYamlBytes = 0x7FFFFFFF;

// Thrown by the builder after it has set the load error, to stop yaml-cpp's parser.
struct Abort {};

// An istream over the file text, without a copy.
class MemoryBuf : public std::streambuf {
 public:
  MemoryBuf(const char* data, size_t size) {
    char* p = const_cast<char*>(data);  // read only: no put area, no putback writes
    setg(p, p, p + size);
  }
};

// What an anchor (&name) stands for, once its node is complete.
struct AnchorInfo {
  std::string name;
  Value value;
  uint64_t count = 0;   // values in the subtree
  uint32_t height = 0;  // nesting of sequences/mappings in the subtree
  bool complete = false;
  bool scalar = false;  // a plain or quoted scalar, usable as a mapping key (text)
  std::string text;
};

enum class Role : uint8_t { kOther, kTop, kResources };

// An open sequence or mapping.
struct Frame {
  bool is_map = false;
  Role role = Role::kOther;
  const ShortForm* wrap = nullptr;  // short-form tag applied when the collection ends
  YAML::anchor_t anchor = 0;
  uint32_t offset = 0;          // the node, at its tag or anchor when it has one
  uint32_t content_offset = 0;  // the collection itself
  uint32_t depth = 0;           // nesting of the collection, a short form's wrapper included
  uint32_t height = 0;          // greatest nesting among its children
  size_t start = 0;             // its first member or item in the scratch stacks
  uint64_t count_start = 0;     // values produced before it
  bool have_key = false;        // a mapping between a key and its value
  uint32_t key = 0;
  uint32_t key_offset = 0;
};

class Builder : public YAML::EventHandler {
 public:
  Builder(FileLoad& load, size_t begin)
      : load_(load),
        text_(load.file.text()),
        begin_(begin),
        names_(load.inv.names()),
        arena_(load.inv.arena()),
        max_depth_(std::min(load.options.limits.max_depth, kMaxDepthCap)),
        limit_(std::max<uint64_t>(kMinValueLimit, kValuesPerByte * load.file.text().size())) {}

  // Parses and converts the document; on success root() is the template.
  bool Run();
  const Value& root() const { return root_; }

  void OnDocumentStart(const YAML::Mark& mark) override;
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Start(false, mark, tag, anchor);
  }
  void OnSequenceEnd() override { End(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Start(true, mark, tag, anchor);
  }
  void OnMapEnd() override { End(); }
  void OnAnchor(const YAML::Mark&, const std::string& name) override { anchor_name_ = name; }

 private:
  // A located error (inside a resource, the message names it); stops the parse.
  [[noreturn]] void Error(uint32_t offset, const std::string& message) {
    load_.Fail(offset,
               resource_.empty() ? message : fmt::format("resource '{}': {}", resource_, message));
    throw Abort{};
  }
  bool FailYaml(const YAML::Mark& mark, const std::string& message);
  uint32_t Offset(const YAML::Mark& mark) const {
    if (mark.pos < 0) return static_cast<uint32_t>(text_.size());
    return static_cast<uint32_t>(
        std::min<uint64_t>(begin_ + static_cast<uint64_t>(mark.pos), text_.size()));
  }
  std::string LineOf(uint32_t offset) const {
    LineCol lc = load_.file.Locate(offset);
    return fmt::format("line {}:{}", lc.line, lc.col);
  }
  // Skips a node's properties (tag, anchor) and what separates them from its content.
  uint32_t ContentStart(uint32_t offset) const;
  bool QuotedScalarClosed(uint32_t offset, uint32_t& quote) const;

  bool ExpectingKey() const {
    return !stack_.empty() && stack_.back().is_map && !stack_.back().have_key;
  }
  uint32_t ParentDepth() const { return stack_.empty() ? 0 : stack_.back().depth; }
  void CheckDepth(uint32_t depth, uint32_t offset) {
    if (depth > max_depth_) {
      Error(offset,
            fmt::format("nesting is deeper than the limit of {} sequences/mappings", max_depth_));
    }
  }
  void Count(uint64_t n, uint32_t offset) {
    count_ += n;
    if (count_ > limit_) {
      Error(offset, fmt::format("YAML aliases expand to more than {} values; refusing to expand "
                                "(a 'billion laughs' document?)",
                                limit_));
    }
  }
  uint32_t LongKey(const ShortForm& f) { return names_.Intern(f.long_name); }
  void Key(std::string_view text, uint32_t offset);
  // Wraps `inner` into the long form of short-form tag `f` (node at `offset`).
  Value Wrap(const ShortForm& f, Value inner, uint32_t offset, uint32_t& height);
  void Start(bool is_map, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor);
  void End();
  // Attaches a finished node to its parent (or makes it the root) and records its anchor.
  void Emit(const Value& v, uint32_t height, YAML::anchor_t anchor, uint64_t count_before,
            const std::string* scalar_text);
  void StartAnchor(YAML::anchor_t anchor) {
    AnchorInfo& a = anchors_[anchor];
    a = AnchorInfo{};
    a.name = std::move(anchor_name_);
    anchor_name_.clear();
  }

  FileLoad& load_;
  std::string_view text_;
  size_t begin_;
  Interner& names_;
  Arena& arena_;
  uint32_t max_depth_;
  uint64_t limit_;
  uint64_t count_ = 0;
  int documents_ = 0;
  std::vector<Frame> stack_;
  std::vector<Member> members_;             // members of the open mappings
  std::vector<Value> items_;                // items of the open sequences
  std::vector<DupChecker<uint32_t>> dups_;  // by index in stack_
  std::unordered_map<YAML::anchor_t, AnchorInfo> anchors_;
  std::string anchor_name_;    // from OnAnchor, for the node that follows
  std::string_view resource_;  // the resource being converted, for messages
  uint32_t last_scalar_ = kNoOffset;
  bool have_root_ = false;
  Value root_;
};

bool Builder::Run() {
  MemoryBuf buf(text_.data() + begin_, text_.size() - begin_);
  std::istream in(&buf);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(*this) || !have_root_) {
      // Located at the first comment or directive (the file is not blank: see loaders.cpp).
      size_t first = std::string_view(text_).find_first_not_of(" \t\r\n", begin_);
      return load_.Fail(static_cast<uint32_t>(first == std::string_view::npos ? begin_ : first),
                        "the file holds no YAML document (only comments or directives); "
                        "expected a CloudFormation template (a mapping with a \"Resources\" "
                        "section)");
    }
    // yaml-cpp ends a quoted scalar at the end of the file without complaint: only the last
    // scalar of the document can be one that was never closed.
    uint32_t quote = 0;
    if (last_scalar_ != kNoOffset && !QuotedScalarClosed(last_scalar_, quote)) {
      return load_.Fail(quote,
                        "invalid YAML: unterminated quoted string: expected the closing "
                        "quote before the end of the file");
    }
    parser.HandleNextDocument(*this);  // a second document stops in OnDocumentStart
  } catch (const Abort&) {
    return false;
  } catch (const YAML::Exception& e) {  // ParserException, DeepRecursion
    return FailYaml(e.mark, e.msg);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return load_.Fail(static_cast<uint32_t>(begin_), fmt::format("invalid YAML: {}", e.what()));
  }
  return true;
}

bool Builder::FailYaml(const YAML::Mark& mark, const std::string& message) {
  uint32_t offset = Offset(mark);
  std::string text = DescribeYamlError(message);
  // A tab in the indentation is the usual cause of errors that yaml-cpp words otherwise.
  LineCol lc = load_.file.Locate(offset);
  std::string_view line = load_.file.Line(lc.line);
  std::string_view indent = line.substr(0, std::min(line.find_first_not_of(" \t"), line.size()));
  size_t tab = indent.find('\t');
  if (tab != std::string_view::npos && lc.col >= 1) {
    offset = static_cast<uint32_t>(std::min<size_t>(offset, text_.size()) - (lc.col - 1) + tab);
    text = "invalid YAML: a tab character indents this line; YAML indentation must use spaces";
  }
  return load_.Fail(offset, std::move(text));
}

uint32_t Builder::ContentStart(uint32_t offset) const {
  size_t p = offset, n = text_.size();
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (p < n && (text_[p] == '!' || text_[p] == '&')) {
    if (text_[p] == '!' && p + 1 < n && text_[p + 1] == '<') {  // verbatim tag !<...>
      size_t end = text_.find('>', p);
      p = end == std::string_view::npos ? n : end + 1;
    } else {
      while (p < n && !is_space(text_[p]) && text_[p] != ',' && text_[p] != '[' &&
             text_[p] != ']' && text_[p] != '{' && text_[p] != '}')
        ++p;
    }
    for (;;) {  // separation: white space, line breaks, comments
      while (p < n && is_space(text_[p])) ++p;
      if (p >= n || text_[p] != '#') break;
      while (p < n && text_[p] != '\n') ++p;
    }
  }
  return static_cast<uint32_t>(p);
}

bool Builder::QuotedScalarClosed(uint32_t offset, uint32_t& quote) const {
  size_t p = ContentStart(offset), n = text_.size();
  if (p >= n || (text_[p] != '"' && text_[p] != '\'')) return true;
  quote = static_cast<uint32_t>(p);
  char q = text_[p];
  for (size_t i = p + 1; i < n; ++i) {
    if (q == '"' && text_[i] == '\\') {
      ++i;  // escaped character
    } else if (text_[i] == q) {
      if (q == '\'' && i + 1 < n && text_[i + 1] == '\'') {
        ++i;  // '' is an escaped single quote
      } else {
        return true;
      }
    }
  }
  return false;
}

void Builder::OnDocumentStart(const YAML::Mark& mark) {
  if (++documents_ > 1) {
    Error(Offset(mark),
          "a second YAML document starts here; a CloudFormation template is exactly one document");
  }
}

void Builder::Key(std::string_view text, uint32_t offset) {
  Frame& f = stack_.back();
  uint32_t id = names_.Intern(text);
  uint32_t first = dups_[stack_.size() - 1].Insert(id, offset);
  if (first != kNoOffset) {
    switch (f.role) {
      case Role::kTop:
        Error(offset,
              fmt::format("duplicate top-level key \"{}\" (first at {})", text, LineOf(first)));
      case Role::kResources:
        Error(offset, fmt::format("duplicate logical id '{}' in \"Resources\" (first defined at "
                                  "{})",
                                  text, LineOf(first)));
      case Role::kOther:
        Error(offset, fmt::format("duplicate key \"{}\" (first at {})", text, LineOf(first)));
    }
  }
  f.have_key = true;
  f.key = id;
  f.key_offset = offset;
  if (f.role == Role::kResources) resource_ = names_.Name(id);
}

void Builder::OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) {
  uint32_t offset = Offset(mark);
  if (ExpectingKey()) {
    Error(offset,
          "a mapping key must be a string, found null (quote \"null\" or \"~\" to use "
          "them as keys)");
  }
  if (anchor != 0) StartAnchor(anchor);
  // yaml-cpp places an empty value at the next token: point at its key instead.
  uint32_t content = ContentStart(offset);
  bool is_explicit = content < text_.size() &&
                     (text_[content] == '~' || text_.substr(content, 4) == "null" ||
                      text_.substr(content, 4) == "Null" || text_.substr(content, 4) == "NULL");
  if (is_explicit) {
    offset = content;
  } else if (!stack_.empty() && stack_.back().is_map) {
    offset = stack_.back().key_offset;
  }
  uint64_t before = count_;
  Count(1, offset);
  Value null_value;  // kNull
  null_value.offset = offset;
  Emit(null_value, 0, anchor, before, nullptr);
}

void Builder::OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       const std::string& value) {
  uint32_t offset = Offset(mark);
  last_scalar_ = offset;
  const ShortForm* form = FindShortForm(tag);
  StdTag std_tag = form != nullptr ? StdTag::kNonSpecific : ClassifyStdTag(tag);
  if (std_tag == StdTag::kUnsupported) Error(offset, UnknownTagMessage(tag));
  if (std_tag == StdTag::kMap || std_tag == StdTag::kSeq) {
    Error(offset, fmt::format("{} tag on a scalar; expected a {}", DisplayTag(tag),
                              std_tag == StdTag::kMap ? "mapping" : "sequence"));
  }
  if (anchor != 0) StartAnchor(anchor);
  uint32_t content = value.empty() ? offset : ContentStart(offset);
  if (ExpectingKey()) {
    if (form != nullptr) {
      Error(offset, fmt::format("a mapping key must be a string, found a {} intrinsic", form->tag));
    }
    if (tag == "?" && value == "<<") {
      Error(offset,
            "YAML merge keys ('<<') are not supported; write the keys out, or quote "
            "\"<<\" to use it as a key");
    }
    Key(value, content);
    if (anchor != 0) {  // a key's anchor stands for the key's text when used again
      AnchorInfo& a = anchors_[anchor];
      a.value = MakeString(arena_, value, content);
      a.count = 1;
      a.complete = a.scalar = true;
      a.text = value;
    }
    return;
  }
  Value v;
  std::string why;
  bool ok = true;
  if (form != nullptr || (std_tag == StdTag::kNonSpecific && tag != "?")) {
    v.kind = ValueKind::kString;  // quoted, `! x`, or the argument of a short form
  } else if (std_tag == StdTag::kNonSpecific) {
    ok = ResolvePlainScalar(value, v, why);
  } else {
    ok = ResolveTaggedScalar(std_tag, value, v, why);
  }
  if (!ok) Error(content, why);
  if (v.kind == ValueKind::kString) v = MakeString(arena_, value, content);
  v.offset = content;
  uint64_t before = count_;
  Count(1, offset);
  uint32_t height = 0;
  if (form != nullptr) {
    if ((form->kinds & kTagScalar) == 0) {
      Error(offset,
            fmt::format("{} takes {}, found a scalar", form->tag, DescribeTagKinds(form->kinds)));
    }
    v = Wrap(*form, v, offset, height);
  }
  Emit(v, height, anchor, before, form == nullptr ? &value : nullptr);
}

Value Builder::Wrap(const ShortForm& f, Value inner, uint32_t offset, uint32_t& height) {
  CheckDepth(ParentDepth() + 1, offset);
  if (f.long_name == "Fn::GetAtt" && inner.kind == ValueKind::kString) {
    // !GetAtt Resource.Attribute: split at the first dot (attributes may contain dots).
    std::string_view s = inner.AsString();
    size_t dot = s.find('.');
    if (dot != std::string_view::npos) {
      CheckDepth(ParentDepth() + 2, offset);
      Value parts[2] = {MakeString(arena_, s.substr(0, dot), inner.offset),
                        MakeString(arena_, s.substr(dot + 1), inner.offset)};
      inner = MakeList(arena_, parts, 2, inner.offset);
      Count(2, offset);
      height = 1;
    }
  }
  Count(1, offset);
  ++height;
  return IntrinsicValue(arena_, LongKey(f), offset, inner, offset);
}

void Builder::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
  uint32_t offset = Offset(mark);
  auto it = anchors_.find(anchor);
  if (it == anchors_.end()) {
    Error(offset, "invalid YAML: this alias refers to an anchor that is not defined before it");
  }
  const AnchorInfo& a = it->second;
  std::string shown = a.name.empty() ? "this alias" : "alias *" + a.name;
  if (!a.complete) {
    Error(offset, fmt::format("{} refers to a node that contains it; a recursive alias cannot "
                              "be expanded",
                              shown));
  }
  if (ExpectingKey()) {
    if (!a.scalar) {
      Error(offset, fmt::format("a mapping key must be a string, but {} is a {}", shown,
                                YamlKindName(a.value, names_)));
    }
    Key(a.text, offset);
    return;
  }
  CheckDepth(ParentDepth() + a.height, offset);
  uint64_t before = count_;
  Count(a.count, offset);
  Value v = a.value;
  v.offset = offset;
  Emit(v, a.height, 0, before, nullptr);
}

void Builder::Start(bool is_map, const YAML::Mark& mark, const std::string& tag,
                    YAML::anchor_t anchor) {
  uint32_t offset = Offset(mark);
  const char* what = is_map ? "mapping" : "sequence";
  if (ExpectingKey()) {
    Error(offset, fmt::format("a mapping key must be a string, found a {}", what));
  }
  const ShortForm* form = FindShortForm(tag);
  if (form != nullptr) {
    if ((form->kinds & (is_map ? kTagMapping : kTagSequence)) == 0) {
      Error(offset,
            fmt::format("{} takes {}, found a {}", form->tag, DescribeTagKinds(form->kinds), what));
    }
  } else {
    StdTag std_tag = ClassifyStdTag(tag);
    if (std_tag == StdTag::kUnsupported) Error(offset, UnknownTagMessage(tag));
    bool fits = std_tag == StdTag::kNonSpecific || (std_tag == StdTag::kMap && is_map) ||
                (std_tag == StdTag::kSeq && !is_map);
    if (!fits) {
      Error(offset, fmt::format("{} tag on a {}; expected {}", DisplayTag(tag), what,
                                std_tag == StdTag::kMap   ? "a mapping"
                                : std_tag == StdTag::kSeq ? "a sequence"
                                                          : "a scalar"));
    }
  }
  if (anchor != 0) StartAnchor(anchor);
  Frame f;
  f.is_map = is_map;
  f.wrap = form;
  f.anchor = anchor;
  f.offset = offset;
  f.content_offset = ContentStart(offset);
  f.depth = ParentDepth() + (form != nullptr ? 2 : 1);
  CheckDepth(f.depth, f.content_offset);
  if (stack_.empty()) {
    f.role = is_map && form == nullptr ? Role::kTop : Role::kOther;
  } else {
    const Frame& parent = stack_.back();
    if (is_map && form == nullptr && parent.role == Role::kTop && parent.have_key &&
        names_.Name(parent.key) == "Resources")
      f.role = Role::kResources;
  }
  f.start = is_map ? members_.size() : items_.size();
  f.count_start = count_;
  Count(form != nullptr ? 2 : 1, offset);
  stack_.push_back(f);
  if (is_map) {
    if (dups_.size() < stack_.size()) dups_.resize(stack_.size());
    dups_[stack_.size() - 1].Reset();
  }
}

void Builder::End() {
  Frame f = stack_.back();
  stack_.pop_back();
  Value v;
  if (f.is_map) {
    v = MakeObject(arena_, members_.data() + f.start, members_.size() - f.start, f.content_offset);
    members_.resize(f.start);
  } else {
    v = MakeList(arena_, items_.data() + f.start, items_.size() - f.start, f.content_offset);
    items_.resize(f.start);
  }
  uint32_t height = f.height + 1;
  if (f.wrap != nullptr) {
    v = IntrinsicValue(arena_, LongKey(*f.wrap), f.offset, v, f.offset);
    ++height;
  }
  Emit(v, height, f.anchor, f.count_start, nullptr);
}

void Builder::Emit(const Value& v, uint32_t height, YAML::anchor_t anchor, uint64_t count_before,
                   const std::string* scalar_text) {
  if (anchor != 0) {
    AnchorInfo& a = anchors_[anchor];
    a.value = v;
    a.count = count_ - count_before;
    a.height = height;
    a.complete = true;
    if (scalar_text != nullptr) {
      a.scalar = true;
      a.text = *scalar_text;
    }
  }
  if (stack_.empty()) {
    root_ = v;
    have_root_ = true;
    return;
  }
  Frame& parent = stack_.back();
  parent.height = std::max(parent.height, height);
  if (parent.is_map) {
    members_.push_back(Member{parent.key, parent.key_offset, v});
    parent.have_key = false;
    if (parent.role == Role::kResources) resource_ = {};
  } else {
    items_.push_back(v);
  }
}

}  // namespace

bool LoadCfnYaml(FileLoad& load, size_t begin) {
  if (load.file.text().size() > kMaxYamlBytes) {
    load.error.file = load.file.path();
    load.error.where = {};
    load.error.message = "YAML templates larger than 2 GiB are not supported; convert it to JSON";
    return false;
  }
  Value root;
  {
    Builder builder(load, begin);
    if (!builder.Run()) return false;
    root = builder.root();
  }
  return BuildCfnTemplate(load, root);
}

}  // namespace srm::rt::detail
