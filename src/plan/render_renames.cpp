// plan_changes: the SQL of renames and schema moves (serial sequences follow their table
// and column), in the renames phase.
#include <fmt/format.h>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_rename(const Change& change) {
  // Serial sequences keep their names when their table or column is renamed; rename them
  // too, so the result matches a database created from `to`.
  std::vector<std::pair<std::string, QualifiedName>> serials;  // column, sequence before
  auto table_it = renaming_.tables.find(change.old_object);
  if (change.kind == ChangeKind::RenameColumn) table_it = renaming_.tables.find(change.object);
  bool renames_serials =
      change.kind == ChangeKind::RenameTable || change.kind == ChangeKind::RenameColumn;
  if (renames_serials && table_it != renaming_.tables.end()) {
    for (const Column& column : table_it->second.columns) {
      if (column.serial != Serial::None)
        serials.emplace_back(column.name, serial_sequence(table_it->second.name, column));
    }
  }
  apply_rename(renaming_, change);

  const QualifiedName& old_name = change.old_object;
  auto rename_to = [&](const std::string& what) {
    emit(kRenames,
         fmt::format("ALTER {} {} RENAME TO {}", what, qualified(old_name),
                     quote_identifier(change.object.name)),
         change.object, change.kind);
  };
  auto set_schema = [&](const std::string& what) {
    emit(kRenames,
         fmt::format("ALTER {} {} SET SCHEMA {}", what, qualified(old_name),
                     quote_identifier(change.object.schema)),
         change.object, change.kind);
  };
  auto rename_member = [&](const char* what) {
    emit(kRenames,
         fmt::format("{} RENAME {} {} TO {}", alter_table(change.object), what,
                     quote_identifier(change.old_name), quote_identifier(change.name)),
         change.object, change.kind);
  };
  auto view_kind = [&] {
    auto it = work_.views.find(change.object);
    return it != work_.views.end() && it->second.materialized ? "MATERIALIZED VIEW" : "VIEW";
  };
  switch (change.kind) {
    case ChangeKind::RenameSchema:
      emit(kRenames,
           fmt::format("ALTER SCHEMA {} RENAME TO {}", quote_identifier(old_name.schema),
                       quote_identifier(change.object.schema)),
           change.object, change.kind);
      break;
    case ChangeKind::RenameEnum:
      rename_to("TYPE");
      break;
    case ChangeKind::MoveEnum:
      set_schema("TYPE");
      break;
    case ChangeKind::RenameSequence:
      rename_to("SEQUENCE");
      break;
    case ChangeKind::MoveSequence:
      set_schema("SEQUENCE");
      break;
    case ChangeKind::RenameTable:
      rename_to("TABLE");
      break;
    case ChangeKind::MoveTable:
      set_schema("TABLE");
      break;
    case ChangeKind::RenameView:
      rename_to(view_kind());
      break;
    case ChangeKind::MoveView:
      set_schema(view_kind());
      break;
    case ChangeKind::RenameColumn:
      rename_member("COLUMN");
      break;
    case ChangeKind::RenamePolicy:
      emit(kRenames,
           fmt::format("ALTER POLICY {} ON {} RENAME TO {}", quote_identifier(change.old_name),
                       qualified(change.object), quote_identifier(change.name)),
           change.object, change.kind);
      break;
    case ChangeKind::RenameConstraint:
      rename_member("CONSTRAINT");
      break;
    case ChangeKind::RenameIndex:
      emit(kRenames,
           fmt::format("ALTER INDEX {} RENAME TO {}",
                       qualified(QualifiedName{change.object.schema, change.old_name}),
                       quote_identifier(change.name)),
           change.object, change.kind);
      break;
    default:
      break;
  }
  const QualifiedName& table =
      change.kind == ChangeKind::RenameColumn ? change.object : change.object;
  for (const auto& [column, sequence] : serials) {
    std::string now =
        change.kind == ChangeKind::RenameColumn && column == change.old_name ? change.name : column;
    // The target may keep the old name (pg_dump of a renamed table writes it so): then the
    // sequence stays as it is.
    QualifiedName wanted = serial_sequence(table, now);
    if (auto target = to_.tables.find(table); target != to_.tables.end()) {
      if (const Column* kept = target->second.find_column(now);
          kept && kept->serial != Serial::None) {
        wanted = serial_sequence(table, *kept);
      }
    }
    if (wanted.name == sequence.name) continue;
    emit(kRenames,
         fmt::format("ALTER SEQUENCE {} RENAME TO {}",
                     qualified(QualifiedName{table.schema, sequence.name}),
                     quote_identifier(wanted.name)),
         table, change.kind);
  }
}

}  // namespace sleet::plan_detail
