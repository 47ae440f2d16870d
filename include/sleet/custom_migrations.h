// Custom migrations: SQL written by hand in a migration whose snapshot is a copy of the
// previous one (drizzle-kit's and sleet's `generate --custom`). Their DDL is in no snapshot,
// so the state a folder's migrations build is the latest snapshot plus what they create;
// generate, check, status and diff start from that state (docs/generate.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sleet/journal.h"
#include "sleet/model.h"
#include "sleet/snapshot.h"

namespace sleet {

// The latest snapshot of `folder`, `snapshot` being folder.latest_snapshot(): for a 0.x folder
// that file read (read_snapshot); for a drizzle-kit 1.0 (v3) folder every snapshot replayed into
// the folder's latest state (read_v9_folder_state), with header.id the newest leaf's id, an empty
// layout, and has_sleet_member when a snapshot along its history has sleet's "sleet" member.
// Throws sleet::Error (Usage) naming the snapshot at fault.
Snapshot read_latest_snapshot(const MigrationFolder& folder, const std::filesystem::path& snapshot,
                              bool with_layout = false);

// True when migration `index` (in journal order) of `folder` was written by hand: its file
// starts with the custom-migration template line, or its snapshot is a copy of the previous
// migration's (the same bytes but for "id" and "prevId"; in a drizzle-kit 1.0 folder, a diff
// snapshot without deltas nor a "sleet" member).
bool is_custom_migration(const MigrationFolder& folder, std::size_t index);

struct CustomMigrationFold {
  std::vector<std::string> tags;   // the custom migrations, in journal order
  std::vector<std::string> notes;  // statements left out, "file:line:col: what and why"
  Schema before;  // the schema as the snapshot holds it; set only when `tags` is not empty
};

// Applies the statements of every custom migration of `folder`, in journal order, to
// `schema` (the latest snapshot's, read from `snapshot_file`) with apply_migration_sql:
// what the model holds joins the schema, objects the snapshot already holds are kept as
// they are, the rest is noted. Throws sleet::Error (Usage) when a custom migration's SQL does
// not parse (file:line:col).
CustomMigrationFold fold_custom_migrations(const MigrationFolder& folder, Schema& schema,
                                           const std::string& snapshot_file);

// Adds to `declared` what custom migrations created (in `folded`, not in `snapshot`) and
// `declared` does not hold: tables, views, sequences, enum types, schemas, extensions; the
// values of enum types both hold; columns, indexes, constraints and policies of tables both
// hold (unless they stand on a column `declared` no longer has), and their comments. generate diffs
// against the result, so an index a custom migration made is neither created again when the schema
// files declare it nor dropped while they do not; the snapshot written stays `declared`.
void keep_custom_objects(Schema& declared, const Schema& snapshot, const Schema& folded);

}  // namespace sleet
