// drizzle-kit 1.0 snapshots (version "9") read and replayed into a folder's latest state, as
// drizzle-kit 1.0's reconstruct does it: an entity store keyed per entity type by the
// entity's identity, deltas applied in order, a rename carried to the entities that name the
// renamed one (columns of a renamed table, index columns of a renamed column, ...).
#include "sleet/snapshot_v9.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <unordered_map>

#include "sleet/error.h"
#include "sleet/files.h"
#include "snapshot_v9_internal.h"

namespace sleet {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using snapshot_v9::EntityStore;

Error snapshot_error(const fs::path& file, const std::string& id, const std::string& message,
                     const std::string& hint) {
  std::string where =
      id.empty() ? file.string() : fmt::format("{} (snapshot {})", file.string(), id);
  return Error(ErrorKind::Usage, message, where, hint);
}

const char* kRegenerate =
    "restore the migration folder from version control, or delete this migration and every "
    "later one and generate again";

}  // namespace

V9Snapshot read_v9_snapshot(const std::string& json_text, const fs::path& file) {
  utf8_text(json_text, file.string());
  Json root;
  try {
    root = Json::parse(json_text);
  } catch (const Json::parse_error& error) {
    std::size_t offset = error.byte == 0 ? 0 : error.byte - 1;
    auto [line, column] = line_and_column(json_text, std::min(offset, json_text.size()));
    throw Error(ErrorKind::Usage, fmt::format("malformed snapshot JSON: {}", error.what()),
                format_location(file.string(), line, column), kRegenerate);
  } catch (const Json::out_of_range&) {  // a number beyond what a double holds
    throw Error(ErrorKind::Usage, "malformed snapshot JSON: a number in it is out of range",
                file.string(), kRegenerate);
  }
  auto fail = [&](const std::string& message) -> Error {
    return snapshot_error(file, "", message, kRegenerate);
  };
  if (!root.is_object()) throw fail("a snapshot must be a JSON object");
  auto text = [&](const char* key) {
    auto found = root.find(key);
    if (found == root.end() || !found->is_string())
      throw fail(fmt::format("the snapshot has no string \"{}\"", key));
    return found->get<std::string>();
  };
  if (text("version") != "9") {
    throw fail(
        fmt::format("snapshot version \"{}\" in a drizzle-kit 1.0 migration folder; "
                    "sleet reads version \"9\" there",
                    text("version")));
  }
  if (text("dialect") != "postgres") {
    throw fail(fmt::format("dialect \"{}\" is not supported; sleet reads PostgreSQL snapshots",
                           text("dialect")));
  }
  V9Snapshot snapshot;
  snapshot.file = file;
  snapshot.id = text("id");
  std::string type = text("type");
  if (type != "base" && type != "diff") {
    throw fail(fmt::format("snapshot type \"{}\": expected \"base\" or \"diff\"", type));
  }
  snapshot.base = type == "base";
  auto prev = root.find("prevIds");
  if (prev == root.end() || !prev->is_array()) throw fail("the snapshot has no \"prevIds\" array");
  for (const Json& id : *prev) {
    if (!id.is_string()) throw fail("\"prevIds\" holds a value that is not a string");
    snapshot.prev_ids.push_back(id.get<std::string>());
  }
  const char* body = snapshot.base ? "ddl" : "deltas";
  auto list = root.find(body);
  if (list == root.end() || !list->is_array())
    throw fail(fmt::format("the {} snapshot has no \"{}\" array", type, body));
  (snapshot.base ? snapshot.ddl : snapshot.deltas) = std::move(*list);
  auto member = root.find("sleet");
  if (member != root.end()) {
    if (!member->is_object()) throw fail("the snapshot's \"sleet\" member is not an object");
    snapshot.sleet = std::move(*member);
  }
  return snapshot;
}

namespace {

// The folder's snapshots by id, in folder order, and the replay of reconstruct.ts.
class Replay {
 public:
  explicit Replay(std::vector<V9Snapshot> snapshots) : snapshots_(std::move(snapshots)) {
    for (std::size_t i = 0; i < snapshots_.size(); ++i) {
      const V9Snapshot& snapshot = snapshots_[i];
      if (!by_id_.emplace(snapshot.id, i).second) {
        throw snapshot_error(
            snapshot.file, snapshot.id,
            fmt::format("two snapshots have the id {}: {} and {}", snapshot.id,
                        snapshots_[by_id_[snapshot.id]].file.string(), snapshot.file.string()),
            kRegenerate);
      }
    }
  }

