// plan_changes: the SQL of primary key, unique, check and foreign key changes, their phase
// and hazards.

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

void PlanBuilder::count_duplicate_key_rows(const QualifiedName& table, const std::string& name,
                                           const std::vector<std::string>& key_columns,
                                           bool nulls_not_distinct) {
  std::vector<std::string> columns;
  for (const auto& column : key_columns) columns.push_back(quote_identifier(column));
  count_affected_rows(kAddConstraints, name,
                      count_duplicate_keys(table, columns, nulls_not_distinct, ""),
                      "key values held by more than one row");
}

void PlanBuilder::plan_constraint_change(const Change& change) {
  const QualifiedName& object = change.object;
  switch (change.kind) {
    case ChangeKind::AddPrimaryKey:
      emit(kAddConstraints,
           alter_table(object) + " ADD " + ddl::primary_key_clause(as<PrimaryKey>(change.after)),
           object, change.kind, kMayFailOnData | kExclusiveLock,
           "builds a unique index; fails on duplicate or NULL keys");
      count_duplicate_key_rows(object, as<PrimaryKey>(change.after).name,
                               as<PrimaryKey>(change.after).columns, true);
      break;
    case ChangeKind::AddUnique:
      emit(kAddConstraints,
           alter_table(object) + " ADD " + ddl::unique_clause(as<UniqueConstraint>(change.after)),
           object, change.kind, kMayFailOnData, "builds a unique index; fails on duplicates");
      count_duplicate_key_rows(object, as<UniqueConstraint>(change.after).name,
                               as<UniqueConstraint>(change.after).columns,
                               as<UniqueConstraint>(change.after).nulls_not_distinct);
      break;
    case ChangeKind::AddCheck:
      emit(kAddConstraints,
           alter_table(object) + " ADD " + ddl::check_clause(as<CheckConstraint>(change.after)),
           object, change.kind, kMayFailOnData | kExclusiveLock,
           "checks every existing row against the new condition");
      {
        const auto& check = as<CheckConstraint>(change.after);
        count_affected_rows(kAddConstraints, check.name,
                            count_rows(object, "NOT (" + check.expression.canonical + ")"),
                            "rows violating " + check.name);
      }
      break;
    case ChangeKind::AddForeignKey:
      emit(kAddForeignKeys, ddl::add_foreign_key(object, as<ForeignKey>(change.after)), object,
           change.kind, kMayFailOnData, "checks every existing row against the referenced table");
      break;
    case ChangeKind::DropPrimaryKey:
    case ChangeKind::DropUnique:
    case ChangeKind::DropCheck:
      emit(kDropConstraints, drop_constraint(object, change.name), object, change.kind);
      break;
    case ChangeKind::DropForeignKey:
      emit(kDropForeignKeys, drop_constraint(object, change.name), object, change.kind);
      break;
    default:
      break;
  }
}

}  // namespace sleet::plan_detail
