// Environment variables as sleet reads them: the process environment, a .env file beneath
// it, or a fixed map (tests), each value with where it came from. The one environment type:
// config interpolation, target selection, connection settings and production guards all
// read through it.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sleet {

// A value from an environment plus where it came from ("environment" or a .env path).
struct EnvironmentValue {
  std::string value;
  std::string origin;
};

// Read-only view of environment variables, injectable so tests never touch the real
// environment. Copies are cheap and share the underlying lookup. Thread-safe to read.
class Environment {
 public:
  using Lookup = std::function<std::optional<EnvironmentValue>(const std::string&)>;

  // An environment with no variables.
  Environment();
  explicit Environment(Lookup lookup);
  // The real process environment (getenv), origin "environment".
  static Environment process();
  // Exactly `variables`, each with origin `origin`.
  static Environment from_map(std::map<std::string, std::string> variables,
                              std::string origin = "environment");

  // This environment, falling back to `variables` (origin `origin`) for names it does not
  // set. This is how a .env file is applied: the real environment wins.
  Environment with_fallback(std::map<std::string, std::string> variables, std::string origin) const;

  // The variable's value, or nullopt when unset. Empty values count as set.
  std::optional<std::string> get(const std::string& name) const;
  std::optional<EnvironmentValue> find(const std::string& name) const;

 private:
  Lookup lookup_;
};

// Parses .env text: KEY=VALUE lines, blank lines and # comments, an optional "export "
// prefix, 'single' (literal) and "double" quoted values (\n \t \" \\ escapes), and
// unquoted values with a trailing " # comment" removed. Throws sleet::Error (Usage) naming
// `file_name`:line for a line that is not an assignment.
std::map<std::string, std::string> parse_env_file(std::string_view text,
                                                  const std::string& file_name);

// Reads and parses the .env file at `path`. Throws sleet::Error (Usage) when it cannot be
// read or parsed.
std::map<std::string, std::string> load_env_file(const std::filesystem::path& path);

// `environment` with a .env file applied underneath it: `explicit_file` when given (it
// must exist), else `project_dir`/.env when that exists, else `environment` unchanged.
Environment environment_with_env_file(const Environment& environment,
                                      const std::filesystem::path& project_dir,
                                      const std::optional<std::filesystem::path>& explicit_file);

}  // namespace sleet
