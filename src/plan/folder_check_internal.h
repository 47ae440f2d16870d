// Internal: the folder check's per-layout parts.
#pragma once

#include <nlohmann/json.hpp>
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
// statements that conflict, one per pair of migrations (empty: they commute).
struct V3BranchPair {
  std::string since;
  std::vector<std::string> first;
  std::vector<std::string> second;
  std::vector<FootprintConflict> conflicts;
};

// Every pair of leaves of `folder` (a v3 folder), in folder order of the leaves; empty when
// it has one leaf. Snapshots that cannot be read are left out (check_v3_folder reports them).
std::vector<V3BranchPair> v3_branch_pairs(const MigrationFolder& folder);

}  // namespace sleet::plan_internal
