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
#include "sleet/sql.h"

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

std::vector<std::string> v3_statements(const std::string& sql) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::vector<std::string> out;
  for (const MigrationChunk& chunk : split_migration(sql)) {
    std::string text = chunk.text;
    for (;;) {
      while (!text.empty() && blank(text.back())) text.pop_back();
      if (text.empty() || text.back() != ';') break;
      text.pop_back();
    }
    std::size_t start = 0;
    while (start < text.size() && blank(text[start])) ++start;
    if (start < text.size()) out.push_back(text.substr(start));
  }
  return out;
}

namespace {

using Relation = std::pair<std::string, std::string>;

// A migration's statements and the relations each one names.
struct PreparedMigration {
  const V3BranchMigration* migration = nullptr;
  std::vector<std::string> statements;
  std::vector<std::set<Relation>> relations;
};

PreparedMigration prepare(const V3BranchMigration& migration) {
  PreparedMigration out{&migration, v3_statements(migration.sql), {}};
  for (const std::string& statement : out.statements) {
    std::set<Relation> named;
    try {
      for (auto [schema, relation] : sql::named_relations(statement))
        named.emplace(schema.empty() ? "public" : schema, relation);
    } catch (const Error&) {
      // Not one statement the parser reads: it names nothing, so it is no one's twin.
    }
    out.relations.push_back(std::move(named));
  }
  return out;
}

// The statements of `migration` naming the relation of `footprint`'s target ("table", schema,
// name, ...), sorted; empty when the target is no relation.
std::vector<std::string> statements_on(const PreparedMigration& migration,
                                       const nlohmann::json& footprint) {
  const nlohmann::json& target = footprint.value("statementTarget", nlohmann::json::array());
  if (!target.is_array() || target.size() < 3 || !target[1].is_string() || !target[2].is_string())
    return {};
  Relation relation{target[1].get<std::string>(), target[2].get<std::string>()};
  std::vector<std::string> out;
  for (std::size_t i = 0; i < migration.statements.size(); ++i) {
    if (migration.relations[i].contains(relation)) out.push_back(migration.statements[i]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Whether `one` writes (writes, sharedWrites) a node `other` writes or reads.
bool writes_touch(const nlohmann::json& one, const nlohmann::json& other) {
  std::set<std::string> changes = strings_of(one, "writes");
  changes.merge(strings_of(one, "sharedWrites"));
  std::set<std::string> touched = strings_of(other, "writes");
  touched.merge(strings_of(other, "reads"));
  touched.merge(strings_of(other, "sharedWrites"));
  return std::any_of(changes.begin(), changes.end(),
                     [&](const std::string& node) { return touched.contains(node); });
}

bool same_footprint(nlohmann::json left, nlohmann::json right) {
  if (!left.is_object() || !right.is_object()) return false;
  left.erase("sqlHash");
  right.erase("sqlHash");
  return left == right;
}

// For each footprint of each migration of `side`, the twin on `other` (migration index and
// footprint index) when it has one.
using Twins = std::vector<std::vector<std::optional<std::pair<std::size_t, std::size_t>>>>;

Twins find_twins(const std::vector<PreparedMigration>& side,
                 const std::vector<PreparedMigration>& other) {
  Twins out;
  for (const PreparedMigration& mine : side) {
    const nlohmann::json& footprints = mine.migration->footprints;
    auto& row = out.emplace_back(footprints.is_array() ? footprints.size() : 0);
    for (std::size_t k = 0; k < row.size(); ++k) {
      std::vector<std::string> statements = statements_on(mine, footprints[k]);
      if (statements.empty()) continue;
      for (std::size_t j = 0; j < other.size() && !row[k]; ++j) {
        const nlohmann::json& theirs = other[j].migration->footprints;
        for (std::size_t l = 0; l < theirs.size() && !row[k]; ++l) {
          if (same_footprint(footprints[k], theirs[l]) &&
              statements_on(other[j], theirs[l]) == statements)
            row[k] = std::pair(j, l);
        }
      }
    }
  }
  return out;
}

}  // namespace

V3Commutation commute_v3_branches(const std::vector<V3BranchMigration>& first,
                                  const std::vector<V3BranchMigration>& second) {
  std::vector<PreparedMigration> a;
  std::vector<PreparedMigration> b;
  for (const V3BranchMigration& migration : first) a.push_back(prepare(migration));
  for (const V3BranchMigration& migration : second) b.push_back(prepare(migration));
  Twins twins_a = find_twins(a, b);
  Twins twins_b = find_twins(b, a);
  V3Commutation out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t k = 0; k < twins_a[i].size(); ++k) {
      if (!twins_a[i][k]) continue;
      auto [j, l] = *twins_a[i][k];
      const nlohmann::json& footprint = first[i].footprints[k];
      out.same.push_back({first[i].tag, k, second[j].tag, l, footprint_statement(footprint),
                          statements_on(a[i], footprint)});
    }
  }
  for (std::size_t i = 0; i < a.size() && !out.conflict; ++i) {
    for (std::size_t j = 0; j < b.size() && !out.conflict; ++j) {
      const nlohmann::json& left_all = first[i].footprints;
      const nlohmann::json& right_all = second[j].footprints;
      for (std::size_t k = 0; k < twins_a[i].size() && !out.conflict; ++k) {
        for (std::size_t l = 0; l < twins_b[j].size() && !out.conflict; ++l) {
          std::string node = footprint_clash(left_all[k], right_all[l]);
          if (node.empty()) continue;
          const auto& twin_left = twins_a[i][k];   // its twin on the second branch
          const auto& twin_right = twins_b[j][l];  // its twin on the first branch
          // Both made on both sides: each side's copy runs once, in its own branch's order.
          if (twin_left && twin_right) continue;
          // The other statement only reads what the duplicate makes, and the duplicate's twin
          // ran on the other statement's own branch before it (or in the same migration): in
          // either order it still follows that change.
          if (twin_right && twin_right->first <= i && !writes_touch(left_all[k], right_all[l]))
            continue;
          if (twin_left && twin_left->first <= j && !writes_touch(right_all[l], left_all[k]))
            continue;
          out.conflict =
              V3Conflict{first[i].tag, second[j].tag, node, footprint_statement(left_all[k]),
                         footprint_statement(right_all[l])};
        }
      }
    }
  }
  return out;
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
  std::string sql;                                      // its migration.sql
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

// The migrations leaves `a` and `b` add since their newest common ancestor, and the first
// conflicting statements of each pair of their migrations (drizzle-kit 1.0's footprint rule).
V3BranchPair compare_leaves(const NodesById& by_id, const SnapshotNode& a, const SnapshotNode& b) {
  std::set<std::string> of_a = ancestry(by_id, a);
  std::set<std::string> of_b = ancestry(by_id, b);
  V3BranchPair pair;
  std::vector<const SnapshotNode*> only_a;
  std::vector<const SnapshotNode*> only_b;
  for (const auto& [id, node] : by_id) {
    bool in_a = of_a.contains(id);
    bool in_b = of_b.contains(id);
    if (in_a && in_b && node->tag > pair.since) pair.since = node->tag;
    if (in_a && !in_b) only_a.push_back(node);
    if (in_b && !in_a) only_b.push_back(node);
  }
  auto by_tag = [](const SnapshotNode* x, const SnapshotNode* y) { return x->tag < y->tag; };
  std::sort(only_a.begin(), only_a.end(), by_tag);
  std::sort(only_b.begin(), only_b.end(), by_tag);
  for (const SnapshotNode* node : only_a) pair.first.push_back(node->tag);
  for (const SnapshotNode* node : only_b) pair.second.push_back(node->tag);
  auto migrations = [](const std::vector<const SnapshotNode*>& list) {
    std::vector<V3BranchMigration> out;
    for (const SnapshotNode* node : list) out.push_back({node->tag, node->footprints, node->sql});
    return out;
  };
  // One rule for check, rebase and generate: drizzle-kit's footprints, a statement made on
  // both sides counting once (commute_v3_branches).
  V3Commutation result = commute_v3_branches(migrations(only_a), migrations(only_b));
  if (result.conflict) {
    const V3Conflict& conflict = *result.conflict;
    pair.conflicts.push_back({conflict.first_tag, conflict.first_statement, conflict.second_tag,
                              conflict.second_statement, conflict.node});
  }
  pair.same = std::move(result.same);
  return pair;
}

// Two branches that end unmerged: their migrations since the newest common ancestor, and
// whether they commute (drizzle-kit 1.0 migrate applies both) or conflict (it refuses).
void check_branches(const fs::path& directory, const V3BranchPair& pair,
                    std::vector<FolderProblem>& problems) {
  std::string branches = fmt::format("two branches end without a merge since {}: [{}] and [{}]",
                                     pair.since.empty() ? "the first migration" : pair.since,
                                     fmt::join(pair.first, ", "), fmt::join(pair.second, ", "));
  for (const FootprintConflict& conflict : pair.conflicts) {
    problems.push_back(
        {directory.string(),
         fmt::format("{}; they conflict: {} in {} and {} in {} both touch {}; drop one "
                     "branch's migration (sleet drop) and generate it again on top of the "
                     "other",
                     branches, conflict.first_statement, conflict.first_tag,
                     conflict.second_statement, conflict.second_tag, conflict.node)});
  }
  if (!pair.conflicts.empty()) return;
  if (pair.same.empty()) {
    problems.push_back(
        {directory.string(),
         fmt::format(
             "{}; they commute (no statement of one branch touches what the other's statements "
             "change), so drizzle-kit 1.0 migrate applies both and its next generate writes a "
             "merge migration; 'sleet rebase' puts them in one line, or 'sleet generate' writes "
             "the merge migration as drizzle-kit does ('--custom' when the schema has no further "
             "change); sleet migrate waits for one or the other",
             branches),
         true});
    return;
  }
  std::vector<std::string> same;
  for (const V3SameStatement& twin : pair.same)
    same.push_back(fmt::format("{} in {} and {}", twin.statement, twin.first_tag, twin.second_tag));
  problems.push_back(
      {directory.string(),
       fmt::format("{}; they commute, the same statement made on both sides ({}) counting once: "
                   "'sleet rebase' puts them in one line and removes it from the branch it "
                   "moves (drizzle-kit 1.0 calls it a conflict, and applying both branches as "
                   "they are would run it twice; sleet migrate waits for the rebase)",
                   branches, fmt::join(same, "; ")),
       true});
}

// The snapshots no other names as a parent, in folder order.
std::vector<const SnapshotNode*> leaves_of(const std::vector<SnapshotNode>& nodes) {
  std::set<std::string> parents;
  for (const SnapshotNode& node : nodes) parents.insert(node.prev_ids.begin(), node.prev_ids.end());
  std::vector<const SnapshotNode*> leaves;
  for (const SnapshotNode& node : nodes) {
    if (!parents.contains(node.id)) leaves.push_back(&node);
  }
  return leaves;
}

std::vector<V3BranchPair> branch_pairs(const std::vector<SnapshotNode>& nodes) {
  NodesById by_id;
  for (const SnapshotNode& node : nodes) by_id.emplace(node.id, &node);
  std::vector<const SnapshotNode*> leaves = leaves_of(nodes);
  std::vector<V3BranchPair> pairs;
  for (std::size_t a = 0; a < leaves.size(); ++a) {
    for (std::size_t b = a + 1; b < leaves.size(); ++b)
      pairs.push_back(compare_leaves(by_id, *leaves[a], *leaves[b]));
  }
  return pairs;
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
  for (const SnapshotNode& node : nodes) {
    for (const std::string& parent_id : node.prev_ids) {
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
  for (const V3BranchPair& pair : branch_pairs(nodes)) check_branches(directory, pair, problems);
}

// The snapshots of `folder`'s migrations that can be read; what cannot, in `problems`.
std::vector<SnapshotNode> read_nodes(const MigrationFolder& folder,
                                     std::vector<FolderProblem>& problems) {
  std::vector<SnapshotNode> nodes;
  std::error_code error;
  for (const Migration& migration : folder.migrations()) {
    fs::path snapshot = folder.files_of(migration.entry.tag).snapshot;
    if (!fs::exists(snapshot, error)) {
      problems.push_back({snapshot.string(),
                          fmt::format("migration {} has no snapshot.json; restore it from version "
                                      "control",
                                      migration.entry.tag)});
      continue;
    }
    if (auto node = read_node(migration.entry.tag, snapshot, problems)) {
      node->sql = migration.text;
      nodes.push_back(std::move(*node));
    }
  }
  return nodes;
}

}  // namespace

std::vector<V3BranchPair> v3_branch_pairs(const MigrationFolder& folder) {
  std::vector<FolderProblem> ignored;
  return branch_pairs(read_nodes(folder, ignored));
}

std::vector<FolderProblem> check_v3_folder(const MigrationFolder& folder) {
  std::vector<FolderProblem> problems;
  std::error_code error;
  for (const Migration& migration : folder.migrations()) {
    if (auto warning = empty_migration_warning(migration.entry.tag, migration.text)) {
      problems.push_back({migration.file.string(), *warning, true});
    }
  }
  std::vector<SnapshotNode> nodes = read_nodes(folder, problems);
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
