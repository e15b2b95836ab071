// srm_golden: runs self-contained golden test cases against the srm binary.
//
//   srm_golden [--update] [--timeout SECS] [--backends LIST] --srm PATH_TO_SRM CASE.srm...
//
// A case file holds the policy (line 1 up to the first line starting with "//--- "), with its
// "// RUN:" lines, then input files ("//--- NAME", "//--- NAME hex") and, per run, the expected
// results ("//--- expected: exit N" for stdout, then "//--- expected stderr" if any).
// With --backends, every `check` run goes through each listed backend (interp, jit, compiled)
// and all of them must give the expected results (backends.cpp).
// The format is described in tests/golden/README.md.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "backends.h"

namespace {

using golden::Backend;
using golden::RunResult;
namespace fs = std::filesystem;
constexpr std::string_view kHeader = "//--- ";

enum class Kind { kInput, kStdout, kStderr };

struct Section {
  Kind kind = Kind::kInput;
  std::string header;  // the header line without "//--- " and without its newline
  std::string name;    // kInput: the file name
  std::string raw;     // header line + body, verbatim (kept as is by --update)
  std::string body;    // decoded contents
};

struct Expected {
  int exit_code = 0;
  std::string out, err;
};

struct Case {
  std::string policy_name, policy;
  // Shared preludes named by "// PRELUDE: NAME" lines: (file name in the case directory, text).
  std::vector<std::pair<std::string, std::string>> preludes;
  std::vector<std::vector<std::string>> runs;
  std::vector<Section> sections;
  std::vector<Expected> expected;
};

bool ReadAll(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad() && in.is_open();
}

bool WriteAll(const fs::path& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  return out.write(data.data(), static_cast<std::streamsize>(data.size())) && out.flush();
}

std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> words;
  std::istringstream in{std::string(s)};
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

bool ParseInt(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool HexDecode(std::string_view in, std::string& out) {
  std::string digits;
  for (char c : in) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    digits += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (digits.size() % 2 != 0) return false;
  out.clear();
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  for (size_t i = 0; i < digits.size(); i += 2)
    out += static_cast<char>(nibble(digits[i]) * 16 + nibble(digits[i + 1]));
  return true;
}

std::string HexEncode(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned char>(in[i]));
    out += buf;
    out += (i % 16 == 15 || i + 1 == in.size()) ? '\n' : ' ';
  }
  return out;
}

// True for text that can't be stored verbatim in a section: invalid UTF-8, control characters
// other than tab and newline, or a line that would read as a section header.
bool NeedsHex(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((i == 0 || s[i - 1] == '\n') && s.substr(i, kHeader.size()) == kHeader) return true;
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) return true;
      ++i;
      continue;
    }
    size_t n = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 0 || c == 0xc0 || c == 0xc1 || c > 0xf4 || i + n > s.size()) return true;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return true;
    i += n;
  }
  return false;
}

// Splits a RUN line into arguments on whitespace; "double quoted" parts may hold spaces (and
// \" or \\ escapes). %s becomes the policy file name.
bool SplitRunLine(std::string_view line, const std::string& policy, std::vector<std::string>& args,
                  std::string& err) {
  std::string cur;
  bool in_word = false, quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '\\' && i + 1 < line.size() && (line[i + 1] == '"' || line[i + 1] == '\\')) {
      cur += line[++i];
    } else if (c == '"') {
      quoted = !quoted;
      in_word = true;
    } else if (!quoted && (c == ' ' || c == '\t' || c == '\r')) {
      if (in_word) args.push_back(cur);
      cur.clear();
      in_word = false;
    } else if (c == '%' && i + 1 < line.size() && line[i + 1] == 's') {
      cur += policy;
      in_word = true;
      ++i;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (quoted) return err = "unterminated quote in a RUN line", false;
  if (in_word) args.push_back(cur);
  if (args.empty()) return err = "empty RUN line", false;
  return true;
}

// The directory of shared preludes: --preludes, else `preludes/` beside the `cases/` directory
// that holds the case.
std::string g_preludes_dir;