  std::size_t index_of(const std::string& id) const { return by_id_.at(id); }

  // Snapshots no other names as a parent, newest first.
  std::vector<std::string> leaf_ids() const {
    std::set<std::string> parents;
    for (const V9Snapshot& snapshot : snapshots_)
      parents.insert(snapshot.prev_ids.begin(), snapshot.prev_ids.end());
    std::vector<std::string> leaves;
    for (auto it = snapshots_.rbegin(); it != snapshots_.rend(); ++it) {
      if (!parents.contains(it->id)) leaves.push_back(it->id);
    }
    return leaves;
  }

  const V9Snapshot& lookup(const std::string& id, const V9Snapshot& child) const {
    auto found = by_id_.find(id);
    if (found == by_id_.end()) {
      throw snapshot_error(child.file, child.id,
                           fmt::format("its parent snapshot {} is not in the migration folder", id),
                           kRegenerate);
    }
    return snapshots_[found->second];
  }

  // The ids reachable from `ids` through prevIds, stopping at those in `known`.
  std::set<std::string> history(const std::vector<std::string>& ids, const V9Snapshot& from,
                                const std::set<std::string>& known = {}) const {
    std::set<std::string> found;
    std::vector<std::string> stack(ids.begin(), ids.end());
    while (!stack.empty()) {
      std::string id = std::move(stack.back());
      stack.pop_back();
      if (id == kNoParent || found.contains(id) || known.contains(id)) continue;
      found.insert(id);
      const V9Snapshot& snapshot = lookup(id, from);
      stack.insert(stack.end(), snapshot.prev_ids.begin(), snapshot.prev_ids.end());
    }
    return found;
  }

  // At a merge node: the deltas of the snapshots only the other parents' histories hold,
  // in folder order.
  void apply_other_parents(EntityStore& state, const std::vector<std::string>& prev_ids,
                           const V9Snapshot& from) const {
    std::vector<std::string> first{prev_ids.front()};
    std::vector<std::string> others(prev_ids.begin() + 1, prev_ids.end());
    std::set<std::string> rest = history(others, from, history(first, from));
    for (const V9Snapshot& snapshot : snapshots_) {
      if (rest.contains(snapshot.id) && !snapshot.base) apply(state, snapshot);
    }
  }

  EntityStore reconstruct(const std::string& id, const V9Snapshot& from) const {
    std::vector<const V9Snapshot*> diffs;
    const V9Snapshot* snapshot = &lookup(id, from);
    while (!snapshot->base) {
      diffs.push_back(snapshot);
      std::string parent = snapshot->prev_ids.empty() ? kNoParent : snapshot->prev_ids.front();
      if (parent == kNoParent) {
        throw snapshot_error(snapshot->file, snapshot->id,
                             "its history does not reach a base snapshot", kRegenerate);
      }
      snapshot = &lookup(parent, *snapshot);
    }
    EntityStore state;
    for (const Json& row : snapshot->ddl) {
      try {
        state.create(row);
      } catch (const std::exception& e) {
        throw snapshot_error(snapshot->file, snapshot->id, e.what(), kRegenerate);
      }
    }
    for (auto it = diffs.rbegin(); it != diffs.rend(); ++it) {
      if ((*it)->prev_ids.size() > 1) apply_other_parents(state, (*it)->prev_ids, **it);
      apply(state, **it);
    }
    return state;
  }

  // The "sleet" member in effect at `id`: the nearest one along first parents; at a merge
  // node, each other parent's merged in against the newest ancestor both share.
  Json member_at(const std::string& id, const V9Snapshot& from) const {
    std::vector<std::string> chain;
    const V9Snapshot* snapshot = &lookup(id, from);
    Json found;
    while (true) {
      auto memo = members_.find(snapshot->id);
      if (memo != members_.end()) {
        found = memo->second;
        break;
      }
      chain.push_back(snapshot->id);
      if (!snapshot->sleet.is_null()) {
        found = snapshot->sleet;
        break;
      }
      if (snapshot->prev_ids.size() > 1) {
        found = merged_member(snapshot->prev_ids, *snapshot);
        break;
      }
      if (snapshot->base || snapshot->prev_ids.empty() || snapshot->prev_ids[0] == kNoParent) break;
      snapshot = &lookup(snapshot->prev_ids[0], *snapshot);
    }
    for (const std::string& on_chain : chain) members_[on_chain] = found;
    return found;
  }

