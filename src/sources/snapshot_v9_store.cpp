// drizzle-kit 1.0's entity store for PostgreSQL (its ddl.ts: identities and edges), as the
// replay of a folder's deltas needs it.
#include <fmt/format.h>

#include <optional>
#include <set>
#include <stdexcept>
#include <utility>

#include "snapshot_v9_internal.h"

namespace sleet::snapshot_v9 {

namespace {

const Json kNull;

const Json& field(const Json& row, const std::string& name) {
  auto found = row.find(name);
  return found == row.end() ? kNull : *found;
}

const std::vector<std::string>& identity_fields(const std::string& type) {
  static const std::map<std::string, std::vector<std::string>> fields{
      {"schemas", {"name"}},
      {"tables", {"schema", "name"}},
      {"enums", {"schema", "name"}},
      {"columns", {"schema", "table", "name"}},
      {"indexes", {"schema", "name"}},
      {"fks", {"schema", "table", "name"}},
      {"pks", {"schema", "table", "name"}},
      {"uniques", {"schema", "table", "name"}},
      {"checks", {"schema", "table", "name"}},
      {"sequences", {"schema", "name"}},
      {"roles", {"name"}},
      {"privileges", {"schema", "table", "grantor", "grantee", "type"}},
      {"policies", {"schema", "table", "name"}},
      {"views", {"schema", "name"}},
  };
  auto found = fields.find(type);
  if (found == fields.end()) {
    throw std::runtime_error(fmt::format("unknown entity type \"{}\"", type));
  }
  return found->second;
}

std::string identity_of(const std::string& type, const Json& row) {
  Json key = Json::array();
  for (const std::string& name : identity_fields(type)) key.push_back(field(row, name));
  return key.dump();
}

std::string entity_type(const Json& row) {
  const Json& type = field(row, "entityType");
  if (!type.is_string()) throw std::runtime_error("an entity row without a string \"entityType\"");
  return type.get<std::string>();
}

// An edge of drizzle-kit's ddl: rows of `from` name a row of `to` through fields (scalars:
// target field <- source field) and, for a list edge, each element of a list.
struct Edge {
  std::string from;
  std::string to;
  std::vector<std::pair<std::string, std::string>> scalars;
  std::string list_target;  // the target field each list element fills; empty: no list
  std::string list;         // the source list
  std::string pick;         // the element's member holding the name; empty: the element
  std::string skip_when;    // elements with this member true name nothing
  bool enum_type = false;   // only for a column whose typeSchema is set and not pg_catalog

  bool applies(const Json& row) const {
    if (!enum_type) return true;
    const Json& schema = field(row, "typeSchema");
    return schema.is_string() && schema.get<std::string>() != "pg_catalog";
  }

  Json target(const Json& row) const {
    Json target = Json::object();
    for (const auto& [target_field, source] : scalars) target[target_field] = field(row, source);
    return target;
  }

  bool skipped(const Json& element) const {
    if (skip_when.empty() || !element.is_object()) return false;
    const Json& flag = field(element, skip_when);
    return flag.is_boolean() && flag.get<bool>();
  }

  const Json& element_name(const Json& element) const {
    return pick.empty() ? element : (element.is_object() ? field(element, pick) : kNull);
  }

  // The identities of the `to` rows `row` names.
  std::vector<std::string> resolve(const Json& row) const {
    if (!applies(row)) return {};
    Json base = target(row);
    if (list.empty()) return {identity_of(to, base)};
    std::vector<std::string> identities;
    const Json& elements = field(row, list);
    if (!elements.is_array()) return identities;
    for (const Json& element : elements) {
      if (skipped(element)) continue;
      const Json& name = element_name(element);
      if (!name.is_string()) continue;
      Json named = base;
      named[list_target] = name;
      identities.push_back(identity_of(to, named));
    }
    return identities;
  }

