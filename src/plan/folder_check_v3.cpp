// check_migration_folder for a drizzle-kit 1.0 (v3) folder: folder names, one base snapshot,
// the prevIds graph (known parents, children sorting after their parents, merged branches).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
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

std::set<std::string> strings_of(const nlohmann::json& footprint, const char* key) {
  std::set<std::string> out;
  if (!footprint.is_object() || !footprint.contains(key) || !footprint[key].is_array()) return out;
  for (const auto& item : footprint[key]) {
    if (item.is_string()) out.insert(item.get<std::string>());
  }
  return out;
}

}  // namespace

std::string footprint_clash(const nlohmann::json& left, const nlohmann::json& right) {
  if (left.value("statementType", "") == right.value("statementType", "") &&
      left.contains("sqlHash") && left["sqlHash"] == right.value("sqlHash", nlohmann::json()))
    return {};
  for (const auto& [one, other] : {std::pair(&left, &right), std::pair(&right, &left)}) {
    std::set<std::string> changes = strings_of(*one, "writes");
    changes.merge(strings_of(*one, "sharedWrites"));
    std::set<std::string> touched = strings_of(*other, "writes");
    touched.merge(strings_of(*other, "reads"));
    for (const std::string& node : changes) {
      if (touched.contains(node)) return node;
    }
  }
  return {};
}

std::string footprint_statement(const nlohmann::json& footprint) {
  std::vector<std::string> target;
  if (footprint.contains("statementTarget") && footprint["statementTarget"].is_array()) {
    for (const auto& part : footprint["statementTarget"]) {
      if (part.is_string()) target.push_back(part.get<std::string>());
    }
  }
  std::string kind = target.empty() ? "" : target.front();
  std::vector<std::string> name(target.size() > 1 ? target.begin() + 1 : target.end(),
                                target.end());
  return fmt::format("{} {} {}", footprint.value("statementType", "statement"), kind,
                     fmt::join(name, "."));
}

namespace {

constexpr std::string_view kRootId = "00000000-0000-0000-0000-000000000000";

// What check needs of a v9 snapshot: its place in the graph.
struct SnapshotNode {
  std::string tag;
  std::string id;
  std::vector<std::string> prev_ids;
  bool base = false;
  nlohmann::json footprints = nlohmann::json::array();  // what each statement writes and reads
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
  if (json.contains("footprints") && json["footprints"].is_array())
    node.footprints = json["footprints"];
  return node;
}

using NodesById = std::map<std::string, const SnapshotNode*>;

// `leaf` and every snapshot it descends from.
std::set<std::string> ancestry(const NodesById& by_id, const SnapshotNode& leaf) {
  std::set<std::string> found;
  std::vector<std::string> stack{leaf.id};
  while (!stack.empty()) {
    std::string id = std::move(stack.back());
    stack.pop_back();
    auto node = by_id.find(id);
    if (node == by_id.end() || !found.insert(id).second) continue;
    stack.insert(stack.end(), node->second->prev_ids.begin(), node->second->prev_ids.end());
  }
  return found;
}

// Two branches that end unmerged: their migrations since the newest common ancestor, and
// whether they commute (drizzle-kit 1.0 migrate applies both) or conflict (it refuses).
void check_branches(const fs::path& directory, const NodesById& by_id, const SnapshotNode& a,
                    const SnapshotNode& b, std::vector<FolderProblem>& problems) {
  std::set<std::string> of_a = ancestry(by_id, a);
  std::set<std::string> of_b = ancestry(by_id, b);
  std::string since;
  std::vector<const SnapshotNode*> only_a;
  std::vector<const SnapshotNode*> only_b;
  for (const auto& [id, node] : by_id) {
    bool in_a = of_a.contains(id);
    bool in_b = of_b.contains(id);
    if (in_a && in_b && node->tag > since) since = node->tag;
    if (in_a && !in_b) only_a.push_back(node);
    if (in_b && !in_a) only_b.push_back(node);
  }
  auto tags = [](std::vector<const SnapshotNode*> list) {
    std::sort(list.begin(), list.end(),
              [](const SnapshotNode* x, const SnapshotNode* y) { return x->tag < y->tag; });
    std::vector<std::string> out;
    for (const SnapshotNode* node : list) out.push_back(node->tag);
    return fmt::format("{}", fmt::join(out, ", "));
  };
  std::string branches =
      fmt::format("two branches end without a merge since {}: [{}] and [{}]",
                  since.empty() ? "the first migration" : since, tags(only_a), tags(only_b));
  std::size_t conflicts = 0;
  for (const SnapshotNode* x : only_a) {
    for (const SnapshotNode* y : only_b) {
      // One conflict per pair of migrations is enough to act on.
      bool found = false;
      for (const auto& left : x->footprints) {
        for (const auto& right : y->footprints) {
          std::string node = found ? std::string() : footprint_clash(left, right);
          if (node.empty()) continue;
          found = true;
          ++conflicts;
          problems.push_back(
              {directory.string(),
               fmt::format("{}; they conflict: {} in {} and {} in {} both touch {}; drop one "
                           "branch's migration (sleet drop) and generate it again on top of the "
                           "other",
                           branches, footprint_statement(left), x->tag, footprint_statement(right),
                           y->tag, node)});
        }
      }
    }
  }
  if (conflicts == 0) {
    problems.push_back(
        {directory.string(),
         fmt::format(
             "{}; they commute (no statement of one branch touches what the other's statements "
             "change), so drizzle-kit 1.0 migrate applies both and its next generate writes a "
             "merge migration; 'sleet rebase' puts them in one line (sleet migrate waits for "
             "one or the other)",
             branches),
         true});
  }
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
  std::vector<const SnapshotNode*> leaves;
  for (const SnapshotNode& node : nodes) {
    if (!parents.contains(node.id)) leaves.push_back(&node);
  }
  for (std::size_t a = 0; a < leaves.size(); ++a) {
    for (std::size_t b = a + 1; b < leaves.size(); ++b)
      check_branches(directory, by_id, *leaves[a], *leaves[b], problems);
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
