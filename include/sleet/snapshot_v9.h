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
  // sleet's "sleet" member: the whole state of what drizzle-kit 1.0 does not model after this
  // migration (functions, triggers, domains, partitions, grants, comments, ...), as a 0.x
  // snapshot's "sleet" member holds it, plus "partitions" (the partitions' tables, which the
  // `ddl` leaves out). null when the snapshot has none (drizzle-kit wrote it, or a custom
  // migration): the state is then the nearest one along prevIds (docs/drizzle-kit-1.md).
  nlohmann::ordered_json sleet;
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
  // The "sleet" member in effect at the leaves (nearest along prevIds; at a merge node and
  // across unmerged leaves, the branches' members merged), before the pruning of what the
  // rows no longer hold; null when no snapshot along the history has one.
  nlohmann::ordered_json sleet_member;
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
// rows it replayed), with what `sleet_member` (a "sleet" member, or null) says; `where` names
// the source in errors. Entries of the member about objects the rows do not hold (a table a
// drizzle-kit migration dropped since) are left out, as the server dropped them with it.
Schema schema_of_v9_rows(const std::vector<nlohmann::ordered_json>& rows, const std::string& where,
                         const nlohmann::ordered_json& sleet_member = nullptr);

// The "sleet" member of a version 9 snapshot for `schema`: what a 0.x snapshot's "sleet"
// member holds (save_snapshot), plus "partitions": the drizzle-kit 0.31 table document of each
// partition, which the `ddl` leaves out (drizzle-kit 1.0 would drop a table its TypeScript
// schema cannot declare). An empty object when there is nothing to say.
nlohmann::ordered_json v9_sleet_member(const Schema& schema);

// The same, with "overlays": for each entry of the member that carries attributes over one of
// drizzle-kit's rows in `rows` (the entity rows after the migration: a column's collation, a
// deferrable, MATCH FULL or NOT VALID key, a NO INHERIT check, an index's INCLUDE, NULLS NOT
// DISTINCT or collations, a view's column list), that row's key and fingerprint. The replay
// applies such an entry only while its row keeps that fingerprint (docs/drizzle-kit-1.md).
nlohmann::ordered_json v9_sleet_member(const Schema& schema,
                                       const std::vector<nlohmann::ordered_json>& rows);

// `rows` (entity rows in drizzle-kit's ddl form) with `deltas` applied as the replay applies
// them. Throws sleet::Error (Usage) naming `where` when a delta cannot be applied.
std::vector<nlohmann::ordered_json> v9_rows_after(const std::vector<nlohmann::ordered_json>& rows,
                                                  const nlohmann::ordered_json& deltas,
                                                  const std::string& where);

// Three-way merge of "sleet" members (null: none, read as empty) of two branches since their
// common ancestor's `base`: an object or grant one branch changed takes that branch's value;
// one both changed differently takes `newer`'s (the branch whose migration sorts later, as the
// database that applied both in folder order holds it). Maps (functions, domains, a table's
// triggers, ...) are merged key by key, a function, trigger or domain as a whole.
nlohmann::ordered_json merge_sleet_members(const nlohmann::ordered_json& base,
                                           const nlohmann::ordered_json& older,
                                           const nlohmann::ordered_json& newer);

// The "sleet" member in effect at snapshot `id` of `snapshots` (a folder's, read_v9_snapshot,
// in folder-name order): the snapshot's own, else its first parent's, merged at merge nodes
// (merge_sleet_members); null when none along its history has one.
nlohmann::ordered_json v9_sleet_member_at(const std::vector<V9Snapshot>& snapshots,
                                          const std::string& id);

}  // namespace sleet
