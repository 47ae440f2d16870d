// Running another program to completion and capturing what it prints: how sleet runs the
// project's own drizzle-kit (through node) for TypeScript schema files.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sleet {

// What a finished program left behind.
struct ProcessResult {
  int exit_code = -1;  // its exit status, or 128 + the signal that ended it
  std::string standard_output;
  std::string standard_error;
};

// The executable `program` names: itself when it holds a '/', else the first executable file
// of that name in a directory of the PATH environment variable. nullopt when there is none.
std::optional<std::filesystem::path> find_executable(std::string_view program);

// Runs `arguments` (arguments[0] is the program, found as find_executable does; no shell) in
// `directory`, with the process's environment and standard input from /dev/null, and waits
// for it, collecting standard output and standard error apart. Thread-safe. Throws
// sleet::Error (Usage) naming the program when it cannot be started (not found, not
// executable, `directory` missing).
ProcessResult run_process(const std::vector<std::string>& arguments,
                          const std::filesystem::path& directory);

}  // namespace sleet
