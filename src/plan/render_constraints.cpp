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
    case ChangeKind::AddPrimaryKey: {
      const auto& key = as<PrimaryKey>(change.after);
      std::string deferral = !key.deferrable          ? ""
                             : key.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED"
                                                      : " DEFERRABLE";
      if (online_partitioned(object)) {
        plan_partitioned_key(object, key.name, key.columns, false, "PRIMARY KEY", deferral,
                             change.kind);
        break;
      }
      if (online(object)) {
        emit_key_using_index(object, key.name, key.columns, false, "PRIMARY KEY", deferral,
                             change.kind);
        break;
      }
      emit(kAddConstraints, alter_table(object) + " ADD " + ddl::primary_key_clause(key), object,
           change.kind, kMayFailOnData | kExclusiveLock,
           "builds a unique index; fails on duplicate or NULL keys");
      count_duplicate_key_rows(object, key.name, key.columns, true);
      break;
    }
    case ChangeKind::AddUnique: {
      const auto& unique = as<UniqueConstraint>(change.after);
      std::string deferral = !unique.deferrable          ? ""
                             : unique.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED"
                                                         : " DEFERRABLE";
      if (online_partitioned(object) && !unique.nulls_not_distinct) {
        plan_partitioned_key(object, unique.name, unique.columns, false, "UNIQUE", deferral,
                             change.kind);
        break;
      }
      if (online(object)) {
        emit_key_using_index(object, unique.name, unique.columns, unique.nulls_not_distinct,
                             "UNIQUE", deferral, change.kind);
        break;
      }
      emit(kAddConstraints, alter_table(object) + " ADD " + ddl::unique_clause(unique), object,
           change.kind, kMayFailOnData, "builds a unique index; fails on duplicates");
      count_duplicate_key_rows(object, unique.name, unique.columns, unique.nulls_not_distinct);
      break;
    }
    case ChangeKind::AddCheck: {
      const auto& check = as<CheckConstraint>(change.after);
      if (!check.valid) {
        // NOT VALID: no scan; rows written from now on are checked.
        emit(kAddConstraints, alter_table(object) + " ADD " + ddl::check_clause(check), object,
             change.kind);
        break;
      }
      emit_validated_constraint(kAddConstraints, object, check.name,
                                alter_table(object) + " ADD " + ddl::check_clause(check),
                                change.kind, kMayFailOnData | kExclusiveLock,
                                "checks every existing row against the new condition");
      count_affected_rows(kAddConstraints, check.name,
                          count_rows(object, "NOT (" + check.expression.canonical + ")"),
                          "rows violating " + check.name);
      break;
    }
    case ChangeKind::AddForeignKey: {
      const auto& key = as<ForeignKey>(change.after);
      if (!key.valid) {
        emit(kAddForeignKeys, ddl::add_foreign_key(object, key), object, change.kind);
        break;
      }
      emit_validated_constraint(kAddForeignKeys, object, key.name,
                                ddl::add_foreign_key(object, key), change.kind, kMayFailOnData,
                                "checks every existing row against the referenced table");
      break;
    }
    case ChangeKind::ValidateConstraint:
      // After the constraints and keys the plan adds, which the validation may need.
      emit(kAddForeignKeys,
           alter_table(object) + " VALIDATE CONSTRAINT " + quote_identifier(change.name), object,
           change.kind, kMayFailOnData,
           "checks every existing row under SHARE UPDATE EXCLUSIVE (reads and writes go on); "
           "fails if a row violates " +
               change.name);
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
