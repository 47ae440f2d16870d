// DDL of table inheritance (ddl.h): INHERITS in CREATE TABLE, and a parent added to or removed
// from an existing table.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sleet/ddl.h"

namespace sleet::ddl {

std::string inherits_clause(const std::vector<QualifiedName>& parents) {
  std::vector<std::string> names;
  for (const QualifiedName& parent : parents) names.push_back(qualified(parent));
  return fmt::format("INHERITS ({})", fmt::join(names, ", "));
}

std::string inherit_table(const QualifiedName& child, const QualifiedName& parent) {
  return fmt::format("ALTER TABLE {} INHERIT {}", qualified(child), qualified(parent));
}

std::string no_inherit_table(const QualifiedName& child, const QualifiedName& parent) {
  return fmt::format("ALTER TABLE {} NO INHERIT {}", qualified(child), qualified(parent));
}

}  // namespace sleet::ddl
