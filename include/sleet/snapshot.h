// drizzle-kit snapshot files (meta/NNNN_snapshot.json, version "7", dialect "postgresql")
// to and from sleet::Schema. docs/snapshot.md maps every key to the model.
//
// A loaded snapshot becomes a Schema in canonical form (catalog type spellings, canonical
// expressions) plus a SnapshotHeader holding what is not schema: the id chain and the file's
// layout (key order, JSON types, members the model does not hold). Saving a Schema with the
// header it was loaded with reproduces the file byte for byte; saving with a fresh header
// writes what drizzle-kit 0.31 `generate` would write, records sorted by name. What
// drizzle-kit's format cannot hold (comments, collations, deferrable constraints, ...) goes
// under the top-level key "sleet", which drizzle-kit accepts and ignores.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sleet/model.h"

namespace sleet {

// The prevId of a first snapshot.
inline constexpr const char* kNoParentSnapshotId = "00000000-0000-0000-0000-000000000000";

// How one snapshot file differs from what sleet writes for the same Schema. Keys are JSON
// pointers ("/tables/auth.users/columns"). Empty for a snapshot sleet wrote itself.
struct SnapshotLayout {
  // Objects whose keys the file orders differently: the keys in the file's order. Keys not
  // listed (objects added to the schema since) follow in sleet's order.
  std::map<std::string, std::vector<std::string>> key_order;
  // Members the file has and sleet does not write (an object's pointer -> those members):
  // view columns, views declared .existing(), policies on tables outside the schema,
  // `internal`, older keys. Written back while the object exists.
  std::map<std::string, nlohmann::ordered_json> added;
  // Members sleet writes that the file lacks (an object's pointer -> member names).
  std::map<std::string, std::vector<std::string>> removed;
  // Values the file spells differently (pointer -> {what sleet writes, what the file has}),
  // e.g. "char" for character(1) or the string "0" for a default sleet would write as 0.
  // Applied only while sleet still writes exactly the first value there.
  std::map<std::string, std::pair<nlohmann::ordered_json, nlohmann::ordered_json>> replaced;

  bool empty() const {
    return key_order.empty() && added.empty() && removed.empty() && replaced.empty();
  }
};

// The parts of a snapshot that are not schema.
struct SnapshotHeader {
  std::string id;                             // a UUID; drizzle-kit makes a random v4 one
  std::string prev_id = kNoParentSnapshotId;  // the previous snapshot's id
  SnapshotLayout layout;                      // empty: sleet's canonical layout
};

struct Snapshot {
  SnapshotHeader header;
  Schema schema;
  // The snapshot has sleet's "sleet" member (comments, extensions, ...). Without it the
  // snapshot says nothing about those: drizzle-kit's format has no slot for them.
  bool has_sleet_member = false;
};

// Drops from `schema` what a drizzle-kit snapshot cannot hold: extensions, functions, triggers,
// domains, EXCLUDE constraints, UNLOGGED, table storage parameters, column and table settings
// (statistics, storage, compression, options, REPLICA IDENTITY, CLUSTER ON) and every comment.
// A comparison with a snapshot that has no "sleet" member (drizzle-kit wrote it) applies it
// to both sides, so an extension or comment a custom migration made is not drift.
void drop_what_drizzle_snapshots_cannot_hold(Schema& schema);

// Parses a version "7" PostgreSQL snapshot. Throws sleet::Error (Usage) naming `file` and
// the line:column of malformed JSON, or the JSON path of a missing or ill-typed key
// (tables."auth.users".columns.id.type); an older version asks for `drizzle-kit up`.
// Without `with_layout`, header.layout stays empty (about half the work at 1,000 tables):
// enough to compare or check the snapshot, not to write it back byte for byte.
Snapshot read_snapshot(const std::string& json_text, const std::string& file,
                       bool with_layout = true);

// read_snapshot(...).schema.
Schema load_snapshot(const std::string& json_text, const std::string& file);

// The snapshot text for `schema`: JSON.stringify(snapshot, null, 2) byte for byte, without a
// trailing newline. `header.layout` from read_snapshot reproduces that file exactly when
// the schema is unchanged; pass a previous snapshot's layout to keep its order for a new one.
std::string save_snapshot(const Schema& schema, const SnapshotHeader& header);

}  // namespace sleet
