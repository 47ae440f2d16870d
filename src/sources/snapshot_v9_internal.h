// The entity store of drizzle-kit 1.0 snapshots (src/sources/snapshot_v9*.cpp). Not a public
// interface.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sleet::snapshot_v9 {

using Json = nlohmann::ordered_json;

// drizzle-kit's identity of an entity row: JSON.stringify of the fields that name it within its
// entity type (["auth","sessions","user_id"] for a column). Throws std::runtime_error for a row
// without a known "entityType".
std::string identity(const Json& row);

// A delta's or drizzle-kit's qualified key: entity type, NUL, identity.
std::string qualified_key(const Json& row);

// Entity rows keyed by qualified key, in creation order, changed as drizzle-kit 1.0's
// applyDeltas changes them. Errors are std::runtime_error with a sentence the caller places.
class EntityStore {
 public:
  // A row of a base snapshot or a create delta. A row with the key of an existing, equal row
  // is ignored; of an existing, different one, refused.
  void create(const Json& row);
  // {op: create|drop|alter|rename, row|key, set}. drop and alter of a key the store lacks do
  // nothing, as in drizzle-kit. A changed identity carries to the rows naming the entity.
  void apply(const Json& delta);
  std::vector<Json> rows() const;

 private:
  void update(const std::string& key, const Json& set);
  void rekey();

  std::uint64_t next_ = 0;
  std::map<std::uint64_t, Json> rows_;           // by creation order
  std::map<std::string, std::uint64_t> by_key_;  // qualified key -> creation order
};

// Lays a "sleet" member (a version 9 snapshot's, v9_sleet_member) over `document`, the version
// "7" document of replayed rows: its partitions join "tables" while their parent is there, and
// it becomes the document's "sleet" member without what it says of objects the document no
// longer holds (tables, columns, keys, indexes, policies, schemas, enums, sequences and views a
// drizzle-kit migration dropped since, grants on dropped tables), and without the attributes
// of an overlay (a column's collation, a deferrable key, ...) whose row in `rows` (the replayed
// entity rows) no longer has the fingerprint the member's "overlays" recorded.
void apply_sleet_member(Json& document, const Json& member, const std::vector<Json>& rows);

}  // namespace sleet::snapshot_v9
