// plan_changes: the SQL of column changes (type, default, nullability, identity,
// generation), their phase and hazards.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

namespace {

// Where a serial column's sequence waits while the column becomes an identity.
QualifiedName serial_set_aside(const QualifiedName& table, const Column& serial) {
  QualifiedName sequence = serial_sequence(table, serial);
  sequence.name = make_object_name(sequence.name, "", "serial");
  return sequence;
}

}  // namespace

void PlanBuilder::plan_type_change(const QualifiedName& table, const Column& before,
                                   const Column& after) {
  TypeChange type = classify_type_change(after.name, before.type, after.type);
  std::string sql =
      fmt::format("{} SET DATA TYPE {}", alter_column(table, after.name), after.type.sql());
  if (!after.collation.empty()) sql += " COLLATE " + ddl::collation_reference(after.collation);
  sql += type.using_clause;
  unsigned hazards = kMayFailOnData | kExclusiveLock;
  std::string why = fmt::format("changes the type of {} from {} to {}", after.name,
                                before.type.sql(), after.type.sql());
  if (type.rewrite) hazards |= kTableRewrite;
  if (type.narrowing) {
    hazards |= kDataLoss;
    why += type.using_clause.empty() ? " (narrowing: values may not fit)"
                                     : " with an explicit cast: values may change or fail";
  }
  emit(kColumnTypes, sql, table, ChangeKind::AlterColumnType, hazards, why);
  if (type.narrowing) {
    count_affected_rows(kColumnTypes, after.name,
                        count_rows(table, quote_identifier(after.name) + " IS NOT NULL"),
                        "rows with a value in " + after.name);
  }
  if (before.serial != Serial::None && after.serial != Serial::None) {
    emit(kColumnTypes,
         fmt::format("ALTER SEQUENCE {} AS {}", qualified(serial_sequence(table, before)),
                     after.type.name),
         table, ChangeKind::AlterColumnType);
  }
  // The old default may not convert to the new type: drop it first, set the new one after.
  ColumnKey key{table, after.name};
  if (before.default_value && before.serial == Serial::None && !default_dropped_.contains(key)) {
    emit(kColumnDropDefaults, alter_column(table, after.name) + " DROP DEFAULT", table,
         ChangeKind::DropColumnDefault);
  }
  if (after.default_value && after.serial == Serial::None && !default_set_.contains(key)) {
    emit(kColumnSetDefaults,
         alter_column(table, after.name) + " SET DEFAULT " + after.default_value->written(), table,
         ChangeKind::SetColumnDefault);
  }
}

