// plan_changes: the online forms of statements on tables that exist before the plan
// (PlanOptions::online), which keep writers running while rows are checked or indexed.
// docs/commands/generate.md ("Online migrations") lists them; ../shared/SAFETY.md the locks behind.

#include <algorithm>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"

namespace sleet::plan_detail {

namespace {

// A name of at most 63 bytes (PostgreSQL's limit, which would cut it silently).
std::string identifier(std::string name) {
  if (name.size() > 63) name.resize(63);
  return name;
}

}  // namespace

bool PlanBuilder::online(const QualifiedName& table) const {
  // A partitioned table's indexes cannot be built or dropped CONCURRENTLY.
  auto partitioned = to_.tables.find(table);
  return options_.online && !created_tables_.contains(table) &&
         (partitioned == to_.tables.end() || partitioned->second.partition_by.empty());
}

void PlanBuilder::emit_validated_constraint(Phase phase, const QualifiedName& table,
                                            const std::string& name, const std::string& add_sql,
                                            ChangeKind kind, unsigned hazards,
                                            const std::string& why) {
  // A constraint the model holds NOT VALID (ddl ends its clause so) stays unvalidated.
  if (add_sql.ends_with(" NOT VALID")) {
    emit(phase, add_sql, table, kind);
    return;
  }
  // A partitioned table takes a CHECK NOT VALID and validates it partition by partition; the
  // server refuses a NOT VALID foreign key there (PostgreSQL 15).
  const bool partitioned_check = kind == ChangeKind::AddCheck && online_partitioned(table);
  if (!online(table) && !partitioned_check) {
    emit(phase, add_sql, table, kind, hazards, why);
    return;
  }
  online_forms_used_ = true;
  // NOT VALID takes its lock for a moment and checks only new rows; VALIDATE scans the old
  // ones under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on.
  emit(phase, add_sql + " NOT VALID", table, kind);
  emit(phase, alter_table(table) + " VALIDATE CONSTRAINT " + quote_identifier(name), table, kind,
       kMayFailOnData, "checks every existing row without blocking writes");
}

void PlanBuilder::emit_set_not_null(const QualifiedName& table, const std::string& column,
                                    bool backfilled, Phase phase) {
  const std::string quoted = quote_identifier(column);
  // After a backfill with the column's default no row holds NULL: nothing to fail on.
  const unsigned may_fail = backfilled ? kNoHazard : kMayFailOnData;
  if (!online(table)) {
    emit(phase, alter_column(table, column) + " SET NOT NULL", table, ChangeKind::SetNotNull,
         may_fail | kExclusiveLock,
         backfilled ? "scans the table for NULL in " + column
                    : fmt::format("scans the table; fails if a row holds NULL in {}.{}: give the "
                                  "column a default or fill its NULLs first",
                                  table.display(), column));
    if (!backfilled) {
      count_affected_rows(phase, column, count_rows(table, quoted + " IS NULL"),
                          "rows holding NULL in " + column);
    }
    return;
  }
  online_forms_used_ = true;
  const std::string name = identifier(table.name + "_" + column + "_not_null");
  const std::string check = quote_identifier(name);
  emit(phase,
       alter_table(table) + " ADD CONSTRAINT " + check + " CHECK (" + quoted +
           " IS NOT NULL) NOT VALID",
       table, ChangeKind::SetNotNull);
  emit(phase, alter_table(table) + " VALIDATE CONSTRAINT " + check, table, ChangeKind::SetNotNull,
       may_fail, "checks every row for NULL in " + column + " without blocking writes");
  if (!backfilled) {
    count_affected_rows(phase, column, count_rows(table, quoted + " IS NULL"),
                        "rows holding NULL in " + column);
  }
  // With the validated check, SET NOT NULL skips its scan (PostgreSQL 12 and later).
  emit(phase, alter_column(table, column) + " SET NOT NULL", table, ChangeKind::SetNotNull);
  emit(phase, drop_constraint(table, name), table, ChangeKind::SetNotNull);
}

void PlanBuilder::plan_backfilled_column(const QualifiedName& table, const Column& column) {
  Column bare = column;
  bare.default_value.reset();
  bare.not_null = false;
  const std::string quoted = quote_identifier(column.name);
  const std::string expression = column.default_value->written();
  emit(kAddColumns, alter_table(table) + " ADD COLUMN " + ddl::column_definition(table, bare),
       table, ChangeKind::AddColumn);
  // New rows take the default from here on; the loop below fills the rows already there.
  emit(kAddColumns, alter_column(table, column.name) + " SET DEFAULT " + expression, table,
       ChangeKind::AddColumn);
  const int batch = std::max(1, options_.backfill_batch_rows);
  const std::string failure =
      fmt::format("the default of {}.{} ({}) gave NULL: the backfill cannot finish",
                  table.display(), column.name, expression);
  // Each batch commits (PostgreSQL 11 and later allow COMMIT in a DO block run outside a
  // transaction), so row locks are held for one batch and an interrupted run resumes where
  // it stopped: filled rows no longer match "IS NULL".
  emit(kAddColumns,
       fmt::format(
           "-- backfill: fills {0} in the existing rows, {1} at a time, committing each "
           "batch\n"
           "DO $sleet_backfill$\n"
           "DECLARE\n"
           "  updated bigint;\n"
           "  filled bigint;\n"
           "BEGIN\n"
           "  LOOP\n"
           "    WITH batch AS (\n"
           "      UPDATE {2} SET {0} = DEFAULT\n"
           "      WHERE ctid = ANY (ARRAY(SELECT ctid FROM {2} WHERE {0} IS NULL LIMIT {1}))\n"
           "      RETURNING {0}\n"
           "    )\n"
           "    SELECT count(*), count({0}) INTO updated, filled FROM batch;\n"
           "    EXIT WHEN updated = 0;\n"
           "    IF filled < updated THEN\n"
           "      RAISE EXCEPTION USING MESSAGE = {3};\n"
           "    END IF;\n"
           "    COMMIT;\n"
           "  END LOOP;\n"
           "END\n"
           "$sleet_backfill$",
           quoted, batch, qualified(table), quote_literal(failure)),
       table, ChangeKind::AddColumn, kNoTransaction,
       "fills the existing rows in batches, each committed, without a table rewrite (outside a "
       "transaction)");
  if (column.not_null) emit_set_not_null(table, column.name, true, kAddColumns);
}

void PlanBuilder::emit_key_using_index(const QualifiedName& table, const std::string& name,
                                       const std::vector<std::string>& columns,
                                       bool nulls_not_distinct, const std::string& clause,
                                       const std::string& deferral, ChangeKind kind) {
  online_forms_used_ = true;
  Index index;
  index.name = name;
  index.unique = true;
  index.nulls_not_distinct = nulls_not_distinct;
  index.concurrently = true;
  for (const std::string& column : columns) index.elements.push_back(IndexElement{column});
  emit(kAddConstraints, ddl::create_index(table, index), table, kind,
       kMayFailOnData | kNoTransaction,
       "builds the key's unique index without blocking writes (outside a transaction); fails on "
       "duplicate keys");
  count_duplicate_key_rows(table, name, columns, nulls_not_distinct);
  emit(kAddConstraints,
       alter_table(table) + " ADD CONSTRAINT " + quote_identifier(name) + " " + clause +
           " USING INDEX " + quote_identifier(name) + deferral,
       table, kind);
}

}  // namespace sleet::plan_detail
