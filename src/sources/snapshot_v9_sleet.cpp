// sleet's "sleet" member in drizzle-kit 1.0 (version "9") snapshots: the full state of what
// drizzle-kit 1.0 does not model (functions, triggers, domains, composite and range types,
// partitions, rules, event triggers, grants, extensions, inheritance, storage options, EXCLUDE
// constraints, comments, ...), as the 0.x snapshot's member holds it, plus the partitions'
// tables. drizzle-kit 1.0.0-rc.5 passes over an unknown top-level member (tested with the real
// tool) and writes none itself, so the state of a folder is the nearest member along prevIds
// (snapshot_v9.cpp); this file writes it, merges two branches' members, and lays a member over
// the version "7" document of the replayed rows (snapshot_v9_model.cpp).
#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>

#include "sleet/files.h"
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

// ---- Overlays: attributes drizzle-kit 1.0's ddl has a row for but no field (a column's
// collation, a deferrable or NOT VALID key, a NO INHERIT check, an index's INCLUDE, a view's
// column list). The member's entry for such an object carries them over drizzle-kit's row, and
// its "overlays" map holds, by the row's key, what of the row they were written over (its
// fingerprint). A row that no longer has that fingerprint was changed by drizzle-kit since (a
// key dropped and added again, a column's type changed, which resets its collation): the
// entry's attributes are stale and are not applied.

// The entries of a member's table entry that are overlays, with the entity type of their rows.
struct OverlayMap {
  const char* map;
  const char* entity_type;
};
constexpr OverlayMap kOverlayMaps[] = {
    {"columns", "columns"},           {"primaryKeys", "pks"},         {"foreignKeys", "fks"},
    {"uniqueConstraints", "uniques"}, {"checkConstraints", "checks"}, {"indexes", "indexes"}};

// Whether `entry` (a column's, key's, index's or view's entry) says more than a comment.
bool overlays_attributes(const Json& entry) {
  if (!entry.is_object()) return false;
  for (const auto& [key, value] : entry.items()) {
    if (key != "comment") return true;
  }
  return false;
}

// What of drizzle-kit's row an overlay depends on: for a column its type (a new type resets
// the collation), for a view its body (a new one is a new view), else the whole row (drizzle-kit
// drops and adds a key, check or index it changes); as the first 16 hex digits of the SHA-256 of
// that JSON with its members sorted.
std::string fingerprint(const Json& row) {
  std::string type = row.value("entityType", "");
  nlohmann::json print = nlohmann::json::object();
  if (type == "columns") {
    for (const char* field : {"type", "typeSchema", "dimensions"})
      print[field] = nlohmann::json::parse(row.value(field, Json()).dump());
  } else if (type == "views") {
    print["definition"] = nlohmann::json::parse(row.value("definition", Json()).dump());
  } else {
    print = nlohmann::json::parse(row.dump());
  }
  return sha256_hex(print.dump()).substr(0, 16);
}

// Calls `visit(key, entry)` for each overlay entry of `member` whose table (or view) is one of
// drizzle-kit's rows: `key` the qualified key of the row the entry lies over. A partition's
// entries (its table is in the member only) are not overlays.
void for_each_overlay(Json& member, const std::set<std::string>& tables,
                      const std::function<void(const std::string&, Json&)>& visit) {
  if (member.contains("tables") && member["tables"].is_object()) {
    for (auto& [table_key, entry] : member["tables"].items()) {
      if (!tables.contains(table_key) || !entry.is_object()) continue;
      std::size_t dot = table_key.find('.');
      std::string schema = table_key.substr(0, dot), table = table_key.substr(dot + 1);
      for (const OverlayMap& overlay : kOverlayMaps) {
        if (!entry.contains(overlay.map) || !entry[overlay.map].is_object()) continue;
        for (auto& [name, value] : entry[overlay.map].items()) {
          if (!overlays_attributes(value)) continue;
          Json identity = std::string(overlay.entity_type) == "indexes"
                              ? Json::array({schema, name})
                              : Json::array({schema, table, name});
          visit(std::string(overlay.entity_type) + '\0' + identity.dump(), value);
        }
      }
    }
  }
  if (member.contains("views") && member["views"].is_object()) {
    for (auto& [view_key, entry] : member["views"].items()) {
      if (!entry.is_object() ||
          (!entry.contains("columnNames") && !entry.contains("storageParameters")))
        continue;
      std::size_t dot = view_key.find('.');
      Json identity = Json::array({view_key.substr(0, dot), view_key.substr(dot + 1)});
      visit("views" + std::string(1, '\0') + identity.dump(), entry);
    }
  }
}

// The rows by qualified key, and the "schema.name" of each table and view among them.
struct RowIndex {
  std::map<std::string, const Json*> by_key;
  std::set<std::string> relations;
};