fs::path PreludesDir(const std::string& case_path) {
  if (!g_preludes_dir.empty()) return g_preludes_dir;
  for (fs::path p = fs::absolute(case_path).parent_path(); p.has_relative_path(); p = p.parent_path()) {
    if (p.filename() == "cases") return p.parent_path() / "preludes";
  }
  return fs::absolute(case_path).parent_path();
}

// "// PRELUDE: NAME" (NAME in [a-z0-9_]): the case directory gets tests/preludes/NAME.srm as
// NAME.srm, which the RUN lines name like any other policy file.
bool ReadPrelude(const std::string& case_path, std::string_view name, Case& c, std::string& err) {
  bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
  if (!ok) return err = "bad prelude name '" + std::string(name) + "' (want [a-z0-9_]+)", false;
  fs::path file = PreludesDir(case_path) / (std::string(name) + ".srm");
  std::string text;
  if (!fs::is_regular_file(file) || !ReadAll(file.string(), text))
    return err = "cannot read the prelude " + file.string(), false;
  c.preludes.emplace_back(std::string(name) + ".srm", std::move(text));
  return true;
}

bool ParseCase(const std::string& path, Case& c, std::string& err) {
  std::string text;
  if (!ReadAll(path, text)) return err = "cannot read the file", false;
  c.policy_name = fs::path(path).filename().string();

  std::vector<size_t> starts;  // offsets of the section header lines
  for (size_t p = 0; p < text.size();) {
    if (text.compare(p, kHeader.size(), kHeader) == 0) starts.push_back(p);
    size_t eol = text.find('\n', p);
    p = eol == std::string::npos ? text.size() : eol + 1;
  }
  c.policy = text.substr(0, starts.empty() ? text.size() : starts[0]);
  if (!c.policy.empty() && c.policy.back() != '\n') c.policy += '\n';

  std::istringstream lines(c.policy);
  for (std::string line; std::getline(lines, line);) {
    size_t b = line.find_first_not_of(" \t");
    if (b != std::string::npos && line.compare(b, 11, "// PRELUDE:") == 0) {
      std::vector<std::string> w = SplitWords(std::string_view(line).substr(b + 11));
      if (w.size() != 1) return err = "bad line '" + line + "' (want '// PRELUDE: NAME')", false;
      if (!ReadPrelude(path, w[0], c, err)) return false;
      continue;
    }
    if (b == std::string::npos || line.compare(b, 7, "// RUN:") != 0) continue;
    std::vector<std::string> args;
    if (!SplitRunLine(std::string_view(line).substr(b + 7), c.policy_name, args, err)) return false;
    c.runs.push_back(std::move(args));
  }

  for (size_t k = 0; k < starts.size(); ++k) {
    size_t end = k + 1 < starts.size() ? starts[k + 1] : text.size();
    size_t eol = std::min(text.find('\n', starts[k]), end);
    Section s;
    s.raw = text.substr(starts[k], end - starts[k]);
    s.header = text.substr(starts[k] + kHeader.size(), eol - starts[k] - kHeader.size());
    s.body = eol < end ? text.substr(eol + 1, end - eol - 1) : "";
    std::vector<std::string> w = SplitWords(s.header);
    int exit_code = 0;
    size_t flags = 1;  // index of the first flag word
    if (!w.empty() && w[0] == "expected:") {
      if (w.size() < 3 || w[1] != "exit" || !ParseInt(w[2], exit_code))
        return err = "bad header '//--- " + s.header + "' (want 'expected: exit N')", false;
      s.kind = Kind::kStdout;
      flags = 3;
    } else if (w.size() >= 2 && w[0] == "expected" && w[1] == "stderr") {
      s.kind = Kind::kStderr;
      flags = 2;
    } else if (w.empty() || w[0].rfind("expected", 0) == 0) {
      return err = "bad section header '//--- " + s.header + "'", false;
    } else {
      s.name = w[0];
    }
    for (size_t f = flags; f < w.size(); ++f) {
      if (w[f] == "hex") {
        if (!HexDecode(std::string(s.body), s.body))
          return err = "section '" + s.header + "': bad hex body", false;
      } else if (w[f] == "noeol") {
        if (!s.body.empty() && s.body.back() == '\n') s.body.pop_back();
      } else {
        return err = "section '" + s.header + "': unknown flag '" + w[f] + "'", false;
      }
    }
    if (s.kind == Kind::kStdout) {
      c.expected.push_back({exit_code, s.body, ""});
    } else if (s.kind == Kind::kStderr) {
      if (c.sections.empty() || c.sections.back().kind != Kind::kStdout)
        return err = "'//--- expected stderr' must follow an '//--- expected: exit N' section",
               false;
      c.expected.back().err = s.body;
    }
    c.sections.push_back(std::move(s));
  }
  return true;
}

