// sleet rebase on a drizzle-kit 1.0 (v3) folder: the branch that landed first stays; the other
// branch's folders are re-dated after its leaf and their snapshots chained onto it, so the
// folder is a straight chain again. Whether the branches commute is drizzle-kit 1.0's own
// footprint rule (folder_check_v3.cpp).
#include "plan/branch_rebase_internal.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "plan/folder_check_internal.h"
#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/folder_check.h"
#include "sleet/snapshot_v9.h"

namespace sleet::plan_internal {

namespace fs = std::filesystem;

namespace {

using Json = nlohmann::ordered_json;

// One migration of a branch with its snapshot as written (key order kept).
struct BranchMigration {
  const Migration* migration = nullptr;
  fs::path snapshot_file;
  Json snapshot;
  std::string id;
  std::vector<std::string> prev_ids;
};

std::vector<BranchMigration> read_branch(const MigrationFolder& folder,
                                         const std::vector<std::string>& tags) {
  std::vector<BranchMigration> out;
  for (const std::string& tag : tags) {
    BranchMigration item{folder.find(tag), folder.files_of(tag).snapshot};
    try {
      item.snapshot = Json::parse(read_text_file(item.snapshot_file));
    } catch (const Json::exception& e) {
      throw Error(ErrorKind::Usage, fmt::format("not valid JSON ({})", e.what()),
                  item.snapshot_file.string(),
                  "restore it from version control; 'sleet check' lists what else is wrong");
    }
    item.id = item.snapshot.value("id", "");
    for (const auto& parent : item.snapshot.value("prevIds", Json::array())) {
      if (parent.is_string()) item.prev_ids.push_back(parent.get<std::string>());
    }
    out.push_back(std::move(item));
  }
  return out;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The first pair of statements of the two branches that do not commute, as an error naming
// both migrations and the object; nothing when they commute.
void refuse_conflicts(const fs::path& directory, const std::vector<BranchMigration>& kept,
                      const std::vector<BranchMigration>& moved) {
  for (const std::vector<BranchMigration>* side : {&kept, &moved}) {
    for (const BranchMigration& item : *side) {
      bool footprints = !item.snapshot.value("footprints", Json::array()).empty();
      if (footprints || empty_migration_warning(item.migration->entry.tag, item.migration->text))
        continue;
      // A custom migration: its SQL has no footprints for drizzle-kit's rule to compare; nor
      // has one of only what drizzle-kit does not model (its snapshot's "sleet" member).
      throw Error(
          ErrorKind::Failure,
          fmt::format(
              fmt::runtime(item.snapshot.contains("sleet")
                               ? "{} changes only what drizzle-kit 1.0 does not model (its "
                                 "snapshot's \"sleet\" member, no footprints), so whether it "
                                 "commutes with the other branch cannot be told yet"
                               : "{} holds SQL written by hand (its snapshot has no "
                                 "footprints), so whether it commutes with the other branch "
                                 "cannot be told"),
              item.migration->entry.tag),
          item.snapshot_file.string(),
          "nothing was changed. Decide the order by hand: rename the later branch's "
          "folders to times after the other branch's last folder and set each one's "
          "prevIds to the snapshot before it");
    }
  }
  for (const BranchMigration& x : kept) {
    for (const BranchMigration& y : moved) {
      for (const auto& left : x.snapshot.value("footprints", Json::array())) {
        for (const auto& right : y.snapshot.value("footprints", Json::array())) {
          std::string node = footprint_clash(left, right);
          if (node.empty()) continue;
          throw Error(
              ErrorKind::Failure,
              fmt::format("{} and {} both touch {} ({} and {}), so the branches do not "
                          "commute: the order they run in changes the result",
                          x.migration->entry.tag, y.migration->entry.tag, node,
                          footprint_statement(left), footprint_statement(right)),
              directory.string(),
              fmt::format("nothing was changed. Decide the order by hand: keep {} (the branch "
                          "that landed first), drop {} only if no database applied it (sleet "
                          "drop), and generate its change again on top",
                          x.migration->entry.tag, y.migration->entry.tag));
        }
      }
    }
  }
}

// The leaf of the kept branch: the one of its snapshots none of the others names.
const BranchMigration& kept_leaf(const std::vector<BranchMigration>& kept) {
  std::set<std::string> parents;
  for (const BranchMigration& item : kept)
    parents.insert(item.prev_ids.begin(), item.prev_ids.end());
  for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
    if (!parents.contains(it->id)) return *it;
  }
  return kept.back();
}

// The moved branch must be one line from the common ancestor: each snapshot's single parent
// the one before it.
void require_line(const std::vector<BranchMigration>& moved, const std::string& since_id) {
  std::string parent = since_id;
  for (const BranchMigration& item : moved) {
    if (item.prev_ids.size() != 1 || item.prev_ids.front() != parent) {
      throw Error(ErrorKind::Usage,
                  fmt::format("{}'s snapshot does not follow the migration before it on its "
                              "branch (prevIds {}), so its branch is not one line to move",
                              item.migration->entry.tag, Json(item.prev_ids).dump()),
                  item.snapshot_file.string(),
                  "nothing was changed. Put that branch in one line first ('sleet check' "
                  "shows the graph), then run 'sleet rebase' again");
    }
    parent = item.id;
  }
}

// The folder's state read back from `files` (name order): the rewritten snapshots must give
// the schema both branches gave together.
Schema state_of(std::vector<V9Snapshot> snapshots) {
  return v9_folder_state(std::move(snapshots)).schema;
}

}  // namespace

RebaseResult rebase_v3_branches(const MigrationFolder& folder, const UnmergedBranches& branches,
                                const std::set<std::string>& applied, bool dry_run) {
  const fs::path& directory = folder.directory();
  if (branches.since.empty()) {
    throw Error(ErrorKind::Usage,
                fmt::format("[{}] and [{}] share no migration: both start with a base snapshot",
                            fmt::join(branches.first, ", "), fmt::join(branches.second, ", ")),
                directory.string(),
                "a folder has one base snapshot; keep one branch's folders and generate the "
                "other's schema on top of them");
  }
  bool first_applied = any_applied(branches.first, applied);
  bool second_applied = any_applied(branches.second, applied);
  if (first_applied && second_applied) {
    throw Error(ErrorKind::Failure,
                fmt::format("both branches have migrations the database shows applied ([{}] and "
                            "[{}]); moving either would make that database run it again",
                            fmt::join(branches.first, ", "), fmt::join(branches.second, ", ")),
                directory.string(),
                "put them in one line by hand: keep every applied migration's folder name, and "
                "chain the others after it (prevIds) under later folder names");
  }
  RebaseResult result;
  bool keep_first = true;
  if (first_applied || second_applied) {
    keep_first = first_applied;
    result.reason = "its migrations are applied in the database";
  } else {
    // Folder names start with their UTC time: `first` is the branch whose first migration
    // after the common ancestor is older.
    result.reason = "its first migration after the common ancestor is older";
  }
  const std::vector<std::string>& kept_tags = keep_first ? branches.first : branches.second;
  const std::vector<std::string>& moved_tags = keep_first ? branches.second : branches.first;

  // Every migration after the common ancestor belongs to one branch.
  const auto& migrations = folder.migrations();
  std::size_t fork = 0;
  while (migrations[fork].entry.tag != branches.since) ++fork;
  if (migrations.size() - fork - 1 != kept_tags.size() + moved_tags.size()) {
    throw Error(
        ErrorKind::Usage,
        fmt::format("migrations after {} belong to neither branch ([{}] and [{}])", branches.since,
                    fmt::join(kept_tags, ", "), fmt::join(moved_tags, ", ")),
        directory.string(), "run 'sleet check' and put the folder right by hand");
  }

  std::vector<BranchMigration> kept = read_branch(folder, kept_tags);
  std::vector<BranchMigration> moved = read_branch(folder, moved_tags);
  std::string since_id = read_branch(folder, {branches.since}).front().id;
  require_line(moved, since_id);
  refuse_conflicts(directory, kept, moved);
  result.kept = kept_tags;

  // Names after the kept leaf, one second apart at least; parents in the same order.
  const BranchMigration& leaf = kept_leaf(kept);
  std::string previous_name = kept_tags.back();
  std::string previous_id = leaf.id;
  std::int64_t now = now_ms();
  std::vector<std::string> new_names;
  for (BranchMigration& item : moved) {
    // A folder already a second or more after the one before keeps its name: a database
    // that applied it (drizzle-orm 1.0 goes by name) still finds it applied.
    const std::string& tag = item.migration->entry.tag;
    auto own = v3_folder_millis(tag);
    auto parent = v3_folder_millis(previous_name);
    std::string name = own && parent && *own >= *parent + 1000
                           ? tag
                           : v3_migration_name(now, previous_name, migration_name_part(tag));
    new_names.push_back(name);
    result.moved.emplace_back(item.migration->entry.tag, name);
    // Ids stay: a snapshot made later on the moved branch still names its parent.
    item.snapshot["prevIds"] = Json::array({previous_id});
    previous_name = name;
    previous_id = item.id;
  }

  // What drizzle-kit 1.0 does not model: a moved snapshot's "sleet" member held its own
  // branch's whole state; it now holds what the kept branch changed since the ancestor too.
  {
    std::vector<V9Snapshot> all;
    for (const Migration& migration : migrations) {
      fs::path file = folder.files_of(migration.entry.tag).snapshot;
      all.push_back(read_v9_snapshot(read_text_file(file), file));
    }
    Json ancestor = v9_sleet_member_at(all, since_id);
    Json kept_member = v9_sleet_member_at(all, leaf.id);
    for (BranchMigration& item : moved) {
      if (kept_member != ancestor && item.snapshot.contains("sleet"))
        item.snapshot["sleet"] = merge_sleet_members(ancestor, kept_member, item.snapshot["sleet"]);
    }
  }

  // The rewritten folder must read as the state both branches made together (a delta that
  // only replays on its own branch's state would be a conflict the footprints missed).
  std::vector<V9Snapshot> before;
  std::vector<V9Snapshot> after;
  std::map<std::string, std::string> new_text;
  for (std::size_t i = 0; i < moved.size(); ++i)
    new_text[moved[i].migration->entry.tag] = moved[i].snapshot.dump(2);
  for (const Migration& migration : migrations) {
    fs::path file = folder.files_of(migration.entry.tag).snapshot;
    std::string text = read_text_file(file);
    before.push_back(read_v9_snapshot(text, file));
    auto changed = new_text.find(migration.entry.tag);
    after.push_back(read_v9_snapshot(changed == new_text.end() ? text : changed->second, file));
  }
  std::stable_partition(after.begin(), after.end(), [&](const V9Snapshot& snapshot) {
    return std::none_of(moved.begin(), moved.end(),
                        [&](const BranchMigration& item) { return item.id == snapshot.id; });
  });
  std::string why;
  try {
    if (!(state_of(std::move(after)) == state_of(std::move(before))))
      why = "another schema comes out";
  } catch (const Error& error) {
    why = error.what();
  }
  if (!why.empty()) {
    throw Error(ErrorKind::Failure,
                fmt::format("[{}] replayed after [{}] does not give the schema both branches "
                            "give together ({}), so they do not commute",
                            fmt::join(moved_tags, ", "), fmt::join(kept_tags, ", "), why),
                directory.string(),
                "nothing was changed. Decide the order by hand: drop the later branch's "
                "migrations only if no database applied them (sleet drop) and generate their "
                "change again on top");
  }
  if (dry_run) return result;

  // Each moved folder goes aside first, so a new name may be an old one of the same branch.
  std::vector<fs::path> aside;
  for (std::size_t i = 0; i < moved.size(); ++i) {
    const std::string& tag = moved[i].migration->entry.tag;
    write_text_file(moved[i].snapshot_file, new_text[tag]);
    aside.push_back(directory / (".sleet-rebase-" + tag));
    fs::rename(directory / tag, aside.back());
  }
  for (std::size_t i = 0; i < moved.size(); ++i) fs::rename(aside[i], directory / new_names[i]);
  return result;
}

}  // namespace sleet::plan_internal