void PlanBuilder::plan_column_change(const Change& change) {
  const QualifiedName& table = change.object;
  const std::string column = quote_identifier(change.name);
  const Column* before = std::get_if<Column>(&change.before);
  const Column* after = std::get_if<Column>(&change.after);
  switch (change.kind) {
    case ChangeKind::AddColumn: {
      if (options_.backfill && !created_tables_.contains(table) && after->default_value &&
          after->serial == Serial::None && !after->generated && !after->identity &&
          sql::calls_volatile_function(after->default_value->written())) {
        plan_backfilled_column(table, *after);
        break;
      }
      unsigned hazards = kNoHazard;
      std::string why;
      if (after->generated || after->identity || after->serial != Serial::None) {
        hazards |= kTableRewrite | kExclusiveLock;
        why = "fills the new column in every row (table rewrite)";
      } else if (after->default_value && !created_tables_.contains(table) &&
                 sql::calls_volatile_function(after->default_value->written())) {
        hazards |= kTableRewrite | kExclusiveLock;
        why =
            "a volatile default is computed for every row (table rewrite); generate "
            "--backfill adds the column and fills it in batches instead";
      } else if (after->not_null && !after->default_value) {
        hazards |= kMayFailOnData;
        why = "a NOT NULL column without a default cannot be added to a table with rows";
      }
      emit(kAddColumns, alter_table(table) + " ADD COLUMN " + ddl::column_definition(table, *after),
           table, change.kind, hazards, why);
      if (hazards & kMayFailOnData) {
        count_affected_rows(kAddColumns, change.name, count_rows(table),
                            "rows that would need a value in " + change.name);
      }
      break;
    }
    case ChangeKind::DropColumn:
      emit(kDropColumns, alter_table(table) + " DROP COLUMN " + column, table, change.kind,
           kDataLoss | kExclusiveLock, "drops column " + change.name + " and its data");
      count_affected_rows(kDropColumns, change.name, count_rows(table, column + " IS NOT NULL"),
                          "rows with a value in " + change.name);
      break;
    case ChangeKind::AlterColumnType:
      plan_type_change(table, *before, *after);
      break;
    case ChangeKind::AlterColumnCollation:
      emit(
          kColumnTypes,
          fmt::format(
              "{} SET DATA TYPE {} COLLATE {}", alter_column(table, change.name), after->type.sql(),
              ddl::collation_reference(after->collation.empty() ? "default" : after->collation)),
          table, change.kind, kExclusiveLock, "rebuilds indexes on the column");
      break;
    case ChangeKind::SetColumnDefault:
      if (after->serial != Serial::None) {
        QualifiedName sequence = serial_sequence(table, change.name);
        emit(kColumnSetDefaults,
             fmt::format("CREATE SEQUENCE {} AS {} OWNED BY {}.{}", qualified(sequence),
                         after->type.name, qualified(table), column),
             table, change.kind);
        emit(kColumnSetDefaults,
             fmt::format("{} SET DEFAULT nextval({}::regclass)", alter_column(table, change.name),
                         quote_literal(qualified(sequence))),
             table, change.kind);
      } else {
        emit(kColumnSetDefaults,
             alter_column(table, change.name) + " SET DEFAULT " + after->default_value->written(),
             table, change.kind);
      }
      break;
    case ChangeKind::DropColumnDefault:
      emit(kColumnDropDefaults, alter_column(table, change.name) + " DROP DEFAULT", table,
           change.kind);
      if (before->serial != Serial::None && after && after->identity) {
        // Serial becoming identity: the old sequence steps aside (its name is usually the one
        // the identity takes) and lives until the identity has taken its value.
        emit(kColumnDropDefaults,
             fmt::format("ALTER SEQUENCE {} RENAME TO {}",
                         qualified(serial_sequence(table, *before)),
                         quote_identifier(serial_set_aside(table, *before).name)),
             table, change.kind);
      } else if (before->serial != Serial::None) {
        emit(kColumnDropDefaults, "DROP SEQUENCE " + qualified(serial_sequence(table, *before)),
             table, change.kind);
      }
      break;
    case ChangeKind::SetNotNull: {
      // With a default (set earlier in the plan), rows holding NULL take it first; without
      // one, the warning names the column the existing NULLs will fail on.
      const bool has_default = after->default_value || after->serial != Serial::None;
      if (has_default) {
        emit(kColumnNullability,
             fmt::format("-- backfill: rows holding NULL in {0} get its default, so that NOT NULL "
                         "can be set\nUPDATE {1} SET {0} = DEFAULT WHERE {0} IS NULL",
                         column, qualified(table)),
             table, change.kind);
        count_affected_rows(kColumnNullability, change.name, count_rows(table, column + " IS NULL"),
                            "rows holding NULL in " + change.name + ", given its default");
      }
      emit_set_not_null(table, change.name, has_default);
      break;
    }
    case ChangeKind::DropNotNull:
      emit(kColumnNullability, alter_column(table, change.name) + " DROP NOT NULL", table,
           change.kind);
      break;
    case ChangeKind::AddIdentity:
      emit(kColumnIdentity,
           alter_column(table, change.name) + " ADD " + ddl::identity_clause(table, *after), table,
           change.kind);
      if (before && before->serial != Serial::None) {
        // Ids handed out by the serial's sequence are in the rows: continue after them.
        QualifiedName old_sequence = serial_set_aside(table, *before);
        emit(kColumnIdentity,
             fmt::format("SELECT setval({}, last_value, is_called) FROM {}",
                         quote_literal(qualified(after->identity->sequence)),
                         qualified(old_sequence)),
             table, change.kind);
        emit(kColumnIdentity, "DROP SEQUENCE " + qualified(old_sequence), table, change.kind);
      }
      break;
    case ChangeKind::DropIdentity:
      emit(kColumnDropDefaults, alter_column(table, change.name) + " DROP IDENTITY", table,
           change.kind);
      break;
    case ChangeKind::AlterIdentity: {
      const Identity& old_identity = *before->identity;
      const Identity& identity = *after->identity;
      if (old_identity.sequence != identity.sequence) {
        emit(kColumnIdentity,
             fmt::format("ALTER SEQUENCE {} RENAME TO {}", qualified(old_identity.sequence),
                         quote_identifier(identity.sequence.name)),
             table, change.kind);
      }
      std::vector<std::string> parts;
      if (old_identity.kind != identity.kind) {
        parts.push_back(identity.kind == Identity::Kind::Always ? "SET GENERATED ALWAYS"
                                                                : "SET GENERATED BY DEFAULT");
      }
      SequenceOptions old_options = old_identity.options, options = identity.options;
      old_options.data_type = options.data_type;  // follows the column's type
      if (old_options != options) {
        parts.push_back(fmt::format(
            "SET INCREMENT BY {} SET MINVALUE {} SET MAXVALUE {} SET START WITH {} SET CACHE {} "
            "SET {}",
            options.increment, options.min_value, options.max_value, options.start, options.cache,
            options.cycle ? "CYCLE" : "NO CYCLE"));
      }
      if (!parts.empty()) {
        emit(kColumnIdentity,
             fmt::format("{} {}", alter_column(table, change.name), fmt::join(parts, " ")), table,
             change.kind);
      }
      break;
    }
    case ChangeKind::SetGenerated:
      emit(kDropColumns, alter_table(table) + " DROP COLUMN " + column, table, change.kind,
           kTableRewrite | kExclusiveLock,
           before && before->generated == after->generated
               ? "a column the generation expression reads changes type, which PostgreSQL "
                 "refuses while the generated column exists: it is dropped and added again "
                 "(values are recomputed; the column moves to the end)"
               : "PostgreSQL cannot change a generation expression: the column is dropped and "
                 "added again (values are recomputed; the column moves to the end)");
      emit(kAddColumns, alter_table(table) + " ADD COLUMN " + ddl::column_definition(table, *after),
           table, change.kind, kTableRewrite | kExclusiveLock,
           "recomputes the generated column for every row");
      break;
    case ChangeKind::DropGenerated:
      emit(kColumnDropDefaults, alter_column(table, change.name) + " DROP EXPRESSION", table,
           change.kind);
      break;
    default:
      break;
  }
}

}  // namespace sleet::plan_detail
