// Two branches merged into one migration folder: whether their migrations commute (in a
// drizzle-kit 0.x folder judged on the schema model) and `sleet rebase`, which puts them in one
// line (both folder formats).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "sleet/journal.h"

namespace sleet {

// One object both branches touch: a migration of each and the object ("table public.users").
struct BranchConflict {
  std::string first_tag;
  std::string second_tag;
  std::string object;
};

// What check says about two unmerged branches.
struct BranchAnalysis {
  UnmergedBranches branches;
  std::vector<BranchConflict> conflicts;  // empty: they commute
};

// Compares each branch's migrations with the state both started from, object by object
// (schemas, enums, sequences, tables with their columns, keys, indexes and policies, views,
// functions, roles): each migration writes what its snapshot changes from the one before and
// reads what those objects stand on (their schema, enum types, referenced tables, the
// relations a view reads). Two migrations conflict when one writes an object the other
// reads or writes, unless both leave it identical (the same change on both sides). A
// migration whose snapshot is missing or shared with the other branch (the same number) is
// replayed from its SQL onto the state before it. No database. Throws sleet::Error (Usage)
// naming the file when a snapshot or migration cannot be read.
BranchAnalysis analyze_branches(const MigrationFolder& folder, const UnmergedBranches& branches);

// A statement both branches made, which rebase removed from the moved migration `migration`
// (its old tag) because the kept migration `kept` already makes it.
struct RebaseDuplicate {
  std::string migration;
  std::string kept;
  std::string statement;  // "create_table table public.tags"
};

// What rebase did or would do: `kept` are the migrations left as they are, `moved` pairs each
// moved migration's old tag with its new one.
struct RebaseResult {
  std::vector<std::string> kept;
  std::vector<std::pair<std::string, std::string>> moved;
  std::string reason;  // why this branch was kept ("applied in the database", "earlier when")
  // Statements both branches made, taken out of the moved migrations (the kept branch runs
  // them); `removed`: moved migrations every statement of which was such a duplicate, removed
  // whole (not in `moved`); `down_removed`: moved migrations that lost statements, and with
  // them their down script (it reversed those too).
  std::vector<RebaseDuplicate> duplicates;
  std::vector<std::string> removed;
  std::vector<std::string> down_removed;
};

// Puts the two branches of a migration folder in one line. In a drizzle-kit 0.x folder the
// branch that landed first (the one with migrations in `applied`, else the one whose first
// migration has the earlier journal `when`) keeps its files; the other's migrations are
// renumbered after it (file names, journal idx, tag, `when` at least one millisecond after
// the previous entry's) and get snapshots regenerated on top of the merged state, with a fresh
// id/prevId chain. In a drizzle-kit 1.0 (v3) folder the kept branch is chosen the same way (by
// folder name; else the older first folder), the other's folders are re-dated after the kept
// leaf (v3_migration_name) with their snapshots' prevIds chained onto it, ids, deltas and
// footprints kept, commutativity judged by drizzle-kit 1.0's footprint rule.
// In both layouts a statement of a moved migration that the kept branch also makes (the same
// text, for an object both leave identical) is taken out of it (RebaseResult::duplicates).
// `applied` are tags the configured database records as applied (empty when offline).
// Writes nothing when `dry_run`. Throws sleet::Error (Failure) naming both migrations and the
// object when the branches do not commute, or when both hold applied migrations; (Usage)
// when the folder has no unmerged branches (or, in a v3 folder, more than two).
RebaseResult rebase_branches(const MigrationFolder& folder, const std::set<std::string>& applied,
                             bool dry_run);

}  // namespace sleet
