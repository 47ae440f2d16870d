// DDL of partitions (ddl.h): a partition is created with its parent's columns, so only its own
// constraints are listed.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sleet/ddl.h"

namespace sleet::ddl {

std::string create_partition(const Table& table, const std::vector<std::string>& constraints) {
  std::string out =
      fmt::format("CREATE {}TABLE {} PARTITION OF {}", table.unlogged ? "UNLOGGED " : "",
                  qualified(table.name), qualified(*table.partition_of));
  if (!constraints.empty()) out += fmt::format(" (\n\t{}\n)", fmt::join(constraints, ",\n\t"));
  out += " " + table.partition_bound;
  if (!table.partition_by.empty()) out += " PARTITION BY " + table.partition_by;
  if (!table.with.empty()) out += " WITH (" + storage_parameters(table.with) + ")";
  return out;
}

std::string detach_partition(const QualifiedName& parent, const QualifiedName& partition) {
  return fmt::format("ALTER TABLE {} DETACH PARTITION {}", qualified(parent), qualified(partition));
}

std::string attach_partition(const QualifiedName& parent, const Table& partition) {
  return fmt::format("ALTER TABLE {} ATTACH PARTITION {} {}", qualified(parent),
                     qualified(partition.name), partition.partition_bound);
}

}  // namespace sleet::ddl
