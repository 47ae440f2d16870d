// check_migration_folder for a drizzle-kit 1.0 (v3) folder: folder names, one base snapshot,
// the prevIds graph (known parents, children sorting after their parents, merged branches).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "plan/folder_check_internal.h"
#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/folder_check.h"
#include "sleet/journal.h"

namespace sleet::plan_internal {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kRootId = "00000000-0000-0000-0000-000000000000";

// What check needs of a v9 snapshot: its place in the graph.
struct SnapshotNode {
  std::string tag;
  std::string id;
  std::vector<std::string> prev_ids;
  bool base = false;
};

std::optional<SnapshotNode> read_node(const std::string& tag, const fs::path& file,
                                      std::vector<FolderProblem>& problems) {
  using Json = nlohmann::json;
  Json json;
  try {
    json = Json::parse(read_text_file(file));
  } catch (const Json::exception& e) {  // malformed, or a number out of range
    problems.push_back({file.string(), fmt::format("not valid JSON ({}); restore it from version "
                                                   "control",
                                                   e.what())});
    return std::nullopt;
  } catch (const Error& e) {
    problems.push_back({file.string(), e.what()});
    return std::nullopt;
  }
  auto text = [&](const char* key) {
    return json.is_object() && json.contains(key) && json[key].is_string()
               ? json[key].get<std::string>()
               : std::string();
  };
  if (text("version") != "9" || text("id").empty() || !json.contains("prevIds") ||
      !json["prevIds"].is_array()) {
    problems.push_back(
        {file.string(),
         "not a drizzle-kit 1.0 snapshot (version \"9\" with an id and prevIds); restore it from "
         "version control"});
    return std::nullopt;
  }
  SnapshotNode node{tag, text("id"), {}, text("type") == "base"};
  for (const auto& parent : json["prevIds"]) {
    if (parent.is_string()) node.prev_ids.push_back(parent.get<std::string>());
  }
  return node;
}

void check_graph(const fs::path& directory, const std::vector<SnapshotNode>& nodes,
                 std::vector<FolderProblem>& problems) {
  std::map<std::string, const SnapshotNode*> by_id;
  std::vector<std::string> bases;
  for (const SnapshotNode& node : nodes) {
    if (node.base) bases.push_back(node.tag);
    auto [it, inserted] = by_id.emplace(node.id, &node);
    if (!inserted) {
      problems.push_back({(directory / node.tag / "snapshot.json").string(),
                          fmt::format("has the same id {} as {}'s snapshot; one was copied from "
                                      "the other: regenerate it",
                                      node.id, it->second->tag)});
    }
  }
  if (bases.size() > 1) {
    problems.push_back({directory.string(),
                        fmt::format("more than one base snapshot ({}); a folder has one, in its "
                                    "first migration: keep that one and regenerate the others",
                                    fmt::join(bases, ", "))});
  }
  std::set<std::string> parents;
  for (const SnapshotNode& node : nodes) {
    for (const std::string& parent_id : node.prev_ids) {
      parents.insert(parent_id);
      if (parent_id == kRootId) continue;
      auto parent = by_id.find(parent_id);
      if (parent == by_id.end()) {
        problems.push_back({(directory / node.tag / "snapshot.json").string(),
                            fmt::format("names a previous snapshot {} that no migration of the "
                                        "folder has; was a migration deleted? restore it",
                                        parent_id)});
      } else if (parent->second->tag >= node.tag) {
        problems.push_back({(directory / node.tag).string(),
                            fmt::format("{} sorts before its parent {}, so migrate can run it "
                                        "first; rename its folder to a time after the parent's",
                                        node.tag, parent->second->tag)});
      }
    }
  }
  std::vector<std::string> leaves;
  for (const SnapshotNode& node : nodes) {
    if (!parents.contains(node.id)) leaves.push_back(node.tag);
  }
  if (leaves.size() > 1) {
    problems.push_back(
        {directory.string(),
         fmt::format("{} branches end here without a merge: {}; drizzle-kit 1.0 applies both when "
                     "they do not conflict, and its next generate writes a merge migration",
                     leaves.size(), fmt::join(leaves, ", ")),
         true});
  }
}

}  // namespace

std::vector<FolderProblem> check_v3_folder(const MigrationFolder& folder) {
  std::vector<FolderProblem> problems;
  std::vector<SnapshotNode> nodes;
  std::error_code error;
  for (const Migration& migration : folder.migrations()) {
    if (auto warning = empty_migration_warning(migration.entry.tag, migration.text)) {
      problems.push_back({migration.file.string(), *warning, true});
    }
    fs::path snapshot = folder.files_of(migration.entry.tag).snapshot;
    if (!fs::exists(snapshot, error)) {
      problems.push_back({snapshot.string(),
                          fmt::format("migration {} has no snapshot.json; restore it from version "
                                      "control",
                                      migration.entry.tag)});
      continue;
    }
    if (auto node = read_node(migration.entry.tag, snapshot, problems)) nodes.push_back(*node);
  }
  for (const auto& item : fs::directory_iterator(folder.directory(), error)) {
    if (item.is_directory(error) && !fs::exists(item.path() / "migration.sql", error) &&
        fs::exists(item.path() / "snapshot.json", error)) {
      problems.push_back({item.path().string(),
                          "has a snapshot.json but no migration.sql, so no migrator applies it; "
                          "restore migration.sql or delete the folder",
                          true});
    }
  }
  check_graph(folder.directory(), nodes, problems);
  return problems;
}

}  // namespace sleet::plan_internal
