// sleet::Error: the one error type every module throws at its boundary.
#pragma once

#include <stdexcept>
#include <string>

namespace sleet {

// What went wrong, which also decides the process exit code (see exit_code()).
enum class ErrorKind {
  Failure,     // the work itself failed: a migration, a check, drift found (exit 1)
  Usage,       // bad usage, configuration or input files (exit 2)
  Connection,  // cannot reach or authenticate to the database (exit 3)
};

// A failure a user can act on. Carries what failed (message), where (a file:line:col,
// a migration and statement, or a database object; may be empty) and what to do next
// (hint; may be empty). Messages never contain passwords.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, std::string where = {}, std::string hint = {});

  ErrorKind kind() const { return kind_; }
  const std::string& where() const { return where_; }
  const std::string& hint() const { return hint_; }
  // 1, 2 or 3 as documented in docs/errors.md.
  int exit_code() const;
  // "where: message" followed by "\n  hint: ..." when there is a hint.
  std::string describe() const;

 private:
  ErrorKind kind_;
  std::string where_;
  std::string hint_;
};

// "file:line:col" (line and column 1-based; omitted when 0).
std::string format_location(const std::string& file, int line, int column);

}  // namespace sleet
