// Internal: the folder check's per-layout parts.
#pragma once

#include <vector>

#include "sleet/folder_check.h"
#include "sleet/journal.h"

namespace sleet::plan_internal {

// The problems of a drizzle-kit 1.0 (v3) folder: migrations without a snapshot, snapshots that
// are not version 9, more than one base, unknown or later-sorting parents, duplicate ids, and
// (a warning) branches that end unmerged.
std::vector<FolderProblem> check_v3_folder(const MigrationFolder& folder);

}  // namespace sleet::plan_internal
