#include "studio/row_writes.h"

#include <fmt/format.h>

#include <vector>

#include "sleet/sql.h"
#include "studio/http_error.h"
#include "studio/value_json.h"

namespace sleet::studio {

namespace {

// One statement under construction: text with $n placeholders and their values.
struct Statement {
  std::string sql;
  std::vector<db::Parameter> parameters;

  std::string bind(const nlohmann::json& value) {
    parameters.push_back(parameter_from_json(value));
    return "$" + std::to_string(parameters.size());
  }
};

const nlohmann::json& member_object(const nlohmann::json& body, const char* name, bool required) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!body.contains(name)) {
    if (required) throw HttpError(400, fmt::format("the request needs \"{}\": {{...}}", name));
    return kEmpty;
  }
  if (!body[name].is_object()) throw HttpError(400, fmt::format("\"{}\" must be an object", name));
  return body[name];
}

void require_columns(const TableInfo& table, const nlohmann::json& values) {
  for (const auto& [column, value] : values.items()) {
    if (table.column_index(column) < 0) {
      throw HttpError(400, fmt::format("{} has no column '{}'", table.qualified(), column));
    }
  }
}

std::string returning(const TableInfo& table) {
  std::vector<std::string> columns;
  for (const ColumnInfo& column : table.columns)
    columns.push_back(sql::quote_identifier(column.name));
  return " RETURNING " + fmt::format("{}", fmt::join(columns, ", "));
}

// WHERE over every primary key column, each bound.
std::string key_condition(Statement& statement, const TableInfo& table, const nlohmann::json& key) {
  if (key.size() != table.primary_key.size()) {
    throw HttpError(400, fmt::format("\"key\" must give the primary key's columns: {}",
                                     fmt::join(table.primary_key, ", ")));
  }
  std::vector<std::string> terms;
  for (const std::string& column : table.primary_key) {
    if (!key.contains(column)) {
      throw HttpError(400, fmt::format("\"key\" lacks the primary key column '{}'", column));
    }
    terms.push_back(sql::quote_identifier(column) + " = " + statement.bind(key[column]));
  }
  return " WHERE " + fmt::format("{}", fmt::join(terms, " AND "));
}

Statement insert_statement(const TableInfo& table, const nlohmann::json& body) {
  const nlohmann::json& values = member_object(body, "values", false);
  require_columns(table, values);
  Statement statement;
  if (values.empty()) {
    statement.sql = "INSERT INTO " + table.qualified() + " DEFAULT VALUES";
  } else {
    std::vector<std::string> columns, placeholders;
    for (const auto& [column, value] : values.items()) {
      columns.push_back(sql::quote_identifier(column));
      placeholders.push_back(statement.bind(value));
    }
    statement.sql = fmt::format("INSERT INTO {} ({}) VALUES ({})", table.qualified(),
                                fmt::join(columns, ", "), fmt::join(placeholders, ", "));
  }
  statement.sql += returning(table);
  return statement;
}

Statement update_statement(const TableInfo& table, const nlohmann::json& body) {
  const nlohmann::json& set = member_object(body, "set", true);
  if (set.empty()) throw HttpError(400, "\"set\" names no column to change");
  require_columns(table, set);
  Statement statement;
  std::vector<std::string> assignments;
  for (const auto& [column, value] : set.items()) {
    assignments.push_back(sql::quote_identifier(column) + " = " + statement.bind(value));
  }
  statement.sql = fmt::format("UPDATE {} SET {}", table.qualified(), fmt::join(assignments, ", "));
  statement.sql += key_condition(statement, table, member_object(body, "key", true));
  statement.sql += returning(table);
  return statement;
}

Statement delete_statement(const TableInfo& table, const nlohmann::json& body) {
  Statement statement;
  statement.sql = "DELETE FROM " + table.qualified();
  statement.sql += key_condition(statement, table, member_object(body, "key", true));
  statement.sql += returning(table);
  return statement;
}

nlohmann::ordered_json parameters_json(const std::vector<db::Parameter>& parameters) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const db::Parameter& parameter : parameters) {
    list.push_back(parameter ? nlohmann::ordered_json(*parameter) : nlohmann::ordered_json());
  }
  return list;
}

}  // namespace

nlohmann::ordered_json write_row(db::Connection& connection, const TableInfo& table, RowWrite kind,
                                 const nlohmann::json& body) {
  std::string reason = table.read_only_reason();
  if (!reason.empty()) {
    throw HttpError(409,
                    fmt::format("{} is read-only in the studio: {}", table.qualified(), reason));
  }
  Statement statement = kind == RowWrite::Insert   ? insert_statement(table, body)
                        : kind == RowWrite::Update ? update_statement(table, body)
                                                   : delete_statement(table, body);
  nlohmann::ordered_json answer = {{"sql", statement.sql},
                                   {"parameters", parameters_json(statement.parameters)}};
  if (body.value("dry_run", false)) return answer;
  db::Transaction transaction(connection);
  db::Result result = connection.query(statement.sql, statement.parameters);
  if (result.rows() != 1) {
    throw HttpError(404, "no row has that key (changed or deleted since it was read?)");
  }
  transaction.commit();
  answer["row"] = row_json(result, 0);
  return answer;
}

}  // namespace sleet::studio
