// Internal: the folder check's per-layout parts.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sleet/folder_check.h"
#include "sleet/journal.h"

namespace sleet::plan_internal {

// The problems of a drizzle-kit 1.0 (v3) folder: migrations without a snapshot, snapshots that
// are not version 9, more than one base, unknown or later-sorting parents, duplicate ids, and
// (a warning) branches that end unmerged.
std::vector<FolderProblem> check_v3_folder(const MigrationFolder& folder);

// drizzle-kit 1.0's conflict rule for two statements of different branches, given their
// footprints: a node one side writes (writes and sharedWrites) that the other writes or reads,
// both ways; empty when they commute, and for the same change made on both sides (the same
// statementType and sqlHash).
std::string footprint_clash(const nlohmann::json& left, const nlohmann::json& right);

// A footprint's statement as a reader names it: "add_column column shop.orders.note".
std::string footprint_statement(const nlohmann::json& footprint);

// One migration of an unmerged v3 branch, as the commutativity check reads it.
struct V3BranchMigration {
  std::string tag;
  nlohmann::json footprints = nlohmann::json::array();  // its snapshot's footprints
  std::string sql;                                      // its migration.sql
};

// A statement both branches made: footprint `first_footprint` of `first_tag` and
// `second_footprint` of `second_tag` are the same (type, target, writes, reads), and every
// statement of the two migrations that names the target's relation is the same text on both
// sides (`statements`, trimmed). Running both would make it twice (CREATE TABLE fails).
struct V3SameStatement {
  std::string first_tag;
  std::size_t first_footprint = 0;
  std::string second_tag;
  std::size_t second_footprint = 0;
  std::string statement;                // footprint_statement
  std::vector<std::string> statements;  // the SQL statements it stands for, trimmed
};

// Two statements of the two branches that do not commute.
struct V3Conflict {
  std::string first_tag;
  std::string second_tag;
  std::string node;  // the footprint node both touch ("n|tbl|public.refunds")
  std::string first_statement;
  std::string second_statement;
};

struct V3Commutation {
  std::optional<V3Conflict> conflict;  // the first one found; none: they commute
  std::vector<V3SameStatement> same;   // statements made on both sides
};

// Whether two unmerged v3 branches commute, in either order: drizzle-kit 1.0's footprint rule
// (footprint_clash), except that a statement made on both sides (V3SameStatement) is one
// change, not a conflict: rebase keeps it on the kept branch and removes it from the moved
// one. A pair of statements where one is such a duplicate clashes only when its twin on the
// other's own branch does not come before it (an earlier migration, or the same one).
V3Commutation commute_v3_branches(const std::vector<V3BranchMigration>& first,
                                  const std::vector<V3BranchMigration>& second);

// The statements of a migration.sql, split at drizzle's breakpoints, trimmed of whitespace and
// a final semicolon; empty chunks left out.
std::vector<std::string> v3_statements(const std::string& sql);

// A statement of each of two branches that do not commute by footprint_clash: their
// migrations, the statements (footprint_statement) and the node both touch.
struct FootprintConflict {
  std::string first_tag;
  std::string first_statement;
  std::string second_tag;
  std::string second_statement;
  std::string node;  // "n|tbl|public.refunds"
};

// Two leaves of a v3 folder's snapshot graph: the migrations each adds since their newest
// common ancestor `since` (empty: they share none), in folder order, the leaf last; and the
// statement that conflicts (empty: they commute), by commute_v3_branches.
struct V3BranchPair {
  std::string since;
  std::vector<std::string> first;
  std::vector<std::string> second;
  std::vector<FootprintConflict> conflicts;
  std::vector<V3SameStatement> same;  // statements both branches made (they still commute)
};

// Every pair of leaves of `folder` (a v3 folder), in folder order of the leaves; empty when
// it has one leaf. Snapshots that cannot be read are left out (check_v3_folder reports them).
std::vector<V3BranchPair> v3_branch_pairs(const MigrationFolder& folder);

}  // namespace sleet::plan_internal
