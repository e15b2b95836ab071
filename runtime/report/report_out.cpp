#include "runtime/report/report_out.h"

#include <cerrno>
#include <cstring>

namespace srm::rt {

void ReportOut::Append(std::string_view s) {
  if (s.size() <= kBufferBytes - used_) {
    std::memcpy(buffer_.get() + used_, s.data(), s.size());
    used_ += s.size();
    return;
  }
  Spill();
  if (s.size() < kBufferBytes) {
    std::memcpy(buffer_.get(), s.data(), s.size());
    used_ = s.size();
  } else if (string_ != nullptr) {
    string_->append(s);
  } else if (error_ == 0 && std::fwrite(s.data(), 1, s.size(), file_) != s.size()) {
    error_ = errno != 0 ? errno : EIO;
  }
}

void ReportOut::Spill() {
  if (used_ == 0) return;
  if (string_ != nullptr) {
    string_->append(buffer_.get(), used_);
  } else if (error_ == 0 && std::fwrite(buffer_.get(), 1, used_, file_) != used_) {
    error_ = errno != 0 ? errno : EIO;
  }
  used_ = 0;
}

void ReportOut::Flush() {
  Spill();
  if (file_ != nullptr && error_ == 0 && std::fflush(file_) != 0) error_ = errno != 0 ? errno : EIO;
}

std::string WriteToString(const std::function<void(ReportOut& out)>& write) {
  std::string text;
  {
    ReportOut out(text);
    write(out);
  }  // flushed into `text`
  return text;
}

}  // namespace srm::rt
