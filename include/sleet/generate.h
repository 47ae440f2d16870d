// generate: the next migration of a drizzle-kit folder, from the folder's latest snapshot and
// the declared schema files. Two steps, so a caller can check rename answers and show the
// SQL before anything is written: prepare_migration (reads only) and write_migration.
// docs/generate.md describes the workflow.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sleet/config.h"
#include "sleet/diff.h"
#include "sleet/down_migration.h"
#include "sleet/error.h"
#include "sleet/journal.h"
#include "sleet/plan.h"
#include "sleet/snapshot.h"
#include "sleet/sources.h"

namespace sleet {

// The file `generate --custom` writes: drizzle-kit's template line, and (unlike drizzle-kit,
// whose file has no final newline) a newline, so SQL added below it is not part of the
// comment.
inline constexpr const char* kCustomMigrationTemplateLine =
    "-- Custom SQL migration file, put your code below! --";
inline constexpr const char* kCustomMigrationText =
    "-- Custom SQL migration file, put your code below! --\n";

struct GenerateOptions {
  std::filesystem::path out;                        // the migration folder (may not exist)
  std::vector<std::filesystem::path> schema_files;  // the declared schema; unused when custom
  TypeScriptSchemaOptions typescript;               // for TypeScript files among schema_files
  MigrationPrefix prefix = MigrationPrefix::Index;
  bool breakpoints = true;
  std::string name;       // the tag's suffix; empty: a random readable name
  bool custom = false;    // an empty migration to fill in by hand; the schema is unchanged
  std::int64_t when = 0;  // ms since the epoch for the journal; 0: now
  bool online = false;    // statements on existing tables in their online form (PlanOptions)
  bool backfill = false;  // volatile defaults on existing tables filled in batches (PlanOptions)
  int backfill_batch_rows = 10000;
  // Write the reverse beside the migration. Off for pull's baseline: its down would drop a
  // schema that sleet did not create.
  bool down_script = true;
  // Non-empty: names in this schema are written without it (`"public".` dropped), so that a
  // tenant target's migrations name no schema and the search_path decides (docs/tenants.md).
  std::string unqualified_schema;
  // The layout of a folder that holds no migration yet (sleet.toml `format`); a folder that
  // has migrations keeps its own.
  FolderFormat new_folder_format = FolderFormat::Journal;
};

// Everything generate would write, computed without writing.
struct PreparedMigration {
  GenerateOptions options;  // with name and when filled in
  std::string tag;          // "0003_brave_otter"
  int idx = 0;
  std::filesystem::path sql_file;                          // out/<tag>.sql
  std::filesystem::path down_file;                         // down_script_file(sql_file)
  std::filesystem::path snapshot_file;                     // out/meta/<prefix>_snapshot.json
  std::optional<std::filesystem::path> previous_snapshot;  // none: started from empty
  Schema from;  // the previous snapshot's schema, with what custom migrations created
  Schema to;    // the declared schema (== from for custom)
  Plan plan;
  std::vector<std::string> statements;  // what the file holds (the custom line for custom)
  std::string sql_text;                 // the file's exact bytes
  DownScript down;                      // the reverse, written to down_file
  SnapshotHeader header;                // new random id, prevId = the previous id
  std::string snapshot_json;            // empty when no_changes()
  // Statements knowingly ignored: of the custom migrations (left out of the starting state),
  // then of the schema files.
  std::vector<std::string> notes;
  // Custom migrations whose DDL joined the starting state (`from`), in journal order.
  std::vector<std::string> custom_migrations;
  // A drizzle-kit 1.0 (v3) folder whose branches were merged by git and commute: their leaf
  // migrations, which this migration's snapshot names as prevIds (a merge node). Empty when
  // the folder is one line.
  std::vector<std::string> merged_leaves;
  // A drizzle-kit 1.0 (v3) folder and a change sleet cannot write its snapshot for yet: the
  // error write_migration throws (prepare_migration does not, so check still reports drift).
  std::optional<Error> cannot_write;

  // True when the schema did not change (and this is not a custom migration): there is
  // nothing to write.
  bool no_changes() const { return !options.custom && plan.empty(); }
};

// Reads the folder (journal, latest snapshot by drizzle-kit's rule: the lexicographically
// last meta/*.json not starting with '_'), parses the schema files (TypeScript ones through
// export_typescript_schema), diffs with `resolver` and plans. Writes nothing. Throws
// sleet::Error (Usage) with the file (and line:col) for a broken journal or snapshot, a
// journal entry whose file is missing, a schema file that does not parse or that
// drizzle-kit cannot read, a bad --name, a folder holding two branches git merged (a 0.x
// folder: any, pointing to sleet rebase; a v3 folder: branches whose footprints conflict,
// naming both migrations and the object); and whatever `resolver` throws. Commuting branches
// of a v3 folder are merged: the new snapshot's prevIds name every leaf (`merged_leaves`).
PreparedMigration prepare_migration(const GenerateOptions& options, RenameResolver& resolver);

// Writes `migration`: the SQL file, its down script, the snapshot, then the journal entry (creating
// the folder and meta/ when missing). Throws sleet::Error (Usage) when it cannot write, the tag
// exists, or `cannot_write` is set. Does nothing for a migration with no_changes().
void write_migration(const PreparedMigration& migration);

// The header of a migration file to run statement by statement: the
// `-- sleet:transaction=off` directive and a comment saying why, for readers and for
// drizzle-kit users (drizzle-kit migrate runs a file in one transaction).
inline constexpr const char* kNoTransactionHeader =
    "-- sleet:transaction=off\n"
    "-- Online migration: sleet migrate runs it outside a transaction, one statement at a time\n"
    "-- (each step's lock stays brief; CONCURRENTLY cannot run in a transaction), and resumes\n"
    "-- it where it stopped. drizzle-kit migrate runs a file in one transaction: not for it.\n";

// The statements of the migration file for `plan`, in order; when the plan is to run
// statement by statement (Plan::statement_by_statement), the first is preceded by
// kNoTransactionHeader.
std::vector<std::string> migration_statements(const Plan& plan);

// A random (version 4) UUID in its 36-character text form, from OpenSSL's RAND_bytes.
std::string random_uuid();

}  // namespace sleet
