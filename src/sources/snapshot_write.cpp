// Schema -> drizzle-kit snapshot, with the keys in the order drizzle-kit 0.31's generate
// inserts them (pgSerializer's generatePgSnapshot), so JSON.stringify output matches.
#include <map>
#include <memory>
#include <set>

#include "sleet/snapshot.h"
#include "sources/snapshot_internal.h"

namespace sleet::snapshot {
namespace {

const std::set<std::string>& numeric_types() {
  static const std::set<std::string> types = {"smallint", "integer",          "bigint",
                                              "real",     "double precision", "numeric"};
  return types;
}

std::string text_of(const Expression& expression) {
  return expression.text.empty() ? expression.canonical : expression.text;
}

std::string table_schema_field(const QualifiedName& name) {
  return name.schema == "public" ? "" : name.schema;
}

// drizzle-kit writes defaults given as JavaScript values as JSON numbers and booleans, and
// everything else (strings, sql`...`) as SQL text; the column type and the text decide.
Json default_json(const Column& column) {
  std::string text = text_of(*column.default_value);
  const TypeName& type = column.type;
  if (type.array_dimensions == 0 && !type.is_user_defined()) {
    if (type.name == "boolean" && (text == "true" || text == "false")) return text == "true";
    std::string base = type.name.substr(0, type.name.find('('));
    if (numeric_types().contains(base)) {
      Json number = number_from_text(text);
      if (!number.is_null()) return number;
    }
  }
  return text;
}

Json with_value(const std::string& text) {
  if (text == "true" || text == "false") return text == "true";
  Json number = number_from_text(text);
  return number.is_null() ? Json(text) : number;
}

std::string snake_to_camel(const std::string& name) {
  std::string out;
  bool upper = false;
  for (char c : name) {
    if (c == '_') {
      upper = true;
    } else {
      out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      upper = false;
    }
  }
  return out;
}

// increment ... cycle, numbers as strings, as drizzle-kit writes them for sequences and
// identities alike.
void put_sequence_options(Json& out, const SequenceOptions& options) {
  out["increment"] = std::to_string(options.increment);
  out["startWith"] = std::to_string(options.start);
  out["minValue"] = std::to_string(options.min_value);
  out["maxValue"] = std::to_string(options.max_value);
  out["cache"] = std::to_string(options.cache);
  out["cycle"] = options.cycle;
}

Json identity_json(const Identity& identity) {
  Json out = Json::object();
  out["type"] = identity.kind == Identity::Kind::Always ? "always" : "byDefault";
  out["name"] = identity.sequence.name;
  out["schema"] = identity.sequence.schema;
  put_sequence_options(out, identity.options);
  return out;
}

Json column_json(const Column& column, bool primary_key) {
  Json out = Json::object();
  out["name"] = column.name;
  out["type"] = drizzle_type_spelling(column.type, column.serial);
  if (column.type.is_user_defined()) out["typeSchema"] = column.type.schema;
  out["primaryKey"] = primary_key;
  out["notNull"] = column.not_null;
  if (column.generated) {
    out["generated"] = Json{{"as", text_of(*column.generated)}, {"type", "stored"}};
  }
  if (column.identity) out["identity"] = identity_json(*column.identity);
  if (column.default_value) out["default"] = default_json(column);
  return out;
}

}  // namespace

Json index_json(const Index& index) {
  Json columns = Json::array();
  for (const IndexElement& element : index.elements) {
    Json entry = Json::object();
    if (element.expression) {
      entry["expression"] = text_of(*element.expression);
      entry["asc"] = !element.descending;
      entry["isExpression"] = true;
      entry["nulls"] = element.nulls_first ? "first" : "last";
    } else {
      entry["expression"] = element.column;
      entry["isExpression"] = false;
      entry["asc"] = !element.descending;
      entry["nulls"] = element.nulls_first ? "first" : "last";
    }
    if (!element.opclass.empty()) entry["opclass"] = element.opclass;
    columns.push_back(std::move(entry));
  }
  Json out = Json::object();
  out["name"] = index.name;
  out["columns"] = std::move(columns);
  out["isUnique"] = index.unique;
  if (index.where) out["where"] = text_of(*index.where);
  out["concurrently"] = index.concurrently;
  out["method"] = index.method;
  Json with = Json::object();
  for (const auto& [key, value] : index.with) with[key] = with_value(value);
  out["with"] = std::move(with);
  return out;
}

namespace {

Json foreign_key_json(const Table& table, const ForeignKey& key) {
  Json out = Json::object();
  out["name"] = key.name;
  out["tableFrom"] = table.name.name;
  out["tableTo"] = key.references.name;
  // drizzle-orm leaves a public table's schema undefined, so JSON.stringify drops the key.
  if (key.references.schema != "public") out["schemaTo"] = key.references.schema;
  out["columnsFrom"] = key.columns;
  out["columnsTo"] = key.referenced_columns;
  out["onDelete"] = key.on_delete;
  out["onUpdate"] = key.on_update;
  return out;
}

Json policy_json(const Policy& policy) {
  Json out = Json::object();
  out["name"] = policy.name;
  out["as"] = policy.permissive ? "PERMISSIVE" : "RESTRICTIVE";
  out["for"] = policy.command;
  out["to"] = policy.roles;
  if (policy.using_expression) out["using"] = text_of(*policy.using_expression);
  if (policy.with_check) out["withCheck"] = text_of(*policy.with_check);
  return out;
}

// Whether `table`'s primary key is the kind drizzle writes as `primaryKey: true` on a column:
// one of the table's own (a child table's key on a column it inherits has no column row to
// carry it, so it is written in compositePrimaryKeys).
bool is_column_primary_key(const Table& table) {
  return table.primary_key && table.primary_key->columns.size() == 1 &&
         table.primary_key->name == make_object_name(table.name.name, "", "pkey") &&
         table.find_column(table.primary_key->columns[0]);
}

// An empty object with room for `members` members. ordered_json keeps members in a vector of
// pairs with const keys, so growing it copies (not moves) every member already inserted:
// without the room, a document of 1,000 tables is copied many times over as it is built.
Json object_with_room(std::size_t members) {
  Json out = Json::object();
  out.get_ref<Json::object_t&>().reserve(members);
  return out;
}

}  // namespace

Json table_json(const Table& table) {
  bool column_primary_key = is_column_primary_key(table);
  Json columns = object_with_room(table.columns.size());
  for (const Column& column : table.columns) {
    bool primary = column_primary_key && table.primary_key->columns[0] == column.name;
    columns[column.name] = column_json(column, primary);
  }
  Json indexes = object_with_room(table.indexes.size());
  for (const auto& [name, index] : table.indexes) indexes[name] = index_json(index);
  Json foreign_keys = Json::object();
  for (const auto& [name, key] : table.foreign_keys)
    foreign_keys[name] = foreign_key_json(table, key);
  Json primary_keys = Json::object();
  if (table.primary_key && !column_primary_key) {
    primary_keys[table.primary_key->name] =
        Json{{"name", table.primary_key->name}, {"columns", table.primary_key->columns}};
  }
  Json uniques = Json::object();
  for (const auto& [name, unique] : table.unique_constraints) {
    uniques[name] = Json{{"name", unique.name},
                         {"nullsNotDistinct", unique.nulls_not_distinct},
                         {"columns", unique.columns}};
  }
  Json policies = Json::object();
  for (const auto& [name, policy] : table.policies) policies[name] = policy_json(policy);
  Json checks = Json::object();
  for (const auto& [name, check] : table.check_constraints) {
    checks[name] = Json{{"name", check.name}, {"value", text_of(check.expression)}};
  }
  Json out = object_with_room(10);
  out["name"] = table.name.name;
  out["schema"] = table_schema_field(table.name);
  out["columns"] = std::move(columns);
  out["indexes"] = std::move(indexes);
  out["foreignKeys"] = std::move(foreign_keys);
  out["compositePrimaryKeys"] = std::move(primary_keys);
  out["uniqueConstraints"] = std::move(uniques);
  out["policies"] = std::move(policies);
  out["checkConstraints"] = std::move(checks);
  out["isRLSEnabled"] = table.row_level_security;
  return out;
}

namespace {

Json view_json(const View& view) {
  Json with = Json::object();
  std::map<std::string, Json> options;
  for (const auto& [key, value] : view.with) options[snake_to_camel(key)] = with_value(value);
  if (!view.check_option.empty()) options["checkOption"] = view.check_option;
  for (auto& [key, value] : options) with[key] = std::move(value);
  Json out = Json::object();
  out["columns"] = Json::object();  // drizzle's selected fields; sleet does not model them
  out["definition"] = text_of(view.query);
  out["name"] = view.name.name;
  out["schema"] = view.name.schema;
  out["isExisting"] = false;
  if (!with.empty()) out["with"] = std::move(with);
  if (view.with_no_data) out["withNoData"] = true;
  out["materialized"] = view.materialized;
  if (!view.tablespace.empty()) out["tablespace"] = view.tablespace;
  if (!view.access_method.empty()) out["using"] = view.access_method;
  return out;
}

Json sequence_json(const Sequence& sequence) {
  Json out = Json::object();
  out["name"] = sequence.name.name;
  out["schema"] = sequence.name.schema;
  put_sequence_options(out, sequence.options);
  return out;
}

}  // namespace

Json snapshot_document(const Schema& schema, const SnapshotHeader& header,
                       bool table_placeholders) {
  Json tables = object_with_room(schema.tables.size());
  for (const auto& [name, table] : schema.tables) {
    tables[name.display()] = table_placeholders ? Json(nullptr) : table_json(table);
  }
  Json enums = Json::object();
  for (const auto& [name, value] : schema.enums) {
    enums[name.display()] =
        Json{{"name", name.name}, {"schema", name.schema}, {"values", value.values}};
  }
  Json namespaces = Json::object();
  for (const auto& [name, value] : schema.namespaces) {
    if (name != "public") namespaces[name] = name;
  }
  Json sequences = Json::object();
  for (const auto& [name, sequence] : schema.sequences) {
    sequences[name.display()] = sequence_json(sequence);
  }
  Json roles = Json::object();
  for (const auto& [name, role] : schema.roles) {
    roles[name] = Json{{"name", role.name},
                       {"createDb", role.create_db},
                       {"createRole", role.create_role},
                       {"inherit", role.inherit}};
  }
  Json views = object_with_room(schema.views.size());
  for (const auto& [name, view] : schema.views) views[name.display()] = view_json(view);

  Json out = object_with_room(13);
  out["id"] = header.id;
  out["prevId"] = header.prev_id;
  out["version"] = "7";
  out["dialect"] = "postgresql";
  out["tables"] = std::move(tables);
  out["enums"] = std::move(enums);
  out["schemas"] = std::move(namespaces);
  out["sequences"] = std::move(sequences);
  out["roles"] = std::move(roles);
  out["policies"] = Json::object();
  out["views"] = std::move(views);
  out["_meta"] =
      Json{{"columns", Json::object()}, {"schemas", Json::object()}, {"tables", Json::object()}};
  Json extras = write_extras(schema);
  if (!extras.empty()) out["sleet"] = std::move(extras);
  return out;
}

Expand expand_table(const Schema& schema, const SnapshotLayout* layout) {
  auto by_key = std::make_shared<std::map<std::string, const Table*, std::less<>>>();
  for (const auto& [name, table] : schema.tables) (*by_key)[name.display()] = &table;
  const std::string tables_pointer = child_pointer("", "tables");
  return [by_key, layout, tables_pointer](const std::string& parent,
                                          const std::string& key) -> std::optional<Json> {
    if (parent != tables_pointer) return std::nullopt;
    auto found = by_key->find(key);
    if (found == by_key->end()) return std::nullopt;
    Json table = table_json(*found->second);
    if (!layout || layout->empty()) return table;
    return apply_layout(table, *layout, child_pointer(tables_pointer, key));
  };
}

}  // namespace sleet::snapshot

namespace sleet {

std::string save_snapshot(const Schema& schema, const SnapshotHeader& header) {
  // Tables are rendered one at a time as they are written: the whole document (several
  // times the file's size) is never held at once.
  snapshot::Json document = snapshot::snapshot_document(schema, header, true);
  snapshot::Expand expand = snapshot::expand_table(schema, &header.layout);
  if (header.layout.empty()) return snapshot::stringify(document, &expand);
  return snapshot::stringify(snapshot::apply_layout(document, header.layout), &expand);
}

}  // namespace sleet
