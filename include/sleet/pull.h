// pull: a live database's schema written out as canonical schema files, plus a first
// migration and snapshot that create it, recorded as already applied (a baseline), so
// generate and migrate carry on from there. docs/commands/pull.md describes the workflow.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sleet/config.h"
#include "sleet/db.h"
#include "sleet/generate.h"
#include "sleet/inspect.h"
#include "sleet/migrate.h"
#include "sleet/model.h"

namespace sleet {

// How the schema is cut into files.
enum class PullSplit {
  Schemas,  // "<schema>.sql" per PostgreSQL schema
  Tables,   // "<schema>/<table or view>.sql" each, "<schema>.sql" for the rest (types, ...)
};

// "schemas" or "tables" (the --split spellings).
std::string_view to_string(PullSplit split);
// Parses a --split value; throws sleet::Error (Usage) naming the valid values.
PullSplit parse_pull_split(std::string_view text);

// One schema file: where it goes and what it holds.
struct PulledFile {
  std::filesystem::path path;  // relative to the schema directory (absolute in a PullPlan)
  std::string sql;             // ddl::create_script of its part of the schema
};

// `schema` as canonical SQL files, sorted by path. Every object is in exactly one file; the
// parser reads files in any order, so parsing them all gives back `schema`. File names are
// the object names with characters unsafe in a file name replaced by '_' (and a numeric
// suffix where two names would then collide, also case-insensitively). Roles go into the
// first file. An empty schema gives no files.
std::vector<PulledFile> render_pulled_schema(const Schema& schema, PullSplit split);

// The directory `target`'s schema setting names, for pull to write into: the first pattern
// when it is a directory, or "dir/*.sql" / "dir/**/*.sql" (only the latter, or a directory,
// also reads the subfolders PullSplit::Tables writes); nullopt when the target has no schema
// setting. Throws sleet::Error (Usage) naming the config file when the setting is anything
// else (a single file, several patterns, other globs), saying to pass a directory instead.
std::optional<std::filesystem::path> pull_directory_of(const Target& target, PullSplit split);

struct PullOptions {
  InspectOptions inspect;                  // what to read
  std::filesystem::path schema_directory;  // where the schema files go (absolute)
  std::filesystem::path out;               // the migration folder (absolute; new or empty)
  PullSplit split = PullSplit::Schemas;
  bool force = false;             // replace schema files that exist already
  std::string name = "baseline";  // the baseline migration's tag suffix
  MigrationPrefix prefix = MigrationPrefix::Index;
  bool breakpoints = true;
  std::int64_t when = 0;    // the journal's when (ms); 0: now
  // The layout of the baseline's folder (sleet.toml `format`); an existing v3 folder (a dry
  // run's) keeps its own. V3: a `<timestamp>_<name>/` folder with a base snapshot.json.
  FolderFormat format = FolderFormat::Journal;
  MigrateOptions tracking;  // the tracking table the baseline is recorded in
  // Files in the schema directory pull may delete, each only while its content is exactly
  // the given text: `sleet init`'s untouched example, which a pull right after init replaces.
  std::map<std::filesystem::path, std::string> replaceable;
  // A dry run writes and records nothing, so what protects files and history (a migration
  // folder that is not empty, rows in the tracking table) does not apply: the plan is made
  // and reports what a real run would refuse in `not_recorded` / by the folder check.
  bool dry_run = false;
  // `out` was chosen explicitly (--out): when the tracking table has rows, the files and the
  // baseline are written there but the baseline is not recorded (PullPlan::not_recorded).
  bool explicit_out = false;
};

// Something in the pulled schemas that the model has no place for, so the files and the
// baseline leave it out: pull says so instead of dropping it silently.
struct NotPulled {
  std::string kind;    // "function", "procedure", "aggregate", "trigger", "storage options",
                       // "index"
  std::string object;  // "public.touch(integer)", "users_touch on public.users",
                       // "(fillfactor=70) of public.events"
  std::string reason;  // "functions are not modelled yet"
  // "function public.touch(integer) (functions are not modelled yet)".
  std::string describe() const;

  bool operator==(const NotPulled&) const = default;
};

// The functions, procedures and aggregates of `schemas` (not those an extension owns), the
// user triggers on tables and views of `pulled`, and the storage parameters (reloptions, also
// their TOAST table's as "toast.name") of tables of `pulled`, and the indexes on materialized
// views of `pulled`, and a child table's own defaults and comments on the columns it inherits
// ("column default" / "column comment", object "schema.table.column"): routines, then
// triggers, then storage options, then indexes, each sorted by schema and name. One catalog query
// per kind. Throws sleet::Error (Failure) when the catalog cannot be read.
std::vector<NotPulled> find_not_pulled(db::Connection& connection, const Schema& pulled,
                                       const std::vector<std::string>& schemas);

// Everything pull would do, computed without writing.
struct PullPlan {
  PullOptions options;
  Schema schema;                                   // as inspected
  std::vector<PulledFile> files;                   // absolute paths
  std::vector<std::filesystem::path> overwritten;  // files that exist (only with force)
  std::vector<std::filesystem::path> removed;      // replaceable files found unchanged
  PreparedMigration baseline;                      // generate's first migration of the files
  std::vector<NotPulled> not_pulled;               // left out: the model has no place for it
  // Why the baseline is written but not recorded as applied (empty: it is recorded): the
  // database already records migrations, which belong to another folder.
  std::string not_recorded;
  // Dry runs only: what a real run would refuse ("where: what"), in the order checked.
  std::vector<std::string> would_refuse;
};

// Inspects the database, renders the files, prepares the baseline exactly as `sleet
// generate` would write it for them (parsed from a temporary copy) and lists what is not
// pulled (find_not_pulled). Writes nothing. Throws sleet::Error (Usage) when the schema
// filter selects no existing schema or the selection holds no objects, when a schema file
// exists and `force` is not set, or when the schema directory holds other .sql files (they
// would become part of the schema); unless `dry_run`: when the migration folder has
// migrations (a baseline must come first), or when the tracking table has rows and `out` is
// not explicit (with an explicit `out` the plan says in `not_recorded` that the baseline will
// not be recorded), or when the baseline of a v3 folder holds an object drizzle-kit 1.0's
// snapshot cannot hold (generate's v3 writer refuses it: the object is named);
// whatever inspect_database throws; (Failure) when the files do not parse back (a bug).
PullPlan plan_pull(db::Connection& connection, const PullOptions& options);

// Writes the plan's schema files, then the baseline migration (SQL, snapshot, journal), then,
// unless the plan says `not_recorded`, records it as applied in the tracking table
// (record_as_applied). Returns whether it recorded it (false also when it was already
// recorded). Throws sleet::Error (Usage) when a file cannot be written or the plan is a dry
// run's, and what record_as_applied throws.
bool write_pull(db::Connection& connection, const PullPlan& plan);

}  // namespace sleet