RowIndex index_rows(const std::vector<Json>& rows) {
  RowIndex index;
  for (const Json& row : rows) {
    std::string type = row.value("entityType", "");
    if (type == "tables" || type == "views")
      index.relations.insert(row.value("schema", "") + "." + row.value("name", ""));
    try {
      index.by_key[snapshot_v9::qualified_key(row)] = &row;
    } catch (const std::exception&) {
      // A row of a type the store does not know names nothing an overlay lies over.
    }
  }
  return index;
}

// reloption name -> drizzle-kit's member of a view row's "with" ("autovacuum_enabled" ->
// "autovacuumEnabled").
std::string camel_case(const std::string& name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '_' && i + 1 < name.size()) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(name[++i])));
    } else {
      out += name[i];
    }
  }
  return out;
}

// A view's storage parameters its drizzle-kit row has no field for (the row's "with" lacks the
// member), as the view entry's "storageParameters".
void put_unlisted_view_options(Json& member, const Schema& schema, const RowIndex& index) {
  for (const auto& [name, view] : schema.views) {
    if (view.with.empty()) continue;
    Json identity = Json::array({name.schema, name.name});
    auto row = index.by_key.find("views" + std::string(1, '\0') + identity.dump());
    if (row == index.by_key.end()) continue;
    const Json& with = row->second->contains("with") ? (*row->second)["with"] : Json();
    Json unlisted = Json::object();
    for (const auto& [option, value] : view.with) {
      bool listed = with.is_object() && with.contains(camel_case(option));
      if (!listed) unlisted[option] = value;
    }
    if (!unlisted.empty()) member["views"][name.display()]["storageParameters"] = unlisted;
  }
}

// drizzle-kit 1.0 spells a column of a type it does not model (a domain, composite or range
// type) as its TypeScript customType names it: "positive", or "shop.positive" outside public,
// with no typeSchema. Such a column of `tables` (version "7" tables) whose type the member
// defines gets that type's schema and name back.
void qualify_member_types(Json& tables, const Json& member) {
  std::set<std::string> defined;
  for (const char* kind : {"domains", "compositeTypes", "rangeTypes"}) {
    if (!member.contains(kind) || !member[kind].is_object()) continue;
    for (const auto& [key, value] : member[kind].items()) defined.insert(key);
  }
  if (defined.empty() || !tables.is_object()) return;
  for (auto& [table_key, table] : tables.items()) {
    if (!table.is_object() || !table.contains("columns") || !table["columns"].is_object()) continue;
    for (auto& [name, column] : table["columns"].items()) {
      if (!column.is_object() || column.contains("typeSchema")) continue;
      std::string type = column.value("type", "");
      std::size_t brackets = type.find('[');
      std::string base = type.substr(0, brackets);
      std::string suffix = brackets == std::string::npos ? "" : type.substr(brackets);
      std::string key = base.find('.') == std::string::npos ? "public." + base : base;
      if (!defined.contains(key)) continue;
      std::size_t dot = key.find('.');
      column["type"] = key.substr(dot + 1) + suffix;
      column["typeSchema"] = key.substr(0, dot);
    }
  }
}

}  // namespace

Json v9_sleet_member(const Schema& schema, const std::vector<Json>& rows) {
  Json member = v9_sleet_member(schema);
  RowIndex index = index_rows(rows);
  put_unlisted_view_options(member, schema, index);
  Json overlays = Json::object();
  for_each_overlay(member, index.relations, [&](const std::string& key, Json&) {
    auto row = index.by_key.find(key);
    if (row != index.by_key.end()) overlays[key] = fingerprint(*row->second);
  });
  if (!overlays.empty()) member["overlays"] = std::move(overlays);
  return member;
}

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

void apply_sleet_member(Json& document, const Json& member, const std::vector<Json>& rows) {
  if (!member.is_object()) return;
  Json extras = member;
  // Overlays whose row drizzle-kit changed since keep only their comment.
  Json overlays = extras.contains("overlays") ? extras["overlays"] : Json::object();
  extras.erase("overlays");
  RowIndex index = index_rows(rows);
  for_each_overlay(extras, index.relations, [&](const std::string& key, Json& entry) {
    auto row = index.by_key.find(key);
    auto written = overlays.find(key);
    if (row != index.by_key.end() && written != overlays.end() &&
        *written == Json(fingerprint(*row->second)))
      return;
    for (auto it = entry.begin(); it != entry.end();) {
      if (it.key() == "comment") {
        ++it;
      } else {
        it = entry.erase(it);
      }
    }
  });
  Json& tables = document["tables"];
  qualify_member_types(tables, extras);
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
      if (!has_key) {
        entry.erase("primaryKeyComment");
        entry.erase("primaryKeys");
      }
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
