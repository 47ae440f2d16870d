// Internal: sleet rebase's part for drizzle-kit 1.0 (v3) folders.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "sleet/branch_merge.h"
#include "sleet/journal.h"

namespace sleet::plan_internal {

// The name a migration was given: "drop_avatar" of "0003_drop_avatar" (0.x tag) or of
// "20261121232456_drop_avatar" (v3 folder); a tag without a prefix stays whole. Shared by
// rebase (both layouts) and convert.
std::string migration_name_part(const std::string& tag);

// Whether any of `tags` is in `applied`.
bool any_applied(const std::vector<std::string>& tags, const std::set<std::string>& applied);

// rebase_branches on a v3 folder with the unmerged `branches` (find_unmerged_branches): the
// branch with migrations in `applied` (by folder name), else the one whose first migration
// after the common ancestor is older, stays as it is; the other's folders follow the kept
// leaf: each one not already a second or more after the folder before it is renamed to
// v3_migration_name(now, the folder before, its name), and its snapshot keeps id, deltas and
// footprints with prevIds set to the snapshot before it.
// Refuses (Failure, nothing written) naming both migrations and the footprint node when a
// statement of one branch touches what the other's writes (drizzle-kit 1.0's rule), when a
// branch migration holds SQL without footprints, when the rewritten folder does not replay to
// the state both branches made together, or when both branches hold applied migrations;
// (Usage) when the branches share no migration or the moved one is not a single line.
RebaseResult rebase_v3_branches(const MigrationFolder& folder, const UnmergedBranches& branches,
                                const std::set<std::string>& applied, bool dry_run);

}  // namespace sleet::plan_internal