// Writes the policy and the input sections into `dir`.
bool WriteInputs(const Case& c, const fs::path& dir, std::string& err) {
  if (!WriteAll(dir / c.policy_name, c.policy)) return err = "cannot write the policy", false;
  for (const auto& [name, text] : c.preludes) {
    bool clash = name == c.policy_name ||
                 std::any_of(c.sections.begin(), c.sections.end(),
                             [&](const Section& s) { return s.kind == Kind::kInput && s.name == name; });
    if (clash) return err = "prelude '" + name + "' has the name of another file of the case", false;
    if (!WriteAll(dir / name, text)) return err = "cannot write the prelude '" + name + "'", false;
  }
  for (const Section& s : c.sections) {
    if (s.kind != Kind::kInput) continue;
    fs::path rel(s.name);
    bool bad = rel.is_absolute() || s.name.back() == '/' || s.name == c.policy_name;
    for (const fs::path& part : rel) bad = bad || part == "..";
    if (bad) return err = "bad section file name '" + s.name + "'", false;
    std::error_code ec;
    fs::create_directories((dir / rel).parent_path(), ec);
    if (ec || !WriteAll(dir / rel, s.body)) return err = "cannot write '" + s.name + "'", false;
  }
  return true;
}

std::vector<std::string_view> Lines(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t p = 0, e; p < s.size(); p = e + 1) {
    e = std::min(s.find('\n', p), s.size());
    out.push_back(s.substr(p, e - p));
  }
  return out;
}

std::string Visible(std::string_view s) {
  std::string out;
  for (char c : s) {
    char buf[8];
    bool control = static_cast<unsigned char>(c) < 0x20 && c != '\t';
    std::snprintf(buf, sizeof buf, control ? "\\x%02x" : "%c", static_cast<unsigned char>(c));
    out += buf;
  }
  return out;
}

