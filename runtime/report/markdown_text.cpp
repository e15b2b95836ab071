#include "runtime/report/markdown_text.h"

#include <algorithm>

#include "runtime/report/text_writer.h"

namespace srm::rt {

std::string MarkdownText(std::string_view s) {
  std::string out;
  for (char ch : EscapeText(s)) {
    if (std::string_view("\\`*_[]<>|&~").find(ch) != std::string_view::npos) out += '\\';
    out += ch;
  }
  return out;
}

std::string MarkdownCode(std::string_view s) {
  bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) {
    return ch > ' ' && ch < 0x7f && ch != '`' && ch != '|' && ch != '\\';
  });
  return plain ? "`" + std::string(s) + "`" : MarkdownText(s);
}

}  // namespace srm::rt
