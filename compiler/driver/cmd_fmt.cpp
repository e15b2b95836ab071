// `srm fmt [--check] [-w] FILE...`: prints, rewrites or checks the canonical layout of policy
// files. A file with syntax errors, or one the formatter would change the meaning of, is never
// rewritten.
#include "compiler/driver/cmd_fmt.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "compiler/driver/driver.h"
#include "compiler/syntax/format.h"
#include "runtime/cli/check_cli.h"

namespace srm::driver {
namespace {

// 1-based number of the first line where a and b differ, with both lines.
size_t FirstDifference(std::string_view a, std::string_view b, std::string& line_a,
                       std::string& line_b) {
  size_t line = 1, start = 0;
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) {
    if (a[i] == '\n') {
      ++line;
      start = i + 1;
    }
    ++i;
  }
  auto rest = [&](std::string_view s) {
    size_t end = s.find('\n', start);
    return start >= s.size() ? std::string() : std::string(s.substr(start, end - start));
  };
  line_a = rest(a);
  line_b = rest(b);
  return line;
}

// Writes through a temporary file in the same directory, renamed over the original.
bool WriteInPlace(const std::string& path, const std::string& text, std::string& error) {
  std::string tmp = path + ".srm-fmt.tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      error = "cannot write '" + tmp + "'";
      std::filesystem::remove(tmp);
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::permissions(tmp, std::filesystem::status(path, ec).permissions(), ec);
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    error = "cannot replace '" + path + "': " + ec.message();
    std::filesystem::remove(tmp, ec);
    return false;
  }
  return true;
}

}  // namespace

CLI::App* AddFmtCommand(CLI::App& app, FmtOptions& opts) {
  CLI::App* cmd = app.add_subcommand("fmt", "Format policy files in the canonical layout");
  cmd->add_option("files", opts.files, "Policy files or directories (.srm)")->required();
  CLI::Option* check = cmd->add_flag(
      "--check", opts.check, "Print the files that are not formatted (exit 1 if any); change none");
  cmd->add_flag("-w,--write", opts.write, "Rewrite the files in place")->excludes(check);
  cmd->add_option("--color", opts.color, "Colour output")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  return cmd;
}

int RunFmt(const FmtOptions& opts) {
  SourceManager sources;
  DiagnosticEngine diags(sources);
  bool ok = AddPolicySources(opts.files, Embedded::kNone, sources, diags);
  bool changed = false;
  for (uint32_t i = 0; i < sources.size(); ++i) {
    const rt::SourceFile& file = sources.file(i);
    syntax::FormatResult r = syntax::FormatFile(i, sources, diags);
    if (!r.internal_error.empty()) {
      std::cerr << "srm: error: internal error: cannot format '" << file.path()
                << "': " << r.internal_error << " (the file is left as it is)\n";
      ok = false;
      continue;
    }
    if (!r.text) {
      ok = false;
      continue;
    }
    if (opts.check) {
      if (*r.text == file.text()) continue;
      changed = true;
      std::string was, would;
      size_t line = FirstDifference(file.text(), *r.text, was, would);
      std::cout << file.path() << ":" << line << ": not formatted\n"
                << "  - " << was << "\n"
                << "  + " << would << "\n";
    } else if (opts.write) {
      if (*r.text == file.text()) continue;
      std::string error;
      if (!WriteInPlace(file.path(), *r.text, error)) {
        std::cerr << "srm: error: " << error << "\n";
        ok = false;
      }
    } else {
      std::cout << *r.text;
    }
  }
  std::cerr << diags.Render(rt::UseColor(opts.color, STDERR_FILENO));
  if (!ok) return rt::kExitUsage;
  return changed ? 1 : rt::kExitOk;
}

}  // namespace srm::driver
