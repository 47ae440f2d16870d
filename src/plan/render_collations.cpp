// plan_changes: the SQL of collation changes and their phases. A collation is created before the
// domains, types and tables that use it (with the enums) and dropped after them. One dropped to
// be created again (its definition changed) goes before the domains: the table columns using it
// first take the default collation, and get it back (AlterColumnCollation) once it exists again.
#include <fmt/format.h>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_collation_change(const Change& change) {
  const QualifiedName& object = change.object;
  if (change.kind == ChangeKind::CreateCollation) {
    emit(kEnums, ddl::create_collation(as<Collation>(change.after)), object, change.kind);
    return;
  }
  std::string drop = "DROP COLLATION " + qualified(object);
  if (std::holds_alternative<std::monostate>(change.after)) {
    emit(kDropEnums, drop, object, change.kind);
    return;
  }
  // Dropped to be created again: the columns that still use it (those the plan drops are gone
  // by now; those of tables it drops later are not) let go of it first.
  const std::string reference =
      object.schema == "public" ? object.name : object.schema + "." + object.name;
  for (const auto& [table_name, table] : work_.tables) {
    auto kept = to_.tables.find(table_name);
    for (const Column& column : table.columns) {
      if (column.collation != reference) continue;
      if (kept != to_.tables.end() && !kept->second.find_column(column.name)) continue;
      emit(kDropReplacedDomains,
           fmt::format("{} SET DATA TYPE {} COLLATE \"default\"",
                       alter_column(table_name, column.name), column.type.sql()),
           table_name, ChangeKind::AlterColumnCollation, kExclusiveLock,
           "lets go of collation " + object.display() + " while it is created again");
    }
  }
  emit(kDropReplacedDomains, drop, object, change.kind);
}

}  // namespace sleet::plan_detail
