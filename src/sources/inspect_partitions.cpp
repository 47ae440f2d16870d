// Partitioned tables and partitions from the catalog: the key and bound as the server prints
// them, turned into the statements a schema file would hold and read back by the schema
// parser (parse_partitions.cpp), so declared and inspected partitioning agree by construction.
#include <fmt/format.h>

#include "sleet/sql.h"
#include "sources/inspect_internal.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

std::string qualified(const QualifiedName& name) {
  return sql::quote_identifier(name.schema) + "." + sql::quote_identifier(name.name);
}

}  // namespace

void add_partition_definitions(const TableRows& rows, Schema& schema,
                               std::vector<CatalogDefinition>& definitions) {
  for (const TableRows::Partitioning& table : rows.partitioning) {
    if (table.key.empty() || !schema.tables.contains(table.table)) continue;
    definitions.push_back(
        {"the partition key of table " + table.table.display() + " in the database",
         fmt::format("CREATE TABLE {} () PARTITION BY {}", qualified(table.table), table.key)});
  }
  for (const TableRows::Partitioning& table : rows.partitioning) {
    if (table.parent_oid.empty()) continue;
    auto parent = rows.table_names.find(table.parent_oid);
    if (parent == rows.table_names.end()) {
      // Its parent is left out: a partition alone is not a table sleet can declare.
      schema.tables.erase(table.table);
      continue;
    }
    definitions.push_back(
        {"the bound of partition " + table.table.display() + " in the database",
         fmt::format("ALTER TABLE {} ATTACH PARTITION {} {}", qualified(parent->second),
                     qualified(table.table), table.bound)});
  }
}

}  // namespace sleet::sources
