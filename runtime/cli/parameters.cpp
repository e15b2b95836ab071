#include "runtime/cli/parameters.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace srm::rt {
namespace {

class ParamsFile {
 public:
  ParamsFile(const std::string& path, ParameterValues& out, std::string& error)
      : path_(path), out_(out), error_(error) {}

  bool Read() {
    std::string text;
    if (!ReadLimited(text)) return false;
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
      return Fail(e.mark, "not valid JSON or YAML: " + e.msg);
    }
    if (root.IsSequence()) {
      for (const YAML::Node& item : root) {
        if (!(item.IsMap() ? KeyValueEntry(item) : OverrideEntry(item))) return false;
      }
      return true;
    }
    if (root.IsMap() && root["Parameters"]) {
      const YAML::Node params = root["Parameters"];
      if (!params.IsMap()) return Fail(params.Mark(), "\"Parameters\" must map names to values");
      for (const auto& kv : params) {
        std::string value;
        if (!kv.first.IsScalar()) return Fail(kv.first.Mark(), "a parameter name must be text");
        if (!Scalar(kv.second, kv.first.Scalar(), value)) return false;
        Set(kv.first.Scalar(), value, kv.first.Mark());
      }
      return true;
    }
    return Fail(root.Mark(),
                "expected a list of {\"ParameterKey\", \"ParameterValue\"} objects or of "
                "\"Name=Value\" strings, or an object with \"Parameters\" (docs/cli.md)");
  }

 private:
  bool ReadLimited(std::string& text) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return FailNoPosition(std::string("cannot read file: ") + std::strerror(errno));
    // Read with the limit while reading: a pipe or a device reports no size.
    std::string chunk(1 << 16, '\0');
    while (in) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      text.append(chunk.data(), static_cast<size_t>(in.gcount()));
      if (text.size() > kMaxParamsFileBytes) {
        return FailNoPosition("larger than " + std::to_string(kMaxParamsFileBytes >> 20) +
                              " MiB; not a parameter file");
      }
    }
    if (text.find('\0') != std::string::npos) return FailNoPosition("binary data, not text");
    return true;
  }

  // {"ParameterKey": K, "ParameterValue": V} (UsePreviousValue: the value is unknown here).
  bool KeyValueEntry(const YAML::Node& item) {
    const YAML::Node key = item["ParameterKey"];
    if (!key || !key.IsScalar()) {
      return Fail(item.Mark(), "a parameter entry needs a \"ParameterKey\" string");
    }
    const YAML::Node value = item["ParameterValue"];
    if (!value) {
      if (item["UsePreviousValue"]) return true;  // the deployed value: not known here
      return Fail(item.Mark(), "parameter '" + key.Scalar() + "': no \"ParameterValue\"");
    }
    std::string text;
    if (!Scalar(value, key.Scalar(), text)) return false;
    Set(key.Scalar(), text, key.Mark());
    return true;
  }

  // "Name=Value".
  bool OverrideEntry(const YAML::Node& item) {
    if (!item.IsScalar()) {
      return Fail(item.Mark(), "expected a \"Name=Value\" string or a ParameterKey object");
    }
    const std::string& s = item.Scalar();
    size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Fail(item.Mark(), "expected \"Name=Value\", found \"" + s + "\"");
    }
    Set(s.substr(0, eq), s.substr(eq + 1), item.Mark());
    return true;
  }

  bool Scalar(const YAML::Node& value, const std::string& name, std::string& out) {
    if (value.IsScalar()) {
      out = value.Scalar();
      return true;
    }
    if (value.IsSequence()) {  // a list parameter given as a list: CloudFormation's "a,b"
      for (const YAML::Node& item : value) {
        if (!item.IsScalar()) return Fail(item.Mark(), "parameter '" + name + "': not text");
        out += (out.empty() ? "" : ",") + item.Scalar();
      }
      return true;
    }
    return Fail(value.Mark(), "parameter '" + name +
                                  "': the value must be text, a number or "
                                  "a list of them");
  }

  void Set(const std::string& name, const std::string& value, const YAML::Mark& mark) {
    out_.values[name] = value;
    out_.origin[name] =
        path_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }

  bool Fail(const YAML::Mark& mark, const std::string& message) {
    if (mark.is_null()) return FailNoPosition(message);
    error_ = path_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) +
             ": error: " + message;
    return false;
  }
  bool FailNoPosition(const std::string& message) {
    error_ = path_ + ": error: " + message;
    return false;
  }

  const std::string& path_;
  ParameterValues& out_;
  std::string& error_;
};

}  // namespace

bool ReadParameterValues(const std::vector<std::string>& files,
                         const std::vector<std::string>& args, ParameterValues& out,
                         std::string& error) {
  for (const std::string& path : files) {
    if (!ParamsFile(path, out, error).Read()) return false;
  }
  for (const std::string& a : args) {
    size_t eq = a.find('=');
    if (eq == std::string::npos || eq == 0) {
      error = "error: --param takes NAME=VALUE, found '" + a + "'";
      return false;
    }
    out.values[a.substr(0, eq)] = a.substr(eq + 1);
    out.origin[a.substr(0, eq)] = "--param " + a.substr(0, eq);
  }
  return true;
}

}  // namespace srm::rt
