// Test helpers for files: a temporary directory removed when the test ends, and running the
// sleet binary as a user would.
#pragma once

#include <filesystem>
#include <string>

namespace sleet::testing {

// A fresh directory under the system temporary directory, removed (recursively) on
// destruction. Not copyable.
class TemporaryDirectory {
 public:
  TemporaryDirectory();
  ~TemporaryDirectory();
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to `relative` (creating parent folders) and returns its full path.
  std::filesystem::path write(const std::string& relative, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);

// The outcome of running a command: its exit code and what it printed.
struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs the built sleet binary with `arguments` (a shell-quoted string) in `directory`,
// with `environment` prepended as "NAME=value ..." assignments (may be empty). Standard
// input is /dev/null, so sleet sees no terminal.
CommandResult run_sleet(const std::string& arguments, const std::filesystem::path& directory,
                        const std::string& environment = {});

// The source tree's root (for fixtures).
std::filesystem::path source_dir();

// What tests/cli/validate_json.py (the jsonschema library) says about a --json `document`
// checked against docs/json.schema.json: empty when it is valid.
std::string schema_violations(const std::string& document);

}  // namespace sleet::testing
