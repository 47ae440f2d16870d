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

}  // namespace sleet::plan_internal
