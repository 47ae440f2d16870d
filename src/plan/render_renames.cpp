// plan_changes: the SQL of renames and schema moves (serial sequences follow their table
// and column), in the renames phase.
#include <fmt/format.h>

#include <optional>

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
  // A range's constructors and multirange type follow it: the range as it was.
  std::optional<RangeType> range;
  if (change.kind == ChangeKind::RenameRangeType || change.kind == ChangeKind::MoveRangeType) {
    if (auto it = renaming_.range_types.find(change.old_object); it != renaming_.range_types.end())
      range = it->second;
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
    case ChangeKind::RenameDomain:
      rename_to("DOMAIN");
      break;
    case ChangeKind::MoveDomain:
      set_schema("DOMAIN");
      break;
    case ChangeKind::RenameCompositeType:
    case ChangeKind::RenameRangeType:
      rename_to("TYPE");
      break;
    case ChangeKind::MoveCompositeType:
    case ChangeKind::MoveRangeType:
      set_schema("TYPE");
      break;
    case ChangeKind::RenameCompositeAttribute:
      emit(kRenames,
           fmt::format("ALTER TYPE {} RENAME ATTRIBUTE {} TO {}", qualified(change.object),
                       quote_identifier(change.old_name), quote_identifier(change.name)),
           change.object, change.kind);
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
  if (range) plan_range_follow(change, *range);
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

void PlanBuilder::plan_range_follow(const Change& change, const RangeType& before) {
  // The server names a range's constructor functions after it, and its multirange type (of
  // the default name) and that type's constructors after the multirange; it creates all of
  // them in the range's schema. RENAME TO and SET SCHEMA of the range leave them behind.
  const bool move = change.kind == ChangeKind::MoveRangeType;
  const std::string& old_schema = change.old_object.schema;
  auto follow_function = [&](const std::string& old_name, const std::string& arguments,
                             const std::string& new_name) {
    std::string function = fmt::format("ALTER FUNCTION {}({})",
                                       qualified(QualifiedName{old_schema, old_name}), arguments);
    emit(kRenames,
         move ? fmt::format("{} SET SCHEMA {}", function, quote_identifier(change.object.schema))
              : fmt::format("{} RENAME TO {}", function, quote_identifier(new_name)),
         change.object, change.kind);
  };
  const std::string subtype = before.subtype.sql();
  follow_function(before.name.name, subtype + ", " + subtype, change.object.name);
  follow_function(before.name.name, subtype + ", " + subtype + ", text", change.object.name);
  const std::string old_multirange = before.multirange_type_name();
  std::string wanted = old_multirange;
  if (before.multirange_name.empty()) wanted = RangeType{change.object}.multirange_type_name();
  if (move) {
    emit(kRenames,
         fmt::format("ALTER TYPE {} SET SCHEMA {}",
                     qualified(QualifiedName{old_schema, old_multirange}),
                     quote_identifier(change.object.schema)),
         change.object, change.kind);
  } else if (wanted != old_multirange) {
    emit(
        kRenames,
        fmt::format("ALTER TYPE {} RENAME TO {}",
                    qualified(QualifiedName{old_schema, old_multirange}), quote_identifier(wanted)),
        change.object, change.kind);
  }
  if (!move && wanted == old_multirange) return;
  const std::string range = qualified(change.object);
  follow_function(old_multirange, "", wanted);
  follow_function(old_multirange, range, wanted);
  follow_function(old_multirange, range + "[]", wanted);
}

}  // namespace sleet::plan_detail
