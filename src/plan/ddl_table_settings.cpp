// DDL of the settings pg_dump writes after a CREATE TABLE (ddl.h): a column's statistics target,
// storage mode, compression and attribute options, a table's replica identity and CLUSTER ON.
// Column settings take ONLY, as pg_dump writes them: an inheriting table's own setting is its own.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::ddl {

namespace {

std::string alter_column(const QualifiedName& table, const std::string& column) {
  return fmt::format("ALTER TABLE ONLY {} ALTER COLUMN {}", qualified(table),
                     sql::quote_identifier(column));
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

}  // namespace

std::string set_column_statistics(const QualifiedName& table, const Column& column) {
  return fmt::format("{} SET STATISTICS {}", alter_column(table, column.name), column.statistics);
}

std::string set_column_storage(const QualifiedName& table, const Column& column,
                               const std::string& type_storage) {
  const std::string& mode = column.storage.empty() ? type_storage : column.storage;
  return fmt::format("{} SET STORAGE {}", alter_column(table, column.name), upper(mode));
}

std::string set_column_compression(const QualifiedName& table, const Column& column) {
  return fmt::format("{} SET COMPRESSION {}", alter_column(table, column.name),
                     column.compression.empty() ? "DEFAULT" : column.compression);
}

std::string set_column_options(const QualifiedName& table, const std::string& column,
                               const std::map<std::string, std::string>& options) {
  return fmt::format("{} SET ({})", alter_column(table, column), storage_parameters(options));
}

std::string reset_column_options(const QualifiedName& table, const std::string& column,
                                 const std::vector<std::string>& names) {
  return fmt::format("{} RESET ({})", alter_column(table, column), fmt::join(names, ", "));
}

std::string set_replica_identity(const Table& table) {
  std::string identity = table.replica_identity == "index"
                             ? "USING INDEX " + sql::quote_identifier(table.replica_identity_index)
                             : upper(table.replica_identity);
  return fmt::format("ALTER TABLE {} REPLICA IDENTITY {}", qualified(table.name), identity);
}

std::string set_cluster_on(const Table& table) {
  if (table.cluster_on.empty())
    return fmt::format("ALTER TABLE {} SET WITHOUT CLUSTER", qualified(table.name));
  return fmt::format("ALTER TABLE {} CLUSTER ON {}", qualified(table.name),
                     sql::quote_identifier(table.cluster_on));
}

std::vector<std::string> table_settings_statements(const Table& table) {
  std::vector<std::string> out;
  for (const Column& column : table.columns) {
    if (column.statistics != -1) out.push_back(set_column_statistics(table.name, column));
    if (!column.storage.empty()) out.push_back(set_column_storage(table.name, column, ""));
    if (!column.compression.empty()) out.push_back(set_column_compression(table.name, column));
    if (!column.options.empty())
      out.push_back(set_column_options(table.name, column.name, column.options));
  }
  if (table.replica_identity != "default") out.push_back(set_replica_identity(table));
  if (!table.cluster_on.empty()) out.push_back(set_cluster_on(table));
  return out;
}

}  // namespace sleet::ddl