  // The members of `parents` (branch leaves or a merge node's prevIds) merged: on an object both
  // branches changed, the branch whose leaf sorts later in the folder wins.
  Json merged_member(const std::vector<std::string>& parents, const V9Snapshot& from) const {
    std::string newest = parents.front();
    Json member = member_at(newest, from);
    for (std::size_t i = 1; i < parents.size(); ++i) {
      const std::string& other = parents[i];
      std::set<std::string> ours = history({newest}, from);
      std::set<std::string> theirs = history({other}, from);
      // The newest snapshot both histories hold, in folder order.
      std::string ancestor;
      for (const V9Snapshot& snapshot : snapshots_) {
        if (ours.contains(snapshot.id) && theirs.contains(snapshot.id)) ancestor = snapshot.id;
      }
      Json base = ancestor.empty() ? Json() : member_at(ancestor, from);
      Json other_member = member_at(other, from);
      if (by_id_.at(other) > by_id_.at(newest)) {
        member = merge_sleet_members(base, member, other_member);
        newest = other;
      } else {
        member = merge_sleet_members(base, other_member, member);
      }
    }
    return member;
  }

  // The combined state of the leaves: the newest one's, with the others' own deltas.
  EntityStore combined(const std::vector<std::string>& leaves) const {
    const V9Snapshot& newest = snapshots_[by_id_.at(leaves.front())];
    EntityStore state = reconstruct(leaves.front(), newest);
    if (leaves.size() > 1) apply_other_parents(state, leaves, newest);
    return state;
  }

 private:
  static constexpr const char* kNoParent = "00000000-0000-0000-0000-000000000000";

  static void apply(EntityStore& state, const V9Snapshot& snapshot) {
    for (std::size_t i = 0; i < snapshot.deltas.size(); ++i) {
      try {
        state.apply(snapshot.deltas[i]);
      } catch (const std::exception& e) {
        throw snapshot_error(snapshot.file, snapshot.id,
                             fmt::format("delta {} (deltas[{}]): {}",
                                         snapshot.deltas[i].value("op", "?"), i, e.what()),
                             kRegenerate);
      }
    }
  }

  std::vector<V9Snapshot> snapshots_;
  std::map<std::string, std::size_t> by_id_;
  mutable std::map<std::string, Json> members_;  // member_at, by snapshot id
};

}  // namespace

V9FolderState read_v9_folder_state(const std::vector<fs::path>& snapshot_files) {
  std::vector<V9Snapshot> snapshots;
  for (const fs::path& file : snapshot_files) {
    snapshots.push_back(read_v9_snapshot(read_text_file(file), file));
  }
  return v9_folder_state(std::move(snapshots));
}

V9FolderState v9_folder_state(std::vector<V9Snapshot> snapshots) {
  V9FolderState state;
  if (snapshots.empty()) return state;
  Replay replay(snapshots);
  state.leaf_ids = replay.leaf_ids();
  if (state.leaf_ids.empty()) {
    throw snapshot_error(snapshots.back().file, snapshots.back().id,
                         "every snapshot is some other snapshot's parent (a cycle in prevIds)",
                         kRegenerate);
  }
  for (const V9Snapshot& snapshot : snapshots) {
    if (snapshot.id == state.leaf_ids.front()) state.latest = snapshot.file;
  }
  EntityStore combined = replay.combined(state.leaf_ids);
  state.rows = combined.rows();
  const V9Snapshot& newest = snapshots[replay.index_of(state.leaf_ids.front())];
  state.sleet_member = state.leaf_ids.size() > 1 ? replay.merged_member(state.leaf_ids, newest)
                                                 : replay.member_at(state.leaf_ids.front(), newest);
  state.schema = schema_of_v9_rows(state.rows, state.latest.string(), state.sleet_member);
  return state;
}

std::vector<Json> v9_rows_after(const std::vector<Json>& rows, const Json& deltas,
                                const std::string& where) {
  EntityStore store;
  try {
    for (const Json& row : rows) store.create(row);
    for (const Json& delta : deltas) store.apply(delta);
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Usage, fmt::format("the migration's deltas: {}", e.what()), where,
                "report this to sleet with the folder and the schema files");
  }
  return store.rows();
}

Json v9_sleet_member_at(const std::vector<V9Snapshot>& snapshots, const std::string& id) {
  if (snapshots.empty()) return Json();
  Replay replay(snapshots);
  return replay.member_at(id, snapshots.back());
}

}  // namespace sleet
