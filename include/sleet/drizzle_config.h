// A drizzle-kit config (drizzle.config.ts) as a sleet.toml: `sleet init --from-drizzle`.
// The config is evaluated by the project's own node, loaded as drizzle-kit loads it, with
// the environment variables it reads kept as ${NAME} references. See docs/commands/init.md.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sleet {

// One drizzle setting and what became of it.
struct DrizzleSetting {
  std::string target;  // the service it belongs to; empty for a config without services
  std::string key;     // drizzle's name: "schema", "dbCredentials.url", "migrations.prefix"
  std::string result;  // mapped: the sleet.toml line(s); not mapped: why
};

// What a drizzle config becomes.
struct DrizzleConfigImport {
  std::filesystem::path config_file;  // the drizzle config read (absolute)
  std::string drizzle_kit_version;    // of the drizzle-kit whose loader read it
  std::string toml;                   // the sleet.toml text
  // The services of a config that selects one by the SERVICE variable, one target each,
  // in the order the config spells them; empty for a config without services.
  std::vector<std::string> targets;
  std::vector<std::string> tried_names;  // the SERVICE values tried to find them
  std::vector<DrizzleSetting> mapped;
  std::vector<DrizzleSetting> not_mapped;
  // Things the user must know or do: placeholders for literal passwords, percent-encoding.
  std::vector<std::string> notes;
  std::vector<std::string> variables;  // every variable the toml refers to, sorted
};

// The drizzle config of `directory`: `explicit_path` when given (relative to `directory`),
// else the first of drizzle.config.ts, .js, .json (drizzle-kit 0.31's own defaults, in its
// order), .mjs, .cjs, .mts, .cts there. Throws sleet::Error (Usage) when the file is missing or none
// of the defaults exists.
std::filesystem::path find_drizzle_config(
    const std::filesystem::path& directory,
    const std::optional<std::filesystem::path>& explicit_path);

// Evaluates `config_file` with node and the loader of the drizzle-kit node finds from
// `project_directory` (tsx's CommonJS register, as drizzle-kit 0.31 does; esbuild where
// that is missing), run from `project_directory`, and maps the result to a sleet.toml whose
// relative paths are relative to `project_directory`. Variables the config reads become
// ${NAME}; a literal password becomes a ${...PASSWORD} placeholder (named in `notes`). A
// config that reads SERVICE and yields different settings for names its files spell gives
// one [targets.NAME] per name. Scratch files go to `.sleet/cache/` and are removed.
// Throws sleet::Error (Usage): no drizzle-kit in node_modules or no node (with the install
// command), the config throws or does not compile (its message, file:line:col as where), a
// dialect other than "postgresql", or no `schema`.
DrizzleConfigImport import_drizzle_config(const std::filesystem::path& config_file,
                                          const std::filesystem::path& project_directory);

}  // namespace sleet
