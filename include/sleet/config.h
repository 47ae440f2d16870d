// sleet.toml: finding it, reading it into resolved targets, choosing the targets a command
// works on, and expanding a target's schema globs into files. See docs/config.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sleet/environment.h"
#include "sleet/error.h"

namespace sleet {

// How new migration files are numbered, as drizzle-kit's `migrations.prefix`.
enum class MigrationPrefix {
  Index,      // 0000_, 0001_, ... (the default)
  Timestamp,  // 20240131120000_
  Unix,       // 1706702400_
  None,       // no number, the tag alone
};

// "index", "timestamp", "unix" or "none": the spelling used in sleet.toml.
std::string_view to_string(MigrationPrefix prefix);

// One database and its migration folder, with the top-level defaults and the target's own
// settings merged and every path made absolute against the project directory.
struct Target {
  std::string name;                         // "default" when the file has no [targets] section
  std::filesystem::path config_file;        // absolute path of the sleet.toml it came from
  std::filesystem::path project_directory;  // the directory holding config_file

  std::vector<std::string> schema;  // absolute glob patterns of the schema files; may be empty
  std::filesystem::path out;        // absolute migration folder (default <project>/drizzle)
  // Absolute folder migrate and up dump the database into before applying anything
  // (`backup`; --backup overrides); empty: no backup.
  std::filesystem::path backup;
  // At most one of url and database is set: the innermost scope that sets either wins.
  std::optional<std::string> url;       // a full connection URL
  std::optional<std::string> database;  // a database name on the default server
  // Set when `url` or `database` names a variable that is not set. Commands that connect
  // throw it; the offline ones (generate, check, export) never read them.
  std::shared_ptr<const Error> connection_unset;
  std::vector<std::string> schema_filter{"public"};  // PostgreSQL schemas sleet manages
  std::vector<std::string> tables_filter;            // table-name globs; empty means every table
  std::vector<std::string> extensions;               // created (if missing) before migrating
  std::string migrations_table = "__drizzle_migrations";
  std::string migrations_schema = "drizzle";
  MigrationPrefix prefix = MigrationPrefix::Index;
  bool breakpoints = true;
  // The layout generate gives a migration folder that does not exist yet (`format`): "journal"
  // (drizzle-kit 0.x: meta/_journal.json) or "v3" (drizzle-kit 1.0: one folder per migration).
  // A folder that exists keeps its own layout.
  std::string format = "journal";
  // generate writes statements on existing tables in their online form (PlanOptions).
  // Off by default: drizzle-kit migrate applies a folder in one transaction, which refuses
  // CREATE INDEX CONCURRENTLY.
  bool online = false;
  // drizzle's `casing` for TypeScript schema files: "snake_case", "camelCase", or "" (none).
  std::string casing;
  // Seconds; migrate's --lock-timeout / --statement-timeout override them.
  std::optional<double> lock_timeout;
  std::optional<double> statement_timeout;
  // How often migrate runs a migration again that gave up waiting for a lock (default 3).
  std::optional<int> lock_retries;
  std::vector<std::string> seed;            // absolute glob patterns of seed files
  std::vector<std::string> seed_bootstrap;  // seed files run once per database (first deploy)
  std::vector<std::string> renames;         // "table:a.b=a.c" / "column:s.t.old=new", unvalidated
  // Tenants (docs/tenants.md): `tenants = ["a", "b"]` lists schemas, `tenants = "SQL"` is a
  // query returning schema names, run on the target's database at each command. With
  // `tenants = { databases = [...] | "SQL" }`, tenant_databases is set and the names are
  // databases (a bare name on the target's server, or a postgres:// URL). Neither set: the
  // target is one database, as usual.
  std::vector<std::string> tenants;
  std::string tenants_query;
  bool tenant_databases = false;
  bool has_tenants() const { return !tenants.empty() || !tenants_query.empty(); }
  bool has_tenant_schemas() const { return has_tenants() && !tenant_databases; }
  // Set when the target's own settings use a variable that is not set; select_targets
  // throws it when the target is selected. Other targets stay usable.
  std::shared_ptr<const Error> unusable;
};

// A parsed sleet.toml: its targets sorted by name.
// One entry of the [lint] table: a rule's level, unvalidated (the lint module knows them).
struct LintSetting {
  std::string rule;
  std::string level;
  std::string where;  // file:line:col of the entry
};

struct Config {
  std::filesystem::path file;               // absolute
  std::filesystem::path project_directory;  // file's directory
  bool has_targets_section = false;         // false: one implicit target named "default"
  std::vector<Target> targets;              // never empty
  std::vector<LintSetting> lint;            // [lint] rule = "level", in file order
  // [lint] small_table_rows: lock findings on tables estimated smaller are info (lint's
  // default when unset).
  std::optional<std::int64_t> lint_small_table_rows;
};

// Searches `start_directory` and then each parent up to the root for a regular file named
// sleet.toml and returns the first found (absolute), or nullopt when there is none.
std::optional<std::filesystem::path> find_config_file(const std::filesystem::path& start_directory);

// The config file a command uses: `explicit_path` (from --config) when given, which must
// exist, else find_config_file(start_directory). Throws Error(Usage) saying how to fix it
// when there is no such file.
std::filesystem::path locate_config_file(const std::optional<std::filesystem::path>& explicit_path,
                                         const std::filesystem::path& start_directory);

// Parses `text` as the sleet.toml at `path` (used for messages and as the base of relative
// paths; it need not exist), interpolating ${VAR} and ${VAR:-default} from `environment`.
// Throws Error(Usage) with file:line:col for broken TOML, unknown keys (with the nearest
// valid key), wrong value types, unset variables and conflicting settings.
Config parse_config(std::string_view text, const std::filesystem::path& path,
                    const Environment& environment);

// Reads the file at `path` and parses it as parse_config does. Throws Error(Usage) when the
// file cannot be read.
Config load_config(const std::filesystem::path& path, const Environment& environment);

// The targets a command works on: every target when `all`, else the one named by
// `target_flag` (--target), else by the SERVICE variable of `environment` (ignored when the
// file has no [targets] section), else the only target. Throws Error(Usage) naming the
// valid targets when the name is unknown, when several targets exist and none was chosen,
// or when both a name and `all` are given.
std::vector<Target> select_targets(const Config& config,
                                   const std::optional<std::string>& target_flag, bool all,
                                   const Environment& environment);

// The files matched by `patterns`, sorted and without duplicates; relative patterns are
// taken from `directory`. Supports *, ?, [...] within one path component, ** for any number
// of directories, and plain paths; a matched directory contributes every .sql file below
// it, or when it has none every TypeScript schema file (is_typescript_schema_file) below it
// outside node_modules. Hidden files match only a pattern that starts with a dot. Throws
// Error(Usage) when a pattern matches nothing, naming the pattern, `name` (whose patterns they are,
// e.g.
// "--schema", or "`seed` of target `auth`") and `where` (the file that sets them; a flag
// when they come from the command line).
std::vector<std::filesystem::path> expand_globs(const std::vector<std::string>& patterns,
                                                std::string_view name, std::string_view where,
                                                const std::filesystem::path& directory);

// expand_globs of a target's setting `key` ("schema", "seed", "seed_bootstrap"), holding
// `patterns` (absolute, as Target keeps them), with the config file as `where`.
std::vector<std::filesystem::path> expand_target_globs(const Target& target,
                                                       const std::vector<std::string>& patterns,
                                                       std::string_view key);

// expand_target_globs(target, target.schema, "schema"); also throws Error(Usage) when the
// target has no schema setting at all.
std::vector<std::filesystem::path> expand_schema_globs(const Target& target);

}  // namespace sleet
