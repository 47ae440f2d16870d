// sleet's "sleet" member in drizzle-kit 1.0 (version "9") snapshots: the full state of what
// drizzle-kit 1.0 does not model (functions, triggers, domains, composite and range types,
// partitions, rules, event triggers, grants, extensions, inheritance, storage options, EXCLUDE
// constraints, comments, ...), as the 0.x snapshot's member holds it, plus the partitions'
// tables. drizzle-kit 1.0.0-rc.5 passes over an unknown top-level member (tested with the real
// tool) and writes none itself, so the state of a folder is the nearest member along prevIds
// (snapshot_v9.cpp); this file writes it, merges two branches' members, and lays a member over
// the version "7" document of the replayed rows (snapshot_v9_model.cpp).
#include <algorithm>
#include <functional>

#include "sleet/snapshot_v9.h"
#include "snapshot_v9_internal.h"
#include "sources/snapshot_internal.h"

namespace sleet {

namespace {

using Json = nlohmann::ordered_json;

// Where merge_sleet_members goes on merging key by key: the member itself, its maps
// ("functions", "tables", ...), and for tables and views their entry and its maps ("triggers",
// "columns", "rules", ...). Anything deeper (a function, a trigger, a domain, a partition's
// table) is one object.
bool merged_by_key(const std::vector<std::string>& path) {
  if (path.size() <= 1) return true;
  if (path[0] != "tables" && path[0] != "views") return false;
  return path.size() <= 3;
}

Json merge(const Json& base, const Json& older, const Json& newer, std::vector<std::string>& path) {
  if (older == newer) return older;
  if (older == base) return newer;
  if (newer == base) return older;
  // Grants and default privileges: sets of entries.
  if (path.size() == 1 && older.is_array() && newer.is_array()) {
    auto holds = [](const Json& list, const Json& entry) {
      return list.is_array() && std::find(list.begin(), list.end(), entry) != list.end();
    };
    Json out = Json::array();
    for (const Json* side : {&older, &newer}) {
      for (const Json& entry : *side) {
        bool removed_by_one = holds(base, entry) && !(holds(older, entry) && holds(newer, entry));
        if (!removed_by_one && !holds(out, entry)) out.push_back(entry);
      }
    }
    return out;
  }
  if (merged_by_key(path) && older.is_object() && newer.is_object()) {
    static const Json kEmpty = Json::object();
    const Json& from = base.is_object() ? base : kEmpty;
    Json out = Json::object();
    std::vector<std::string> keys;
    for (const Json* side : {&older, &newer}) {
      for (const auto& [key, value] : side->items()) {
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
      }
    }
    auto at = [](const Json& object, const std::string& key) {
      auto found = object.find(key);
      return found == object.end() ? Json() : *found;
    };
    for (const std::string& key : keys) {
      path.push_back(key);
      Json value = merge(at(from, key), at(older, key), at(newer, key), path);
      path.pop_back();
      if (!value.is_null()) out[key] = std::move(value);
    }
    return out;
  }
  return newer;  // both changed it: the later migration's, as the database has it
}

}  // namespace

Json v9_sleet_member(const Schema& schema) {
  Json member = snapshot::write_extras(schema);
  Json partitions = Json::object();
  for (const auto& [name, table] : schema.tables) {
    if (table.partition_of) partitions[name.display()] = snapshot::table_json(table);
  }
  if (!partitions.empty()) member["partitions"] = std::move(partitions);
  return member;
}

Json merge_sleet_members(const Json& base, const Json& older, const Json& newer) {
  if (base.is_null() && older.is_null() && newer.is_null()) return Json();
  static const Json kEmpty = Json::object();
  std::vector<std::string> path;
  return merge(base.is_null() ? kEmpty : base, older.is_null() ? kEmpty : older,
               newer.is_null() ? kEmpty : newer, path);
}

namespace snapshot_v9 {

void apply_sleet_member(Json& document, const Json& member) {
  if (!member.is_object()) return;
  Json extras = member;
  Json& tables = document["tables"];
  Json* entries = extras.contains("tables") ? &extras["tables"] : nullptr;
  // Partitions join the tables while their parent is there (a table a drizzle-kit migration
  // dropped took its partitions with it); sub-partitions after their parent.
  if (extras.contains("partitions") && extras["partitions"].is_object()) {
    Json pending = extras["partitions"];
    bool progress = true;
    while (progress && !pending.empty()) {
      progress = false;
      for (auto it = pending.begin(); it != pending.end();) {
        const Json* entry =
            entries && entries->contains(it.key()) ? &(*entries)[it.key()] : nullptr;
        const Json* parent =
            entry && entry->contains("partitionOf") ? &(*entry)["partitionOf"] : nullptr;
        std::string parent_key = parent && parent->is_object() ? parent->value("schema", "public") +
                                                                     "." + parent->value("name", "")
                                                               : std::string();
        if (!parent_key.empty() && tables.contains(parent_key)) {
          if (!tables.contains(it.key())) tables[it.key()] = it.value();
          it = pending.erase(it);
          progress = true;
        } else {
          ++it;
        }
      }
    }
    extras.erase("partitions");
  }
  // What the member says of objects the state no longer holds went with them.
  auto prune = [](Json& map, const std::function<bool(const std::string&)>& holds) {
    if (!map.is_object()) return;
    for (auto it = map.begin(); it != map.end();) {
      if (holds(it.key())) {
        ++it;
      } else {
        it = map.erase(it);
      }
    }
  };
  auto in = [](const Json& object, const std::string& key) {
    return object.is_object() && object.contains(key);
  };
  if (entries) {
    prune(*entries, [&](const std::string& key) { return in(tables, key); });
    for (auto& [key, entry] : entries->items()) {
      if (!entry.is_object()) continue;
      const Json& table = tables[key];
      for (const char* map : {"columns", "foreignKeys", "uniqueConstraints", "checkConstraints",
                              "indexes", "policies"}) {
        if (entry.contains(map)) {
          prune(entry[map], [&](const std::string& name) { return in(table[map], name); });
        }
      }
      bool has_key = !table["compositePrimaryKeys"].empty();
      for (const auto& [name, column] : table["columns"].items())
        has_key = has_key || column.value("primaryKey", false);
      if (!has_key) entry.erase("primaryKeyComment");
      if (entry.contains("inherits") && entry["inherits"].is_array()) {
        Json parents = Json::array();
        for (const Json& parent : entry["inherits"]) {
          if (!parent.is_object()) continue;
          if (in(tables, parent.value("schema", "public") + "." + parent.value("name", "")))
            parents.push_back(parent);
        }
        if (parents.empty()) {
          entry.erase("inherits");
        } else {
          entry["inherits"] = std::move(parents);
        }
      }
    }
  }
  if (extras.contains("schemas")) {
    prune(extras["schemas"], [&](const std::string& name) {
      return name == "public" || in(document["schemas"], name);
    });
  }
  for (const char* map : {"enums", "sequences", "views"}) {
    if (extras.contains(map)) {
      prune(extras[map], [&](const std::string& key) { return in(document[map], key); });
    }
  }
  if (extras.contains("grants") && extras["grants"].is_array()) {
    Json kept = Json::array();
    for (const Json& grant : extras["grants"]) {
      std::string key = grant.value("schema", "") + "." + grant.value("name", "");
      if (grant.value("on", "") == "TABLE" && !in(tables, key) && !in(document["views"], key))
        continue;
      kept.push_back(grant);
    }
    extras["grants"] = std::move(kept);
  }
  document["sleet"] = std::move(extras);
}

}  // namespace snapshot_v9

}  // namespace sleet
