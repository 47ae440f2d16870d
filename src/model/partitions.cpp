// Partitioned tables and inheritance: the order in which a parent and its partitions or
// children are created.
#include <functional>

#include "sleet/model.h"

namespace sleet {

std::vector<const Table*> tables_in_partition_order(const std::map<QualifiedName, Table>& tables) {
  std::vector<const Table*> ordered;
  ordered.reserve(tables.size());
  std::map<QualifiedName, bool> placed;
  std::function<void(const Table&)> place = [&](const Table& table) {
    bool& done = placed[table.name];
    if (done) return;
    done = true;  // set before the parent is visited: a cycle cannot recurse forever
    if (table.partition_of) {
      auto parent = tables.find(*table.partition_of);
      if (parent != tables.end()) place(parent->second);
    }
    for (const QualifiedName& inherited : table.inherits) {
      auto parent = tables.find(inherited);
      if (parent != tables.end()) place(parent->second);
    }
    ordered.push_back(&table);
  };
  for (const auto& [name, table] : tables) place(table);
  return ordered;
}

}  // namespace sleet