  // The change `row` needs now that the row it names moved from `from` to `to_row`.
  std::optional<Json> relocate(const Json& row, const Json& from_row, const Json& to_row) const {
    if (!applies(row)) return std::nullopt;
    for (const auto& [target_field, source] : scalars) {
      if (field(row, source) != field(from_row, target_field)) return std::nullopt;
    }
    Json patch = Json::object();
    for (const auto& [target_field, source] : scalars) patch[source] = field(to_row, target_field);
    if (list.empty()) return patch;
    const Json& elements = field(row, list);
    if (!elements.is_array()) return std::nullopt;
    bool changed = false;
    Json next = Json::array();
    for (const Json& element : elements) {
      if (skipped(element) || element_name(element) != field(from_row, list_target)) {
        next.push_back(element);
        continue;
      }
      changed = true;
      if (pick.empty()) {
        next.push_back(field(to_row, list_target));
      } else {
        Json moved = element;
        moved[pick] = field(to_row, list_target);
        next.push_back(std::move(moved));
      }
    }
    if (!changed) return std::nullopt;
    patch[list] = std::move(next);
    return patch;
  }
};

Edge scalar_edge(std::string from, std::string to,
                 std::vector<std::pair<std::string, std::string>> scalars) {
  return Edge{std::move(from), std::move(to), std::move(scalars)};
}

Edge list_edge(std::string from, std::string to,
               std::vector<std::pair<std::string, std::string>> scalars, std::string list,
               std::string pick = {}, std::string skip_when = {}) {
  Edge edge{std::move(from), std::move(to), std::move(scalars)};
  edge.list_target = "name";
  edge.list = std::move(list);
  edge.pick = std::move(pick);
  edge.skip_when = std::move(skip_when);
  return edge;
}

const std::vector<Edge>& edges() {
  static const std::vector<Edge> all = [] {
    std::vector<std::pair<std::string, std::string>> in_schema{{"name", "schema"}};
    std::vector<std::pair<std::string, std::string>> on_table{{"schema", "schema"},
                                                              {"name", "table"}};
    std::vector<std::pair<std::string, std::string>> of_table{{"schema", "schema"},
                                                              {"table", "table"}};
    std::vector<Edge> list;
    for (const char* type : {"tables", "enums", "sequences", "views"})
      list.push_back(scalar_edge(type, "schemas", in_schema));
    for (const char* type :
         {"checks", "policies", "privileges", "columns", "indexes", "pks", "uniques", "fks"})
      list.push_back(scalar_edge(type, "tables", on_table));
    list.push_back(list_edge("policies", "roles", {}, "roles"));
    list.push_back(scalar_edge("privileges", "roles", {{"name", "grantee"}}));
    list.push_back(scalar_edge("privileges", "roles", {{"name", "grantor"}}));
    Edge enum_type = scalar_edge("columns", "enums", {{"schema", "typeSchema"}, {"name", "type"}});
    enum_type.enum_type = true;
    list.push_back(enum_type);
    list.push_back(list_edge("indexes", "columns", of_table, "columns", "value", "isExpression"));
    list.push_back(list_edge("pks", "columns", of_table, "columns"));
    list.push_back(list_edge("uniques", "columns", of_table, "columns"));
    list.push_back(list_edge("fks", "columns", of_table, "columns"));
    list.push_back(scalar_edge("fks", "tables", {{"schema", "schemaTo"}, {"name", "tableTo"}}));
    list.push_back(
        list_edge("fks", "columns", {{"schema", "schemaTo"}, {"table", "tableTo"}}, "columnsTo"));
    return list;
  }();
  return all;
}

std::string join_key(const std::string& type, const std::string& identity) {
  return type + '\0' + identity;
}

}  // namespace

std::string identity(const Json& row) {
  return identity_of(entity_type(row), row);
}

std::string qualified_key(const Json& row) {
  return join_key(entity_type(row), identity(row));
}

void EntityStore::create(const Json& row) {
  if (!row.is_object()) throw std::runtime_error("an entity row that is not a JSON object");
  std::string key = qualified_key(row);
  auto found = by_key_.find(key);
  if (found == by_key_.end()) {
    rows_[next_] = row;
    by_key_[key] = next_++;
    return;
  }
  const Json& stored = rows_.at(found->second);
  for (const auto& [name, value] : stored.items()) {
    if (value != field(row, name)) {
      throw std::runtime_error(fmt::format(
          "the create delta adds {} {}, and another entity of {} with other values already has "
          "this key; two migrations gave one name to two different entities",
          entity_type(row), identity(row), entity_type(row)));
    }
  }
}

void EntityStore::apply(const Json& delta) {
  if (!delta.is_object()) throw std::runtime_error("a delta that is not a JSON object");
  const Json& op = field(delta, "op");
  if (!op.is_string()) throw std::runtime_error("a delta without a string \"op\"");
  std::string kind = op.get<std::string>();
  if (kind == "create") {
    create(field(delta, "row"));
    return;
  }
  const Json& key = field(delta, "key");
  if (!key.is_string() || key.get<std::string>().find('\0') == std::string::npos) {
    throw std::runtime_error("a delta without a \"key\" of the form entity type, NUL, identity");
  }
  if (kind == "drop") {
    auto found = by_key_.find(key.get<std::string>());
    if (found == by_key_.end()) return;
    rows_.erase(found->second);
    by_key_.erase(found);
    return;
  }
  if (kind != "alter" && kind != "rename") {
    throw std::runtime_error(fmt::format("unknown delta op \"{}\"", kind));
  }
  const Json& set = field(delta, "set");
  if (!set.is_object())
    throw std::runtime_error("an alter or rename delta without a \"set\" object");
  update(key.get<std::string>(), set);
}

void EntityStore::update(const std::string& key, const Json& set) {
  auto found = by_key_.find(key);
  if (found == by_key_.end()) return;
  Json& row = rows_.at(found->second);
  Json old_row = row;
  for (const auto& [name, value] : set.items()) {
    if (row.contains(name)) row[name] = value;
  }
  std::string type = entity_type(row);
  std::string new_identity = identity_of(type, row);
  if (join_key(type, new_identity) == key) return;

  // A changed identity: every row naming the old one follows, and the rows naming those.
  std::map<std::uint64_t, Json> before = rows_;
  struct Moved {
    std::string type;
    std::string old_identity;
    Json old_row;
    std::uint64_t order;
  };
  std::multimap<std::string, std::pair<std::uint64_t, const Edge*>> naming;
  for (const auto& [order, candidate] : rows_) {
    std::string candidate_type = entity_type(candidate);
    for (const Edge& edge : edges()) {
      if (edge.from != candidate_type) continue;
      for (const std::string& target : edge.resolve(candidate))
        naming.emplace(join_key(edge.to, target), std::make_pair(order, &edge));
    }
  }
  std::vector<Moved> queue{{type, key.substr(key.find('\0') + 1), old_row, found->second}};
  std::set<std::string> visited{key};
  for (std::size_t i = 0; i < queue.size(); ++i) {
    Moved moved = queue[i];
    auto [first, last] = naming.equal_range(join_key(moved.type, moved.old_identity));
    for (auto it = first; it != last; ++it) {
      auto [order, edge] = it->second;
      Json& dependent = rows_.at(order);
      std::optional<Json> patch = edge->relocate(dependent, moved.old_row, rows_.at(moved.order));
      if (!patch) continue;
      Json dependent_before = dependent;
      std::string dependent_type = entity_type(dependent);
      std::string old_identity = identity_of(dependent_type, dependent);
      for (const auto& [name, value] : patch->items()) dependent[name] = value;
      if (identity_of(dependent_type, dependent) == old_identity) continue;
      if (visited.insert(join_key(dependent_type, old_identity)).second)
        queue.push_back({dependent_type, old_identity, dependent_before, order});
    }
  }
  std::set<std::string> held;
  for (const auto& [order, candidate] : rows_) {
    if (held.insert(qualified_key(candidate)).second) continue;
    rows_ = std::move(before);
    throw std::runtime_error(
        fmt::format("the delta moves {} {} to {}, and another row of {} already has that key; two "
                    "migrations gave one name to two different entities",
                    type, key.substr(key.find('\0') + 1), new_identity, entity_type(candidate)));
  }
  rekey();
}

void EntityStore::rekey() {
  by_key_.clear();
  for (const auto& [order, row] : rows_) by_key_[qualified_key(row)] = order;
}

std::vector<Json> EntityStore::rows() const {
  std::vector<Json> list;
  list.reserve(rows_.size());
  for (const auto& [order, row] : rows_) list.push_back(row);
  return list;
}

}  // namespace sleet::snapshot_v9
