// What generate writes into a drizzle-kit 1.0 (v3) folder: the version "9" diff snapshot of a
// migration (deltas and footprints, as drizzle-kit 1.0.0-rc.5 writes them). Not a public
// interface.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "sleet/diff.h"
#include "sleet/plan.h"

namespace sleet::plan_internal {

// The deltas and footprints drizzle-kit 1.0 writes for `changes` (a diff of normalised
// schemas, planned as `plan`), from the folder state `rows` (read_v9_folder_state) to `to`.
// Changes carried by the "sleet" member (carried_by_sleet_member) get none. Throws
// sleet::Error (Usage) naming the first change it does not cover yet, with `folder` as the
// place and what to do.
struct V9Changes {
  nlohmann::ordered_json deltas = nlohmann::ordered_json::array();
  nlohmann::ordered_json footprints = nlohmann::ordered_json::array();
  // The snapshot's "sleet" member (v9_sleet_member); null: the snapshot has none.
  nlohmann::ordered_json sleet = nullptr;
};
V9Changes v9_changes(const std::vector<Change>& changes, const Plan& plan,
                     const std::vector<nlohmann::ordered_json>& rows, const Schema& to,
                     const std::filesystem::path& folder);

// generate_v9_sleet.cpp: the tables of `to` that are partitions, and those `changes` drop.
std::set<QualifiedName> partition_tables(const std::vector<Change>& changes, const Schema& to);
// True when `change` is one drizzle-kit 1.0's ddl has no entity for (functions, triggers,
// domains, composite and range types, rules, event triggers, grants, default privileges,
// extensions, EXCLUDE constraints, UNLOGGED and storage parameters, partition bounds,
// inheritance, FORCE row level security, comments) or is about one of `partitions`: the
// snapshot's "sleet" member carries its state instead of a delta.
bool carried_by_sleet_member(const Change& change, const Schema& to,
                             const std::set<QualifiedName>& partitions);
// True when `kind` renames or moves a domain, composite or range type (kinds drizzle-kit 1.0
// does not model, whose columns it names by a customType's spelling).
bool renames_unmodelled_type(ChangeKind kind);
// Appends to `out.footprints` one footprint per change of `carried` (those the member carries):
// what it writes and reads as drizzle-kit 1.0's nodes (kinds of sleet's own for functions,
// triggers, ...), so drizzle-kit's conflict check and sleet's judge two branches' changes of
// these objects as they judge tables'.
void add_sleet_footprints(const std::vector<Change>& carried, const Plan& plan,
                          const std::set<QualifiedName>& partitions, V9Changes& out);
// `schema` without comments (the "sleet" member holds them).
Schema without_comments(Schema schema);
// What the ddl rows are made from: `schema` without comments and without the attributes
// drizzle-kit's rows have no field for (column collations, deferrable, MATCH FULL and NOT
// VALID keys, NO INHERIT and NOT VALID checks, index INCLUDE, NULLS NOT DISTINCT and
// collations, a view's column list), which the "sleet" member's overlays carry.
Schema drizzle_kit_part(Schema schema);

// The snapshot.json text of a "diff" snapshot with `parents` (the folder's leaves, newest
// first) as prevIds: 2-space JSON without a final newline, keys in drizzle-kit's order.
std::string v9_snapshot_text(const std::string& id, const std::vector<std::string>& parents,
                             const V9Changes& changes);

// The snapshot.json text of a folder's first, "base" snapshot: the rows `changes` creates
// (every delta must be a create) as its `ddl`, no parent. Throws sleet::Error (Failure) when a
// delta is not a create, naming `where`.
std::string v9_base_snapshot_text(const std::string& id, const V9Changes& changes,
                                  const std::string& where);

}  // namespace sleet::plan_internal