// Prints a line diff of expected vs actual (or of two actual outputs, named by `minus` and
// `plus`): LCS-based, with two lines of context.
void PrintDiff(std::string_view what, const std::string& exp, const std::string& act,
               std::string_view minus = "expected", std::string_view plus = "actual") {
  std::vector<std::string_view> a = Lines(exp), b = Lines(act);
  std::cout << "  " << what << " differs (- " << minus << ", + " << plus << "):\n";
  if (a == b) {
    std::cout << "    (only the newline at the end differs: " << minus << " has "
              << (exp.empty() || exp.back() == '\n' ? "one" : "none") << ")\n";
    return;
  }
  size_t pre = 0, suf = 0;  // common prefix and suffix lines stay out of the LCS table
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  while (suf + pre < a.size() && suf + pre < b.size() &&
         a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
    ++suf;
  size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  if (n * m > 4'000'000) n = m = 0;  // too big: the diff just starts at the first difference
  std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      lcs[i][j] =
          a[pre + i] == b[pre + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  struct Op {
    char tag;
    size_t line;  // 1-based, in expected (' ', '-') or in actual ('+')
    std::string_view text;
  };
  std::vector<Op> ops;
  for (size_t i = 0; i < pre; ++i) ops.push_back({' ', i + 1, a[i]});
  const size_t a_end = a.size() - suf, b_end = b.size() - suf;
  const bool table = n > 0 && m > 0;
  size_t i = pre, j = pre;
  while (i < a_end || j < b_end) {
    if (i < a_end && j < b_end && a[i] == b[j]) {
      ops.push_back({' ', i + 1, a[i]});
      ++i, ++j;
    } else if (i < a_end &&
               (j == b_end || !table || lcs[i - pre + 1][j - pre] >= lcs[i - pre][j - pre + 1])) {
      ops.push_back({'-', i + 1, a[i]});
      ++i;
    } else {
      ops.push_back({'+', j + 1, b[j]});
      ++j;
    }
  }
  for (; i < a.size(); ++i) ops.push_back({' ', i + 1, a[i]});
  size_t printed = 0, last = SIZE_MAX;  // print changed lines with 2 lines of context
  for (size_t k = 0; k < ops.size(); ++k) {
    bool near = false;
    for (size_t d = k >= 2 ? k - 2 : 0; d <= k + 2 && d < ops.size(); ++d)
      near = near || ops[d].tag != ' ';
    if (!near) continue;
    if (printed++ == 60) {
      std::cout << "    ... (more)\n";
      break;
    }
    if (last != SIZE_MAX && k != last + 1) std::cout << "    ...\n";
    char num[32];
    std::snprintf(num, sizeof num, "    %c%4zu| ", ops[k].tag, ops[k].line);
    std::cout << num << Visible(ops[k].text) << "\n";
    last = k;
  }
}

// One expected section: verbatim text when possible, else spelled "noeol" or "hex".
std::string RenderSection(const std::string& header, const std::string& body) {
  std::string h = std::string(kHeader) + header;
  if (NeedsHex(body)) return h + " hex\n" + HexEncode(body);
  if (!body.empty() && body.back() != '\n') return h + " noeol\n" + body + "\n";
  return h + "\n" + body;
}

// The case file with new expected sections: the policy and the input sections are kept byte for
// byte; the expected sections (wherever they were) are replaced by new ones at the end.
std::string Rewrite(const Case& c, const std::vector<RunResult>& results) {
  std::string out = c.policy;
  for (const Section& s : c.sections) {
    if (s.kind != Kind::kInput) continue;
    std::vector<std::string> w = SplitWords(s.header);
    bool flagged = std::find(w.begin() + 1, w.end(), "hex") != w.end() ||
                   std::find(w.begin() + 1, w.end(), "noeol") != w.end();
    if (s.raw.back() == '\n' || flagged || s.raw.find('\n') == std::string::npos) {
      out += s.raw.back() == '\n' ? s.raw : s.raw + "\n";
    } else {  // the last section had no final newline: same bytes, spelled with "noeol"
      out += std::string(kHeader) + s.header + " noeol" + s.raw.substr(s.raw.find('\n')) + "\n";
    }
  }
  for (const RunResult& r : results) {
    out += RenderSection("expected: exit " + std::to_string(r.exit_code), r.out);
    if (!r.err.empty()) out += RenderSection("expected stderr", r.err);
  }
  return out;
}

std::string Join(const std::vector<std::string>& v, std::string_view sep = " ") {
  std::string s;
  for (const std::string& a : v) s += (s.empty() ? "" : std::string(sep)) + a;
  return s;
}

// What one RUN line gave: one result per backend, or one result labelled "" for a line run as
// written (not a `check` line, or one that picks its --backend).
struct RunResults {
  std::vector<std::string> labels;
  std::vector<RunResult> results;
};

bool Same(const RunResult& a, int exit_code, const std::string& out, const std::string& err) {
  return a.exit_code == exit_code && a.out == out && a.err == err;
}

std::string Describe(const std::vector<std::string>& args, const std::string& label) {
  for (Backend b : {Backend::kInterp, Backend::kJit, Backend::kCompiled})
    if (label == golden::BackendName(b)) return "[" + label + "] " + golden::DescribeRun(b, args);
  return "srm " + Join(args);
}

void PrintMismatch(const RunResult& r, int exit_code, const std::string& out,
                   const std::string& err, std::string_view minus, std::string_view plus) {
  if (exit_code != r.exit_code)
    std::cout << "  exit code: " << minus << " " << exit_code << ", " << plus << " " << r.exit_code
              << "\n";
  if (out != r.out) PrintDiff("stdout", out, r.out, minus, plus);
  if (err != r.err) PrintDiff("stderr", err, r.err, minus, plus);
}

// Prints the runs where the backends disagree (for --update); true when none do.
bool BackendsAgree(const std::string& path, const Case& c, const std::vector<RunResults>& all) {
  bool agree = true;
  for (size_t i = 0; i < all.size(); ++i) {
    const RunResults& rr = all[i];
    const RunResult& first = rr.results[0];
    for (size_t k = 1; k < rr.results.size(); ++k) {
      if (Same(rr.results[k], first.exit_code, first.out, first.err)) continue;
      if (agree) std::cout << "FAIL " << path << ": the backends disagree; not updated\n";
      agree = false;
      std::cout << "  run " << i + 1 << ": srm " << Join(c.runs[i]) << "\n";
      PrintMismatch(rr.results[k], first.exit_code, first.out, first.err, rr.labels[0],
                    rr.labels[k]);
    }
  }
  return agree;
}

// Runs one case; true when it passed (with --update: when it ran and its file is up to date).
bool RunCase(const std::string& path, golden::Runner& runner, const std::vector<Backend>& backends,
             bool update) {
  auto fail = [&](const std::string& msg) {
    std::cout << "FAIL " << path << ": " << msg << "\n";
    return false;
  };
  Case c;
  std::string err;
  if (!ParseCase(path, c, err)) return fail(err);
  if (c.runs.empty()) return fail("no '// RUN:' line in the policy part");
  if (!update && c.expected.empty())
    return fail("no '//--- expected: exit N' section (`make update-goldens` creates it)");
  if (!update && c.expected.size() != c.runs.size())
    return fail(std::to_string(c.runs.size()) + " RUN line(s) but " +
                std::to_string(c.expected.size()) + " expected block(s)");

  // The case's files in `dir` (the working directory of every run), compiled checkers in
  // `scratch`, outside it, so that a policy directory argument like "." does not see them.
  const char* tmp = std::getenv("TMPDIR");
  std::string dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/srm-golden-XXXXXX";
  std::string scratch = std::string(tmp && *tmp ? tmp : "/tmp") + "/srm-golden-bin-XXXXXX";
  if (!mkdtemp(dir.data())) return fail("mkdtemp: " + std::string(std::strerror(errno)));
  std::vector<RunResults> all;
  bool ok = WriteInputs(c, dir, err) || fail(err);
  if (ok && !mkdtemp(scratch.data()))
    ok = fail("mkdtemp: " + std::string(std::strerror(errno))), scratch.clear();
  for (size_t i = 0; i < c.runs.size() && ok; ++i) {
    golden::RunPlan plan = golden::PlanRun(c.runs[i], backends);
    RunResults& rr = all.emplace_back();
    if (!plan.per_backend) {
      rr.labels.emplace_back();
      rr.results.push_back(runner.RunAsWritten(c.runs[i], dir));
    }
    for (Backend b : plan.backends) {
      rr.labels.emplace_back(golden::BackendName(b));
      rr.results.push_back(runner.RunBackend(b, c.runs[i], dir, scratch));
    }
    for (size_t k = 0; k < rr.results.size() && ok; ++k) {
      const RunResult& r = rr.results[k];
      if (!r.error.empty())
        ok = fail("run " + std::to_string(i + 1) + " (" + Describe(c.runs[i], rr.labels[k]) +
                  "): " + r.error + (r.err.empty() ? "" : "\n" + r.err));
    }
  }
  runner.ForgetCompiled();
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (!scratch.empty()) fs::remove_all(scratch, ec);
  if (!ok) return false;

  if (update) {
    if (!BackendsAgree(path, c, all)) return false;
    std::vector<RunResult> results;
    for (const RunResults& rr : all) results.push_back(rr.results[0]);
    std::string text = Rewrite(c, results), old;
    if (!ReadAll(path, old) || text != old) {
      if (!WriteAll(path, text)) return fail("cannot write the updated file");
      std::cout << "updated " << path << "\n";
    }
    return true;
  }
  for (size_t i = 0; i < c.runs.size(); ++i) {
    const Expected& e = c.expected[i];
    const RunResults& rr = all[i];
    // Backends with the same wrong result are reported together.
    std::vector<std::vector<size_t>> groups;
    std::vector<std::string> passing;
    for (size_t k = 0; k < rr.results.size(); ++k) {
      const RunResult& r = rr.results[k];
      if (Same(r, e.exit_code, e.out, e.err)) {
        passing.push_back(rr.labels[k]);
        continue;
      }
      auto g = std::find_if(groups.begin(), groups.end(), [&](const std::vector<size_t>& other) {
        const RunResult& o = rr.results[other[0]];
        return Same(r, o.exit_code, o.out, o.err);
      });
      if (g == groups.end())
        groups.push_back({k});
      else
        g->push_back(k);
    }
    if (groups.empty()) continue;
    if (ok) std::cout << "FAIL " << path << "\n";
    ok = false;
    if (groups.size() + (passing.empty() ? 0 : 1) > 1) {
      std::cout << "  run " << i + 1 << ": the backends disagree; as expected: "
                << (passing.empty() ? "none" : Join(passing, ", ")) << "\n";
    }
    for (const std::vector<size_t>& g : groups) {
      const RunResult& r = rr.results[g[0]];
      if (g.size() == 1) {
        std::cout << "  run " << i + 1 << ": " << Describe(c.runs[i], rr.labels[g[0]]) << "\n";
      } else {
        std::vector<std::string> names;
        for (size_t k : g) names.push_back(rr.labels[k]);
        std::cout << "  run " << i + 1 << ": [" << Join(names, ", ") << "] srm " << Join(c.runs[i])
                  << "\n";
      }
      PrintMismatch(r, e.exit_code, e.out, e.err, "expected", "actual");
    }
  }
  if (!ok) std::cout << "  (if the new output is right: make update-goldens)\n";
  return ok;
}

// A path to srm that still works after chdir: made absolute, or looked up in $PATH.
bool ResolveSrm(std::string& srm) {
  if (srm.find('/') == std::string::npos) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    for (std::string d; std::getline(dirs, d, ':');)
      if (access(((d.empty() ? "." : d) + "/" + srm).c_str(), X_OK) == 0)
        return srm = (d.empty() ? "." : d) + "/" + srm, ResolveSrm(srm);
    return false;
  }
  std::error_code ec;
  srm = fs::absolute(srm, ec).string();
  return !ec && access(srm.c_str(), X_OK) == 0;
}

int Main(int argc, char** argv) {
  const char* usage =
      "usage: srm_golden [--update] [--timeout SECS] [--backends interp,jit,compiled]\n"
      "                  [--preludes DIR]\n"
      "                  --srm PATH_TO_SRM CASE.srm...\n";
  bool update = false;
  golden::Runner runner;
  std::vector<Backend> backends = {Backend::kInterp};
  std::vector<std::string> cases;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    std::string err;
    if (a == "--update") {
      update = true;
    } else if (a == "--srm" && i + 1 < argc) {
      runner.srm = argv[++i];
    } else if (a == "--preludes" && i + 1 < argc) {
      g_preludes_dir = argv[++i];
    } else if (a == "--timeout" && i + 1 < argc && ParseInt(argv[i + 1], runner.timeout_s) &&
               runner.timeout_s > 0) {
      ++i;
    } else if (a == "--backends" && i + 1 < argc) {
      if (!golden::ParseBackends(argv[++i], backends, err)) {
        std::cerr << "srm_golden: --backends: " << err << "\n" << usage;
        return 2;
      }
      // The arguments choose the backend, not a $SRM_BACKEND of the caller's.
      runner.strip_backend_env = true;
    } else if (a == "-h" || a == "--help") {
      std::cout << usage;
      return 0;
    } else if (a.rfind("-", 0) == 0) {
      std::cerr << "srm_golden: bad option or missing value: '" << a << "'\n" << usage;
      return 2;
    } else {
      cases.emplace_back(a);
    }
  }
  if (runner.srm.empty() || (cases.empty() && !update)) {
    std::cerr << usage;
    return 2;
  }
  if (!ResolveSrm(runner.srm)) {
    std::cerr << "srm_golden: not an executable: " << runner.srm << "\n";
    return 2;
  }
  int passed = 0, failed = 0;
  for (const std::string& path : cases) {
    (RunCase(path, runner, backends, update) ? passed : failed)++;
    std::cout.flush();
  }
  std::cout << "golden: " << passed << " passed, " << failed << " failed" << std::endl;
  return failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "srm_golden: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "srm_golden: internal error\n";
  }
  return 2;
}
