// Evaluating a drizzle config with node (drizzle_config_evaluate.cpp) and mapping the result
// to sleet.toml (drizzle_config_toml.cpp).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sleet::sources {

// The node script that loads the config (drizzle_config_script.cpp).
extern const char* const kDrizzleConfigEvaluator;

// A config the evaluator read: environment reads are marker strings (with_references).
struct EvaluatedDrizzleConfig {
  struct Service {
    std::string name;
    nlohmann::json config;
  };
  std::string drizzle_kit_version;
  std::string loader;              // "tsx" or "esbuild"
  nlohmann::json config;           // without services: the config
  std::vector<Service> services;   // with services: one config each
  std::vector<std::string> tried;  // the SERVICE values tried
  bool reads_service = false;      // SERVICE was read (services, or ${SERVICE} in values)
  bool service_fallback = false;   // with services: an unknown SERVICE still gave a config
};

// Runs the evaluator on `config_file` from `project_directory`. Throws what
// import_drizzle_config documents for node, drizzle-kit and a failing config.
EvaluatedDrizzleConfig evaluate_drizzle_config(const std::filesystem::path& config_file,
                                               const std::filesystem::path& project_directory);

// `text` with the evaluator's markers as ${NAME}, or ${NAME:-fallback} where the config
// falls back to a value (each NAME added to `variables`), and every other `$` doubled, as
// sleet.toml spells a literal `$`.
std::string with_references(std::string_view text, std::set<std::string>& variables);

// The fallbacks the markers in `text` carry (the config's value when the variable is unset).
std::vector<std::string> fallbacks_in(const std::string& text);

// `text` with its markers' fallbacks dropped.
std::string without_fallbacks(const std::string& text);

// True when `text` holds a marker.
bool reads_environment(std::string_view text);

// `text` with the markers as ${NAME}, for messages.
std::string readable(std::string_view text);

}  // namespace sleet::sources
