#include "sleet/error.h"

#include <fmt/format.h>

namespace sleet {

Error::Error(ErrorKind kind, std::string message, std::string where, std::string hint)
    : std::runtime_error(std::move(message)),
      kind_(kind),
      where_(std::move(where)),
      hint_(std::move(hint)) {}

int Error::exit_code() const {
  switch (kind_) {
    case ErrorKind::Failure:
      return 1;
    case ErrorKind::Usage:
      return 2;
    case ErrorKind::Connection:
      return 3;
  }
  return 1;
}

std::string Error::describe() const {
  std::string text = where_.empty() ? std::string(what()) : fmt::format("{}: {}", where_, what());
  if (!hint_.empty()) text += fmt::format("\n  hint: {}", hint_);
  return text;
}

std::string format_location(const std::string& file, int line, int column) {
  if (line <= 0) return file;
  if (column <= 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

}  // namespace sleet
