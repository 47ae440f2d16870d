// drizzle-kit 1.0 snapshots (snapshot.json of a v3 migration folder, version "9", dialect
// "postgres") to sleet::Schema. docs/drizzle-kit-1.md says what is read.
//
// A v3 folder holds one "base" snapshot (the full entity list, `ddl`) and "diff" snapshots
// (`deltas`: create, drop, alter and rename of entities), linked by `prevIds`. The state of
// the folder is the base replayed with the deltas along the first parent of each snapshot,
// the other parents' own deltas applied at a merge node, as drizzle-kit 1.0 reconstructs it;
// with several unmerged leaves, their combined state.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sleet/model.h"

namespace sleet {

// One snapshot.json of a v3 folder, as read.
struct V9Snapshot {
  std::filesystem::path file;
  std::string id;
  std::vector<std::string> prev_ids;
  bool base = false;              // "type": "base" (holds `ddl`) or "diff" (`deltas`)
  nlohmann::ordered_json ddl;     // base: the entity rows
  nlohmann::ordered_json deltas;  // diff: the deltas
};

// Parses one version "9" snapshot. Throws sleet::Error (Usage) naming `file` (with line:column
// for malformed JSON) when it is not a PostgreSQL snapshot of version "9" with an id, prevIds
// and its ddl or deltas.
V9Snapshot read_v9_snapshot(const std::string& json_text, const std::filesystem::path& file);

// The latest state of a v3 folder.
struct V9FolderState {
  // The entity rows (drizzle-kit's ddl form, each with "entityType"), in creation order.
  std::vector<nlohmann::ordered_json> rows;
  // Snapshots no other snapshot names as a parent, newest folder first: the prevIds of the
  // folder's next migration.
  std::vector<std::string> leaf_ids;
  std::filesystem::path latest;  // the newest leaf's snapshot file
  Schema schema;                 // `rows` in the model, canonical as read_snapshot makes it
};

// Reads `snapshot_files` (a v3 folder's snapshot.json files in folder-name order) and replays
// them into the folder's latest state. Throws sleet::Error (Usage) naming the snapshot file
// and id when a parent is missing, no base snapshot is reached, a delta names an entity the
// state does not hold in a way the replay cannot follow, or two migrations give one name to
// two different entities.
V9FolderState read_v9_folder_state(const std::vector<std::filesystem::path>& snapshot_files);

// The same from snapshots already read (read_v9_snapshot), in folder-name order.
V9FolderState v9_folder_state(std::vector<V9Snapshot> snapshots);

// The model of entity rows in drizzle-kit's ddl form (what read_v9_folder_state does with the
// rows it replayed); `where` names the source in errors.
Schema schema_of_v9_rows(const std::vector<nlohmann::ordered_json>& rows, const std::string& where);

}  // namespace sleet
