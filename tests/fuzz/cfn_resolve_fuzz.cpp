// Fuzz target, structure-aware: the input drives a generator of CloudFormation templates full of
// intrinsics (Ref, Fn::Sub, Fn::Join, Fn::If, Fn::Select, Fn::FindInMap, Fn::GetAtt, Fn::Split,
// conditions, parameters with defaults, mappings; well-formed and malformed), so that static
// resolution is exercised on every input. The template is written as JSON and loaded as
// template.json or (first byte odd) as template.yaml, JSON being YAML too; when it loads, the
// stdlib controls check it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/report/report.h"
#include "runtime/support/json_text.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using srm::rt::JsonQuote;

// Reads choices from the fuzz input; zeros once it is used up, so generation always ends.
class Choices {
 public:
  Choices(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  size_t Below(size_t n) { return n <= 1 ? 0 : Byte() % n; }
  bool Bit() { return (Byte() & 1) != 0; }
  template <class T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }
  // Up to `max` raw input bytes as text (any bytes: the loader must reject bad UTF-8 cleanly).
  std::string Raw(size_t max) {
    size_t n = Below(max + 1);
    std::string s;
    for (size_t i = 0; i < n && pos_ < size_; ++i) s += static_cast<char>(Byte());
    return s;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

const std::vector<std::string> kParams = {"P0", "P1", "P2", "P3", "Missing"};
const std::vector<std::string> kResources = {"R0", "R1", "R2", "R3"};
const std::vector<std::string> kConditions = {"C0", "C1", "C2", "Nope"};
const std::vector<std::string> kPseudo = {"AWS::Region",    "AWS::AccountId", "AWS::NoValue",
                                          "AWS::StackName", "AWS::Partition", "AWS::URLSuffix",
                                          "AWS::NotAPseudo"};
const std::vector<std::string> kStrings = {"",
                                           "a",
                                           "0.0.0.0/0",
                                           "10.0.0.0/8",
                                           "tcp",
                                           "22",
                                           "true",
                                           "Enabled",
                                           "AES256",
                                           "arn:aws:s3:::b",
                                           "x,y,z",
                                           "${",
                                           "${}",
                                           "$",
                                           "}",
                                           "${!Lit}",
                                           "${P0}",
                                           "${R0.Arn}",
                                           "${AWS::Region}",
                                           "::",
                                           "\u00e9\u4e2d",
                                           "a\nb",
                                           "\"q\"",
                                           "  5",
                                           "007",
                                           "1e400",
                                           "-0",
                                           "null"};
const std::vector<std::string> kNumbers = {"0",
                                           "1",
                                           "-1",
                                           "22",
                                           "3389",
                                           "65535",
                                           "1e2",
                                           "2.5",
                                           "-0.0",
                                           "9223372036854775807",
                                           "-9223372036854775808",
                                           "18446744073709551616",
                                           "22.00000000000000000000",
                                           "1e-400",
                                           "1E400"};
const std::vector<std::string> kKeys = {"BucketName",
                                        "Tags",
                                        "Key",
                                        "Value",
                                        "VersioningConfiguration",
                                        "Status",
                                        "SecurityGroupIngress",
                                        "CidrIp",
                                        "CidrIpv6",
                                        "FromPort",
                                        "ToPort",
                                        "IpProtocol",
                                        "Encrypted",
                                        "StorageEncrypted",
                                        "BackupRetentionPeriod",
                                        "PubliclyAccessible",
                                        "KmsKeyId",
                                        "BucketEncryption",
                                        "PublicAccessBlockConfiguration",
                                        "BlockPublicAcls",
                                        "Policy",
                                        "PolicyDocument",
                                        "Statement",
                                        "Effect",
                                        "Action",
                                        "Resource",
                                        "Principal",
                                        "Runtime",
                                        "MetadataOptions",
                                        "HttpTokens",
                                        "LoggingConfiguration",
                                        "Name",
                                        "Fn::Sub",
                                        "Ref"};
const std::vector<std::string> kTypes = {"AWS::S3::Bucket",      "AWS::EC2::SecurityGroup",
                                         "AWS::RDS::DBInstance", "AWS::EC2::Volume",
                                         "AWS::IAM::Role",       "AWS::Lambda::Function",
                                         "AWS::SNS::Topic",      "AWS::EC2::LaunchTemplate",
                                         "AWS::DynamoDB::Table", "AWS::S3::BucketPolicy",
                                         "Custom::Thing",        ""};
const std::vector<std::string> kAttributes = {"Arn", "DomainName", "GroupId", "Endpoint.Address",
                                              ""};

class TemplateWriter {
 public:
  explicit TemplateWriter(Choices& c) : c_(c) {}

  std::string Template() {
    std::string out = "{";
    if (c_.Below(4) != 0) out += "\"AWSTemplateFormatVersion\": \"2010-09-09\", ";
    if (c_.Below(4) != 0) out += "\"Parameters\": " + Parameters() + ", ";
    if (c_.Below(3) != 0) out += "\"Conditions\": " + Conditions() + ", ";
    if (c_.Below(3) != 0) out += "\"Mappings\": " + Mappings() + ", ";
    out += "\"Resources\": " + Resources() + "}\n";
    return out;
  }

 private:
  std::string Str() {
    switch (c_.Below(4)) {
      case 0:
        return JsonQuote(c_.Raw(6));
      case 1:
        return JsonQuote(SubText());
      default:
        return JsonQuote(c_.Pick(kStrings));
    }
  }

  // A string for Fn::Sub: literal text and ${...} references of every kind.
  std::string SubText() {
    std::string s;
    for (size_t i = 0, n = 1 + c_.Below(4); i < n; ++i) {
      switch (c_.Below(9)) {
        case 0:
          s += "${" + c_.Pick(kParams) + "}";
          break;
        case 1:
          s += "${" + c_.Pick(kResources) + "}";
          break;
        case 2:
          s += "${" + c_.Pick(kResources) + "." + c_.Pick(kAttributes) + "}";
          break;
        case 3:
          s += "${" + c_.Pick(kPseudo) + "}";
          break;
        case 4:
          s += "${X}";
          break;
        case 5:
          s += "${!X}";
          break;
        case 6:
          s += c_.Pick(kStrings);
          break;
        default:
          s += c_.Raw(3);
      }
    }
    return s;
  }

  std::string List(int depth, size_t max) {
    std::string out = "[";
    for (size_t i = 0, n = c_.Below(max + 1); i < n; ++i) out += (i ? ", " : "") + Value(depth);
    return out + "]";
  }

  std::string Intrinsic(const std::string& name, const std::string& arg) {
    return "{" + JsonQuote(name) + ": " + arg + "}";
  }

  std::string Value(int depth) {
    if (depth > 6) return c_.Bit() ? Str() : c_.Pick(kNumbers);
    switch (c_.Below(22)) {
      case 0:
      case 1:
        return Str();
      case 2:
        return c_.Pick(kNumbers);
      case 3:
        return c_.Pick(std::vector<std::string>{"true", "false", "null"});
      case 4:
        return List(depth + 1, 3);
      case 5: {
        std::string out = "{";
        for (size_t i = 0, n = c_.Below(4); i < n; ++i)
          out += (i ? ", " : "") + JsonQuote(c_.Pick(kKeys)) + ": " + Value(depth + 1);
        return out + "}";
      }
      case 6: {
        size_t k = c_.Below(3);
        return Intrinsic("Ref", JsonQuote(k == 0   ? c_.Pick(kParams)
                                          : k == 1 ? c_.Pick(kResources)
                                                   : c_.Pick(kPseudo)));
      }
      case 7:
        return Intrinsic("Fn::Sub", JsonQuote(SubText()));
      case 8: {
        std::string vars = "{";
        for (size_t i = 0, n = c_.Below(3); i < n; ++i)
          vars += std::string(i ? ", " : "") + (c_.Bit() ? "\"X\"" : JsonQuote(c_.Pick(kParams))) +
                  ": " + Value(depth + 1);
        return Intrinsic("Fn::Sub", "[" + JsonQuote(SubText()) + ", " + vars + "}]");
      }
      case 9:
        return Intrinsic(
            "Fn::Join",
            "[" + Str() + ", " + (c_.Below(4) ? List(depth + 1, 4) : Value(depth + 1)) + "]");
      case 10:
        return Intrinsic("Fn::If", "[" + JsonQuote(c_.Pick(kConditions)) + ", " + Value(depth + 1) +
                                       ", " + Value(depth + 1) + "]");
      case 11:
        return Intrinsic("Fn::Select",
                         "[" + (c_.Bit() ? c_.Pick(kNumbers) : Value(depth + 1)) + ", " +
                             (c_.Below(4) ? List(depth + 1, 4) : Value(depth + 1)) + "]");
      case 12:
        return Intrinsic(
            "Fn::FindInMap",
            "[" +
                (c_.Below(4) ? JsonQuote(c_.Pick(std::vector<std::string>{"M0", "M1", "NoMap"}))
                             : Value(depth + 1)) +
                ", " +
                (c_.Below(4) ? JsonQuote(c_.Pick(std::vector<std::string>{"K0", "K1", "K9"}))
                             : Value(depth + 1)) +
                ", " +
                (c_.Below(4) ? JsonQuote(c_.Pick(std::vector<std::string>{"A", "B", "Z"}))
                             : Value(depth + 1)) +
                "]");
      case 13:
        return c_.Bit() ? Intrinsic("Fn::GetAtt", "[" + JsonQuote(c_.Pick(kResources)) + ", " +
                                                      JsonQuote(c_.Pick(kAttributes)) + "]")
                        : Intrinsic("Fn::GetAtt",
                                    JsonQuote(c_.Pick(kResources) + "." + c_.Pick(kAttributes)));
      case 14:
        return Intrinsic("Fn::Split", "[" + Str() + ", " + Value(depth + 1) + "]");
      case 15:
        return Intrinsic(c_.Pick(std::vector<std::string>{
                             "Fn::Base64", "Fn::GetAZs", "Fn::ImportValue", "Fn::Length",
                             "Fn::ToJsonString", "Fn::Cidr", "Fn::Transform", "Fn::NotReal"}),
                         Value(depth + 1));
      case 16:  // malformed: wrong argument shapes, two keys
        switch (c_.Below(4)) {
          case 0:
            return Intrinsic(c_.Pick(std::vector<std::string>{"Fn::Join", "Fn::Select", "Fn::If",
                                                              "Fn::FindInMap", "Fn::Sub"}),
                             Value(depth + 1));
          case 1:
            return "{\"Ref\": " + Value(depth + 1) + "}";
          case 2:
            return "{\"Ref\": \"P0\", \"Other\": " + Value(depth + 1) + "}";
          default:
            return Intrinsic("Fn::Sub", List(depth + 1, 3));
        }
      case 17:
        return Condition(depth + 1);
      case 18:
        return "{\"Condition\": " + JsonQuote(c_.Pick(kConditions)) + "}";
      case 19:
        return Intrinsic("Fn::Sub", "[" +
                                        JsonQuote(std::string(c_.Below(3) + 1, 'x') + "${X}${X}") +
                                        ", {\"X\": " + Value(depth + 1) + "}]");
      default:
        return JsonQuote(SubText());
    }
  }

  std::string Condition(int depth) {
    if (depth > 6) return "{\"Condition\": " + JsonQuote(c_.Pick(kConditions)) + "}";
    switch (c_.Below(6)) {
      case 0:
      case 1:
        return "{\"Fn::Equals\": [" + Value(depth + 1) + ", " + Value(depth + 1) + "]}";
      case 2:
        return "{\"Fn::Not\": [" + Condition(depth + 1) + "]}";
      case 3:
      case 4: {
        std::string out = c_.Bit() ? "{\"Fn::And\": [" : "{\"Fn::Or\": [";
        for (size_t i = 0, n = c_.Below(4); i < n; ++i)
          out += (i ? ", " : "") + Condition(depth + 1);
        return out + "]}";
      }
      default:
        return "{\"Condition\": " + JsonQuote(c_.Pick(kConditions)) + "}";
    }
  }

  std::string Parameters() {
    std::string out = "{";
    for (size_t i = 0, n = c_.Below(5); i < n; ++i) {
      out += std::string(i ? ", " : "") + JsonQuote(kParams[i]) + ": {\"Type\": " +
             JsonQuote(c_.Pick(std::vector<std::string>{"String", "Number", "CommaDelimitedList",
                                                        "List<Number>", "AWS::EC2::VPC::Id"}));
      if (c_.Below(4) != 0) out += ", \"Default\": " + (c_.Below(3) ? Str() : Value(5));
      if (c_.Below(4) == 0) out += ", \"AllowedValues\": " + List(5, 3);
      out += "}";
    }
    return out + "}";
  }

  std::string Conditions() {
    std::string out = "{";
    for (size_t i = 0, n = c_.Below(4); i < n; ++i)
      out += std::string(i ? ", " : "") + JsonQuote(kConditions[i]) + ": " + Condition(2);
    return out + "}";
  }

  std::string Mappings() {
    std::string out = "{";
    for (size_t m = 0, nm = c_.Below(3); m < nm; ++m) {
      out += std::string(m ? ", " : "") + "\"M" + std::to_string(m) + "\": {";
      for (size_t k = 0, nk = c_.Below(3); k < nk; ++k) {
        out += std::string(k ? ", " : "") + "\"K" + std::to_string(k) + "\": {\"A\": " + Value(4) +
               ", \"B\": " + (c_.Bit() ? List(4, 3) : Value(4)) + "}";
      }
      out += "}";
    }
    return out + "}";
  }

  std::string Resources() {
    std::string out = "{";
    for (size_t i = 0, n = c_.Below(5); i < n; ++i) {
      out += std::string(i ? ", " : "") + JsonQuote(kResources[i]) +
             ": {\"Type\": " + JsonQuote(c_.Pick(kTypes));
      if (c_.Below(4) == 0) out += ", \"Condition\": " + JsonQuote(c_.Pick(kConditions));
      if (c_.Below(5) == 0) out += ", \"DependsOn\": " + JsonQuote(c_.Pick(kResources));
      if (c_.Below(6) != 0) {
        out += ", \"Properties\": {";
        for (size_t p = 0, np = c_.Below(5); p < np; ++p)
          out += (p ? ", " : "") + JsonQuote(c_.Pick(kKeys)) + ": " + Value(0);
        out += "}";
      }
      out += "}";
    }
    return out + "}";
  }

  Choices& c_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Choices choices(data, size);
  bool yaml = choices.Bit();
  std::string text = TemplateWriter(choices).Template();
  srm::fuzz::LoadAndCheck(text, yaml ? "template.yaml" : "template.json",
                          srm::rt::InputFormat::kCfn);
  return 0;
}
