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
#include <optional>
#include <set>

#include "plan/folder_check_internal.h"
#include "sleet/down_scripts.h"
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
// both migrations and the object; when they commute, the statements both branches make.
std::vector<V3SameStatement> refuse_conflicts(const fs::path& directory,
                                              const std::vector<BranchMigration>& kept,
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
  auto migrations = [](const std::vector<BranchMigration>& side) {
    std::vector<V3BranchMigration> out;
    for (const BranchMigration& item : side) {
      out.push_back({item.migration->entry.tag, item.snapshot.value("footprints", Json::array()),
                     item.migration->text});
    }
    return out;
  };
  V3Commutation result = commute_v3_branches(migrations(kept), migrations(moved));
  if (result.conflict) {
    const V3Conflict& conflict = *result.conflict;
    throw Error(ErrorKind::Failure,
                fmt::format("{} and {} both touch {} ({} and {}), so the branches do not "
                            "commute: the order they run in changes the result",
                            conflict.first_tag, conflict.second_tag, conflict.node,
                            conflict.first_statement, conflict.second_statement),
                directory.string(),
                fmt::format("nothing was changed. Decide the order by hand: keep {} (the branch "
                            "that landed first), drop {} only if no database applied it (sleet "
                            "drop), and generate its change again on top",
                            conflict.first_tag, conflict.second_tag));
  }
  return result.same;
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

// An entity of drizzle-kit's ddl as a reader names it ("columns public.users.age"), and its
// name as a JSON string, to find the deltas that change it.
struct Entity {
  std::string description;
  std::string quoted_name;
};

Entity entity_of(const Json& row) {
  std::vector<std::string> parts;
  for (const char* key : {"schema", "table", "name"}) {
    if (row.contains(key) && row[key].is_string()) parts.push_back(row[key].get<std::string>());
  }
  std::string name = row.contains("name") && row["name"].is_string()
                         ? row["name"].get<std::string>()
                         : (parts.empty() ? std::string() : parts.back());
  return {fmt::format("{} {}", row.value("entityType", "entity"), fmt::join(parts, ".")),
          Json(name).dump()};
}

// The first entity the two states hold differently (whatever their order); none when they
// hold the same entities.
std::optional<Entity> differing_entity(const std::vector<Json>& one,
                                       const std::vector<Json>& other) {
  std::multiset<std::string> left;
  std::multiset<std::string> right;
  for (const Json& row : one) left.insert(row.dump());
  for (const Json& row : other) right.insert(row.dump());
  if (left == right) return std::nullopt;
  for (const Json& row : one) {
    if (!right.contains(row.dump())) return entity_of(row);
  }
  for (const Json& row : other) {
    if (!left.contains(row.dump())) return entity_of(row);
  }
  return entity_of(one.empty() ? other.front() : one.front());
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
  std::vector<V3SameStatement> same = refuse_conflicts(directory, kept, moved);
  result.kept = kept_tags;

  // A statement the kept branch already makes leaves the moved migration: its SQL, its
  // footprint and the deltas the kept migration has too. A migration left without statements
  // goes whole. Which rows that takes is proven by the replay below.
  std::map<std::string, std::string> new_sql;  // moved migrations whose SQL changes
  std::set<std::string> emptied;
  for (BranchMigration& item : moved) {
    const std::string& tag = item.migration->entry.tag;
    std::set<std::size_t> drop_footprints;
    std::set<std::string> drop_statements;
    std::vector<Json> kept_deltas;
    for (const V3SameStatement& twin : same) {
      if (twin.second_tag != tag) continue;
      drop_footprints.insert(twin.second_footprint);
      drop_statements.insert(twin.statements.begin(), twin.statements.end());
      result.duplicates.push_back({tag, twin.first_tag, twin.statement});
      const Json& target = item.snapshot["footprints"][twin.second_footprint]["statementTarget"];
      std::string relation = "\"" + target[2].get<std::string>() + "\"";
      for (const BranchMigration& other : kept) {
        if (other.migration->entry.tag != twin.first_tag) continue;
        for (const Json& delta : other.snapshot.value("deltas", Json::array())) {
          if (delta.dump().find(relation) != std::string::npos) kept_deltas.push_back(delta);
        }
      }
    }
    if (drop_footprints.empty()) continue;
    Json footprints = Json::array();
    const Json& old_footprints = item.snapshot["footprints"];
    for (std::size_t k = 0; k < old_footprints.size(); ++k) {
      if (!drop_footprints.contains(k)) footprints.push_back(old_footprints[k]);
    }
    item.snapshot["footprints"] = std::move(footprints);
    if (item.snapshot.contains("deltas") && item.snapshot["deltas"].is_array()) {
      Json deltas = Json::array();
      for (const Json& delta : item.snapshot["deltas"]) {
        if (std::find(kept_deltas.begin(), kept_deltas.end(), delta) == kept_deltas.end())
          deltas.push_back(delta);
      }
      item.snapshot["deltas"] = std::move(deltas);
    }
    std::vector<std::string> chunks;
    bool statements_left = false;
    for (const MigrationChunk& chunk : split_migration(item.migration->text)) {
      std::vector<std::string> statement = v3_statements(chunk.text);
      if (statement.size() == 1 && drop_statements.contains(statement.front())) continue;
      if (!statement.empty()) statements_left = true;
      std::string text = chunk.text;
      if (chunks.empty()) text.erase(0, std::min(text.size(), text.find_first_not_of("\r\n")));
      chunks.push_back(std::move(text));
    }
    if (!statements_left) {
      emptied.insert(tag);
      result.removed.push_back(tag);
      continue;
    }
    std::string text;
    for (std::size_t c = 0; c < chunks.size(); ++c)
      text += (c ? std::string(kStatementBreakpoint) : std::string()) + chunks[c];
    new_sql[tag] = std::move(text);
  }

  // Names after the kept leaf, one second apart at least; parents in the same order.
  const BranchMigration& leaf = kept_leaf(kept);
  std::string previous_name = kept_tags.back();
  std::string previous_id = leaf.id;
  std::int64_t now = now_ms();
  std::map<std::string, std::string> new_names;
  for (BranchMigration& item : moved) {
    const std::string& tag = item.migration->entry.tag;
    if (emptied.contains(tag)) continue;
    // A folder already a second or more after the one before keeps its name: a database
    // that applied it (drizzle-orm 1.0 goes by name) still finds it applied.
    auto own = v3_folder_millis(tag);
    auto parent = v3_folder_millis(previous_name);
    std::string name = own && parent && *own >= *parent + 1000
                           ? tag
                           : v3_migration_name(now, previous_name, migration_name_part(tag));
    new_names[tag] = name;
    result.moved.emplace_back(tag, name);
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
  // only replays on its own branch's state would be a conflict the footprints missed). The
  // entities are compared, not their order: the folder's unmerged state puts the newer
  // leaf's columns first, the rebased one the kept branch's, as a database that applied the
  // kept branch and then the moved one has them.
  std::vector<V9Snapshot> before;
  std::vector<V9Snapshot> kept_snapshots;
  std::vector<V9Snapshot> moved_snapshots;
  std::map<std::string, std::string> new_text;
  for (const BranchMigration& item : moved)
    new_text[item.migration->entry.tag] = item.snapshot.dump(2);
  for (const Migration& migration : migrations) {
    const std::string& tag = migration.entry.tag;
    fs::path file = folder.files_of(tag).snapshot;
    std::string text = read_text_file(file);
    before.push_back(read_v9_snapshot(text, file));
    auto changed = new_text.find(tag);
    if (changed == new_text.end()) {
      kept_snapshots.push_back(before.back());
    } else if (!emptied.contains(tag)) {
      moved_snapshots.push_back(read_v9_snapshot(changed->second, file));
    }
  }
  std::vector<V9Snapshot> after = std::move(kept_snapshots);
  after.insert(after.end(), moved_snapshots.begin(), moved_snapshots.end());
  std::string why;
  try {
    std::optional<Entity> entity = differing_entity(v9_folder_state(std::move(before)).rows,
                                                    v9_folder_state(std::move(after)).rows);
    if (entity) {
      std::vector<std::string> touching;
      for (const std::vector<BranchMigration>* side : {&kept, &moved}) {
        for (const BranchMigration& item : *side) {
          std::string deltas = item.snapshot.value("deltas", Json::array()).dump();
          if (deltas.find(entity->quoted_name) != std::string::npos)
            touching.push_back(item.migration->entry.tag);
        }
      }
      why = fmt::format("{} comes out otherwise{}", entity->description,
                        touching.empty()
                            ? std::string()
                            : fmt::format("; {} change it", fmt::join(touching, " and ")));
    }
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
  for (const BranchMigration& item : moved) {
    // A moved migration that lost statements: its down script reversed them too.
    if (new_sql.contains(item.migration->entry.tag) &&
        fs::exists(down_script_file(item.migration->file)))
      result.down_removed.push_back(item.migration->entry.tag);
  }
  if (dry_run) return result;

  // Each moved folder goes aside first, so a new name may be an old one of the same branch.
  std::error_code error;
  std::vector<std::pair<fs::path, std::string>> aside;
  for (BranchMigration& item : moved) {
    const std::string& tag = item.migration->entry.tag;
    if (emptied.contains(tag)) {
      fs::remove_all(directory / tag, error);
      continue;
    }
    write_text_file(item.snapshot_file, new_text[tag]);
    if (auto sql = new_sql.find(tag); sql != new_sql.end()) {
      write_text_file(item.migration->file, sql->second);
      fs::remove(down_script_file(item.migration->file), error);
    }
    aside.emplace_back(directory / (".sleet-rebase-" + tag), new_names[tag]);
    fs::rename(directory / tag, aside.back().first);
  }
  for (const auto& [from, to] : aside) fs::rename(from, directory / to);
  return result;
}

}  // namespace sleet::plan_internal
