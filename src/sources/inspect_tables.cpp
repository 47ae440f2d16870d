// Tables from the catalog: columns, constraints, indexes and policies, each kind read for
// every selected table at once.
#include <fmt/format.h>

#include "sleet/error.h"
#include "sleet/normalize.h"
#include "sleet/sql.h"
#include "sources/inspect_internal.h"

namespace sleet::sources {

namespace {

Expression catalog_expression(const std::string& text) {
  return Expression{text, sql::canonical_expression(text)};
}

// A name the catalog gives as (schema, name): bare for built-in and public objects.
std::string object_name(const std::string& schema, const std::string& name) {
  return schema.empty() || schema == "pg_catalog" || schema == "public" ? name
                                                                        : schema + "." + name;
}

std::vector<std::string> names_of(const nlohmann::json& list) {
  std::vector<std::string> out;
  if (list.is_array())
    for (const auto& item : list) out.push_back(item.get<std::string>());
  return out;
}

Table* table_of(const Row& row, const char* column, const TableRows& rows, Schema& schema) {
  auto it = rows.table_names.find(row.text(column));
  return it == rows.table_names.end() ? nullptr : &schema.tables.at(it->second);
}

void read_columns(const db::Result& result, const TableRows& rows, Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    Table* table = table_of(row, "attrelid", rows, schema);
    if (!table) continue;
    Column column;
    column.name = row.text("attname");
    column.type = catalog_type(row);
    column.not_null = row.flag("attnotnull");
    if (auto collation = row.optional("collation"))
      column.collation = object_name(row.text("collation_schema"), *collation);
    column.comment = row.optional("description");
    column.statistics = static_cast<int>(row.integer("statistics"));
    if (auto storage = row.optional("storage")) column.storage = storage_mode_name(*storage);
    column.compression = row.optional("compression").value_or("");
    // Only the options a user sets: some server builds stamp every column with one of their
    // own (pg_attver=...), which pg_dump does not write either.
    for (auto& [key, value] : storage_options(row.json("attribute_options")))
      if (!key.starts_with("pg_")) column.options[key] = value;
    std::optional<std::string> expression = row.optional("default_value");
    std::string identity = row.text("attidentity");
    if (!identity.empty()) {
      auto it = rows.identities.find(row.text("attrelid") + ":" + row.text("attnum"));
      if (it == rows.identities.end()) {
        throw Error(ErrorKind::Failure,
                    fmt::format("identity column {}.{} has no sequence in the catalog",
                                table->name.display(), column.name));
      }
      column.identity = it->second;
      column.identity->kind = identity == "a" ? Identity::Kind::Always : Identity::Kind::ByDefault;
    } else if (row.text("attgenerated") == "s" && expression) {
      column.generated = catalog_expression(*expression);
    } else if (expression) {
      // The server stores no default for a bare NULL; what it did store (NULL::character
      // varying on a varchar(n) column) is part of the catalog like any other default.
      column.default_value = catalog_expression(*expression);
    }
    table->columns.push_back(std::move(column));
  }
}

std::string action_name(const std::string& code) {
  if (code == "r") return "restrict";
  if (code == "c") return "cascade";
  if (code == "n") return "set null";
  if (code == "d") return "set default";
  return "no action";
}

void read_constraints(const db::Result& result, TableRows& rows, Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    Table* table = table_of(row, "conrelid", rows, schema);
    if (!table) continue;
    std::string name = row.text("conname");
    std::string type = row.text("contype");
    std::vector<std::string> columns = names_of(row.json("columns"));
    std::optional<std::string> comment = row.optional("description");
    if (type == "p") {
      PrimaryKey key{name, columns, comment};
      key.deferrable = row.flag("condeferrable");
      key.initially_deferred = row.flag("condeferred");
      table->primary_key = std::move(key);
    } else if (type == "u") {
      UniqueConstraint unique{name,
                              columns,
                              row.flag("nulls_not_distinct"),
                              row.flag("condeferrable"),
                              row.flag("condeferred"),
                              comment};
      table->unique_constraints.emplace(name, std::move(unique));
    } else if (type == "f") {
      ForeignKey key;
      key.name = name;
      key.columns = columns;
      key.references = QualifiedName{row.text("ref_schema"), row.text("ref_table")};
      key.referenced_columns = names_of(row.json("ref_columns"));
      key.on_update = action_name(row.text("confupdtype"));
      key.on_delete = action_name(row.text("confdeltype"));
      std::string match = row.text("confmatchtype");
      key.match = match == "f" ? "full" : match == "p" ? "partial" : "simple";
      key.deferrable = row.flag("condeferrable");
      key.initially_deferred = row.flag("condeferred");
      key.valid = row.flag("convalidated");
      key.comment = comment;
      table->foreign_keys.emplace(name, std::move(key));
    } else if (type == "c") {
      CheckConstraint check{name, catalog_expression(row.text("expression")),
                            row.flag("connoinherit"), comment, row.flag("convalidated")};
      table->check_constraints.emplace(name, std::move(check));
    } else if (type == "x") {
      rows.exclusions.push_back({table->name, name, row.text("definition"), comment});
    }
  }
}

IndexElement index_element(const nlohmann::json& key) {
  IndexElement element;
  if (key["column"].is_string()) {
    element.column = key["column"].get<std::string>();
  } else {
    element.expression = catalog_expression(key["definition"].get<std::string>());
  }
  if (key["opclass"].is_string() && !key["opclass_default"].get<bool>()) {
    element.opclass =
        object_name(key["opclass_schema"].get<std::string>(), key["opclass"].get<std::string>());
  }
  if (key["collation"].is_string() && !key["inherited_collation"].get<bool>()) {
    element.collation = object_name(key["collation_schema"].get<std::string>(),
                                    key["collation"].get<std::string>());
  }
  int option = key["option"].is_number() ? key["option"].get<int>() : 0;
  element.descending = (option & 1) != 0;   // INDOPTION_DESC
  element.nulls_first = (option & 2) != 0;  // INDOPTION_NULLS_FIRST
  return element;
}

void read_indexes(const db::Result& result, const TableRows& rows, Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    Table* table = table_of(row, "indrelid", rows, schema);
    auto matview = rows.matview_names.find(row.text("indrelid"));
    if (!table && matview == rows.matview_names.end()) continue;
    Index index;
    index.name = row.text("relname");
    index.unique = row.flag("indisunique");
    index.valid = row.flag("indisvalid");
    index.method = row.text("amname");
    index.nulls_not_distinct = row.flag("nulls_not_distinct");
    index.comment = row.optional("description");
    index.with = storage_options(row.json("options"));
    if (auto predicate = row.optional("predicate")) index.where = catalog_expression(*predicate);
    int64_t key_count = row.integer("indnkeyatts");
    nlohmann::json keys = row.json("keys");
    for (size_t k = 0; k < keys.size(); ++k) {
      if (static_cast<int64_t>(k) < key_count) {
        index.elements.push_back(index_element(keys[k]));
      } else {
        index.include.push_back(keys[k]["column"].get<std::string>());
      }
    }
    auto& indexes = table ? table->indexes : schema.views.at(matview->second).indexes;
    indexes.emplace(index.name, std::move(index));
  }
}

std::string policy_command(const std::string& code) {
  if (code == "r") return "SELECT";
  if (code == "a") return "INSERT";
  if (code == "w") return "UPDATE";
  if (code == "d") return "DELETE";
  return "ALL";
}

void read_policies(const db::Result& result, const TableRows& rows, Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    Table* table = table_of(row, "polrelid", rows, schema);
    if (!table) continue;
    Policy policy;
    policy.name = row.text("polname");
    policy.permissive = row.flag("polpermissive");
    policy.command = policy_command(row.text("polcmd"));
    policy.roles = names_of(row.json("roles"));
    if (auto expression = row.optional("using_expression"))
      policy.using_expression = catalog_expression(*expression);
    if (auto expression = row.optional("with_check"))
      policy.with_check = catalog_expression(*expression);
    policy.comment = row.optional("description");
    table->policies.emplace(policy.name, std::move(policy));
  }
}

}  // namespace

TypeName catalog_type(const Row& row) {
  TypeName type;
  std::string type_schema = row.text("type_schema");
  std::string spelled = row.text("type_name");
  std::string kind = row.text("typtype");
  bool user_schema = type_schema != "information_schema" && type_schema != "pg_catalog";
  // Enums, domains, composite, range and multirange types are user-defined types.
  if (kind == "e" || (user_schema && (kind == "d" || kind == "c" || kind == "r" || kind == "m"))) {
    type.name = row.text("typname");
    type.schema = type_schema;
  } else if (type_schema == "pg_catalog") {
    type.name = spelled;
  } else {
    // An extension's type: the model keeps it without its schema, as the parser does.
    std::string prefix = sql::quote_identifier_if_needed(type_schema) + ".";
    type.name = spelled.starts_with(prefix) ? spelled.substr(prefix.size()) : spelled;
  }
  if (row.flag("is_array")) type.array_dimensions = std::max<int>(1, row.integer("attndims"));
  return type;
}

void add_table_steps(std::vector<CatalogReader::Step>& steps, const CatalogQueries& queries,
                     TableRows& rows, Schema& schema) {
  steps.push_back({queries.columns, "columns", true,
                   [&](const db::Result& result) { read_columns(result, rows, schema); }});
  steps.push_back({queries.constraints, "constraints", true,
                   [&](const db::Result& result) { read_constraints(result, rows, schema); }});
  steps.push_back({queries.indexes, "indexes", true,
                   [&](const db::Result& result) { read_indexes(result, rows, schema); }});
  steps.push_back({queries.policies, "policies", true,
                   [&](const db::Result& result) { read_policies(result, rows, schema); }});
}

}  // namespace sleet::sources
