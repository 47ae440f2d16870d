// plan_changes: the SQL of each change, its phase and its hazards.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "plan/plan_builder.h"
#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

namespace {

using ddl::qualified;
using sql::quote_identifier;
using sql::quote_literal;

template <typename T>
const T& as(const ChangeObject& object) {
  return std::get<T>(object);
}

std::string alter_table(const QualifiedName& table) {
  return "ALTER TABLE " + qualified(table);
}

std::string alter_column(const QualifiedName& table, const std::string& column) {
  return alter_table(table) + " ALTER COLUMN " + quote_identifier(column);
}

std::string drop_constraint(const QualifiedName& table, const std::string& name) {
  return alter_table(table) + " DROP CONSTRAINT " + quote_identifier(name);
}

std::string role_flags(const Role& role) {
  return fmt::format("{} {} {}", role.create_db ? "CREATEDB" : "NOCREATEDB",
                     role.create_role ? "CREATEROLE" : "NOCREATEROLE",
                     role.inherit ? "INHERIT" : "NOINHERIT");
}

std::string owned_by(const Sequence& sequence) {
  auto owner = sequence_owner(sequence);
  if (!owner) return "OWNED BY NONE";
  return "OWNED BY " + qualified(owner->first) + "." + quote_identifier(owner->second);
}

// Whether `schema` has the column `owner` names.
bool has_column(const Schema& schema, const std::pair<QualifiedName, std::string>& owner) {
  auto table = schema.tables.find(owner.first);
  return table != schema.tables.end() && table->second.find_column(owner.second);
}

std::string policy_roles(const Policy& policy) {
  // create_policy prints the roles clause only when it is not PUBLIC; ALTER POLICY needs it.
  Policy copy = policy;
  copy.using_expression.reset();
  copy.with_check.reset();
  copy.command = "ALL";
  copy.permissive = true;
  std::string created = ddl::create_policy(QualifiedName{}, copy);
  auto to = created.find(" TO ");
  return to == std::string::npos ? "PUBLIC" : created.substr(to + 4);
}

}  // namespace

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
        serials.emplace_back(column.name, serial_sequence(table_it->second.name, column.name));
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
    QualifiedName wanted = serial_sequence(table, now);
    if (wanted.name == sequence.name) continue;
    emit(kRenames,
         fmt::format("ALTER SEQUENCE {} RENAME TO {}",
                     qualified(QualifiedName{table.schema, sequence.name}),
                     quote_identifier(wanted.name)),
         table, change.kind);
  }
}

void PlanBuilder::plan_type_change(const QualifiedName& table, const Column& before,
                                   const Column& after) {
  TypeChange type = classify_type_change(after.name, before.type, after.type);
  std::string sql =
      fmt::format("{} SET DATA TYPE {}", alter_column(table, after.name), after.type.sql());
  if (!after.collation.empty()) sql += " COLLATE " + quote_identifier(after.collation);
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
         fmt::format("ALTER SEQUENCE {} AS {}", qualified(serial_sequence(table, after.name)),
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
         alter_column(table, after.name) + " SET DEFAULT " + after.default_value->canonical, table,
         ChangeKind::SetColumnDefault);
  }
}

void PlanBuilder::plan_enum_swaps() {
  for (const EnumSwap& swap : enum_swaps_) {
    Column old_type = *swap.before;
    old_type.type.name = swap.before->type.name;  // same spelling: the type was swapped
    const QualifiedName& table = swap.column.first;
    std::string via = "::text";
    for (int i = 0; i < swap.after->type.array_dimensions; ++i) via += "[]";
    emit(kColumnTypes,
         fmt::format("{} SET DATA TYPE {} USING {}{}::{}", alter_column(table, swap.after->name),
                     swap.after->type.sql(), quote_identifier(swap.after->name), via,
                     swap.after->type.sql()),
         table, ChangeKind::RecreateEnum,
         kDataLoss | kMayFailOnData | kTableRewrite | kExclusiveLock,
         "moves the column to the recreated enum; fails if a row holds a removed value");
    if (swap.after->type.array_dimensions == 0) {
      const Enum* recreated = nullptr;
      if (auto it = to_.enums.find(QualifiedName{swap.after->type.schema, swap.after->type.name});
          it != to_.enums.end()) {
        recreated = &it->second;
      }
      if (recreated) {
        std::vector<std::string> values;
        for (const auto& value : recreated->values) values.push_back(quote_literal(value));
        count_affected_rows(
            kColumnTypes, swap.after->name,
            count_rows(table, fmt::format("{}::text NOT IN ({})", quote_identifier(swap.after->name),
                                          fmt::join(values, ", "))),
            "rows holding a removed value in " + swap.after->name);
      }
    }
    ColumnKey key{table, swap.after->name};
    if (swap.before->default_value && !default_dropped_.contains(key)) {
      emit(kColumnDropDefaults, alter_column(table, swap.after->name) + " DROP DEFAULT", table,
           ChangeKind::DropColumnDefault);
    }
    if (swap.after->default_value && !default_set_.contains(key)) {
      emit(kColumnSetDefaults,
           alter_column(table, swap.after->name) + " SET DEFAULT " +
               swap.after->default_value->canonical,
           table, ChangeKind::SetColumnDefault);
    }
  }
}

void PlanBuilder::plan_column_change(const Change& change) {
  const QualifiedName& table = change.object;
  const std::string column = quote_identifier(change.name);
  const Column* before = std::get_if<Column>(&change.before);
  const Column* after = std::get_if<Column>(&change.after);
  switch (change.kind) {
    case ChangeKind::AddColumn: {
      unsigned hazards = kNoHazard;
      std::string why;
      if (after->generated || after->identity || after->serial != Serial::None) {
        hazards |= kTableRewrite | kExclusiveLock;
        why = "fills the new column in every row (table rewrite)";
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
      count_affected_rows(kDropColumns, change.name,
                          count_rows(table, column + " IS NOT NULL"),
                          "rows with a value in " + change.name);
      break;
    case ChangeKind::AlterColumnType:
      plan_type_change(table, *before, *after);
      break;
    case ChangeKind::AlterColumnCollation:
      emit(kColumnTypes,
           fmt::format("{} SET DATA TYPE {} COLLATE {}", alter_column(table, change.name),
                       after->type.sql(),
                       quote_identifier(after->collation.empty() ? "default" : after->collation)),
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
             alter_column(table, change.name) + " SET DEFAULT " + after->default_value->canonical,
             table, change.kind);
      }
      break;
    case ChangeKind::DropColumnDefault:
      emit(kColumnDropDefaults, alter_column(table, change.name) + " DROP DEFAULT", table,
           change.kind);
      if (before->serial != Serial::None) {
        emit(kColumnDropDefaults, "DROP SEQUENCE " + qualified(serial_sequence(table, change.name)),
             table, change.kind);
      }
      break;
    case ChangeKind::SetNotNull:
      emit(kColumnNullability, alter_column(table, change.name) + " SET NOT NULL", table,
           change.kind, kMayFailOnData | kExclusiveLock,
           "scans the table; fails if a row holds NULL in " + change.name);
      count_affected_rows(kColumnNullability, change.name, count_rows(table, column + " IS NULL"),
                          "rows holding NULL in " + change.name);
      break;
    case ChangeKind::DropNotNull:
      emit(kColumnNullability, alter_column(table, change.name) + " DROP NOT NULL", table,
           change.kind);
      break;
    case ChangeKind::AddIdentity:
      emit(kColumnIdentity,
           alter_column(table, change.name) + " ADD " + ddl::identity_clause(table, *after), table,
           change.kind);
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

void PlanBuilder::plan_change(const Change& change) {
  const QualifiedName& object = change.object;
  switch (change.kind) {
    case ChangeKind::CreateSchema:
      emit(kCreateSchemas, ddl::create_namespace(as<Namespace>(change.after)), object, change.kind);
      break;
    case ChangeKind::DropSchema:
      emit(kDropSchemas, "DROP SCHEMA " + quote_identifier(object.schema), object, change.kind);
      break;
    case ChangeKind::CreateExtension:
      emit(kExtensions, ddl::create_extension(as<Extension>(change.after)), object, change.kind);
      break;
    case ChangeKind::DropExtension:
      emit(kDropExtensions, "DROP EXTENSION " + quote_identifier(object.name), object, change.kind);
      break;
    case ChangeKind::AlterExtension: {
      const auto& before = as<Extension>(change.before);
      const auto& after = as<Extension>(change.after);
      if (before.schema != after.schema && !after.schema.empty()) {
        emit(kExtensions,
             fmt::format("ALTER EXTENSION {} SET SCHEMA {}", quote_identifier(object.name),
                         quote_identifier(after.schema)),
             object, change.kind);
      }
      if (before.version != after.version && !after.version.empty()) {
        emit(kExtensions,
             fmt::format("ALTER EXTENSION {} UPDATE TO {}", quote_identifier(object.name),
                         quote_literal(after.version)),
             object, change.kind);
      }
      break;
    }
    case ChangeKind::CreateRole:
      emit(kRoles, ddl::create_role(as<Role>(change.after)), object, change.kind);
      break;
    case ChangeKind::DropRole:
      emit(kDropRoles, "DROP ROLE " + quote_identifier(object.name), object, change.kind);
      break;
    case ChangeKind::AlterRole:
      emit(kRoles,
           "ALTER ROLE " + quote_identifier(object.name) + " " + role_flags(as<Role>(change.after)),
           object, change.kind);
      break;
    case ChangeKind::CreateEnum:
      emit(kEnums, ddl::create_enum(as<Enum>(change.after)), object, change.kind);
      break;
    case ChangeKind::DropEnum:
      emit(kDropEnums, "DROP TYPE " + qualified(object), object, change.kind);
      break;
    case ChangeKind::AddEnumValue:
      emit(
          kEnums,
          fmt::format("ALTER TYPE {} ADD VALUE {}{}", qualified(object), quote_literal(change.name),
                      change.detail.empty() ? "" : " BEFORE " + quote_literal(change.detail)),
          object, change.kind, kNoTransaction,
          "the new value cannot be used in the transaction that adds it: commit before using it");
      phases_[kEnums].back().member = change.name;
      break;
    case ChangeKind::RenameEnumValue:
      emit(kEnums,
           fmt::format("ALTER TYPE {} RENAME VALUE {} TO {}", qualified(object),
                       quote_literal(change.old_name), quote_literal(change.name)),
           object, change.kind);
      break;
    case ChangeKind::RecreateEnum: {
      QualifiedName old_type{object.schema, make_object_name(object.name, "", "old")};
      emit(kEnums,
           fmt::format("ALTER TYPE {} RENAME TO {}", qualified(object),
                       quote_identifier(old_type.name)),
           object, change.kind);
      emit(kEnums, ddl::create_enum(as<Enum>(change.after)), object, change.kind);
      emit(kDropEnums, "DROP TYPE " + qualified(old_type), object, change.kind, kDataLoss,
           "enum values were removed or reordered: columns are moved to a new type");
      break;
    }
    case ChangeKind::CreateSequence:
      emit(kSequences, ddl::create_sequence(as<Sequence>(change.after)), object, change.kind);
      if (as<Sequence>(change.after).owned_by)
        emit(kSequenceOwnership,
             "ALTER SEQUENCE " + qualified(object) + " " + owned_by(as<Sequence>(change.after)),
             object, change.kind);
      break;
    case ChangeKind::AlterSequence: {
      const auto& before = as<Sequence>(change.before);
      const auto& after = as<Sequence>(change.after);
      if (before.options != after.options) {
        emit(kSequences,
             "ALTER SEQUENCE " + qualified(object) + " " +
                 all_sequence_options(after.options,
                                      before.options.data_type != after.options.data_type),
             object, change.kind);
      }
      if (before.owned_by != after.owned_by) {
        // A sequence owned by a column this plan drops (or re-adds, or drops with its table)
        // would go with it: it is released before the drops, and owned anew once the new
        // owner exists.
        auto owner = sequence_owner(before);
        bool owner_goes = owner && (!has_column(to_, *owner) || affected_columns_.contains(*owner));
        if (owner_goes) {
          emit(kDropConstraints, "ALTER SEQUENCE " + qualified(object) + " OWNED BY NONE", object,
               change.kind);
        }
        if (!owner_goes || after.owned_by) {
          emit(kSequenceOwnership, "ALTER SEQUENCE " + qualified(object) + " " + owned_by(after),
               object, change.kind);
        }
      }
      break;
    }
    case ChangeKind::DropSequence: {
      const auto& sequence = as<Sequence>(change.before);
      // An owned sequence goes with its column or table.
      if (auto owner = sequence_owner(sequence); owner && !has_column(to_, *owner)) break;
      emit(kDropSequences, "DROP SEQUENCE " + qualified(object), object, change.kind, kDataLoss,
           "drops the sequence and its current value");
      break;
    }
    case ChangeKind::CreateTable:
      emit(kCreateTables, ddl::create_table(as<Table>(change.after)), object, change.kind);
      break;
    case ChangeKind::DropTable:
      break;  // plan_dropped_tables orders these
    case ChangeKind::AddPrimaryKey:
      emit(kAddConstraints,
           alter_table(object) + " ADD " + ddl::primary_key_clause(as<PrimaryKey>(change.after)),
           object, change.kind, kMayFailOnData | kExclusiveLock,
           "builds a unique index; fails on duplicate or NULL keys");
      {
        const auto& key = as<PrimaryKey>(change.after);
        std::vector<std::string> columns;
        for (const auto& name : key.columns) columns.push_back(quote_identifier(name));
        count_affected_rows(kAddConstraints, key.name,
                            count_duplicate_keys(object, columns, true, ""),
                            "key values held by more than one row");
      }
      break;
    case ChangeKind::AddUnique:
      emit(kAddConstraints,
           alter_table(object) + " ADD " + ddl::unique_clause(as<UniqueConstraint>(change.after)),
           object, change.kind, kMayFailOnData, "builds a unique index; fails on duplicates");
      {
        const auto& unique = as<UniqueConstraint>(change.after);
        std::vector<std::string> columns;
        for (const auto& name : unique.columns) columns.push_back(quote_identifier(name));
        count_affected_rows(kAddConstraints, unique.name,
                            count_duplicate_keys(object, columns, unique.nulls_not_distinct, ""),
                            "key values held by more than one row");
      }
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
    case ChangeKind::CreateIndex: {
      const Index& index = as<Index>(change.after);
      unsigned hazards = index.unique ? kMayFailOnData : kNoHazard;
      std::string why = index.unique ? "fails on duplicate keys" : "";
      if (index.concurrently) {
        hazards |= kNoTransaction;
        why += std::string(why.empty() ? "" : "; ") +
               "CREATE INDEX CONCURRENTLY cannot run inside a transaction block";
      }
      emit(kCreateIndexes, ddl::create_index(object, index), object, change.kind, hazards, why);
      if (index.unique) {
        count_affected_rows(kCreateIndexes, index.name, count_duplicate_keys(object, index),
                            "key values held by more than one row");
      }
      break;
    }
    case ChangeKind::DropIndex:
      emit(kDropConstraints, "DROP INDEX " + qualified(QualifiedName{object.schema, change.name}),
           object, change.kind);
      break;
    case ChangeKind::CreateView:
      break;  // plan_dependents creates views in dependency order
    case ChangeKind::DropView:
      break;  // plan_dependents drops views in reverse dependency order
    case ChangeKind::EnableRowLevelSecurity:
      emit(kRowLevelSecurity, alter_table(object) + " ENABLE ROW LEVEL SECURITY", object,
           change.kind);
      break;
    case ChangeKind::DisableRowLevelSecurity:
      emit(kRowLevelSecurity, alter_table(object) + " DISABLE ROW LEVEL SECURITY", object,
           change.kind);
      break;
    case ChangeKind::ForceRowLevelSecurity:
      emit(kRowLevelSecurity, alter_table(object) + " FORCE ROW LEVEL SECURITY", object,
           change.kind);
      break;
    case ChangeKind::NoForceRowLevelSecurity:
      emit(kRowLevelSecurity, alter_table(object) + " NO FORCE ROW LEVEL SECURITY", object,
           change.kind);
      break;
    case ChangeKind::CreatePolicy:
      emit(kPolicies, ddl::create_policy(object, as<Policy>(change.after)), object, change.kind);
      break;
    case ChangeKind::DropPolicy:
      emit(kDropPolicies,
           fmt::format("DROP POLICY {} ON {}", quote_identifier(change.name), qualified(object)),
           object, change.kind);
      break;
    case ChangeKind::AlterPolicy: {
      if (recreated_policies_.contains({object, change.name})) break;
      const Policy& policy = as<Policy>(change.after);
      std::string sql = fmt::format("ALTER POLICY {} ON {} TO {}", quote_identifier(change.name),
                                    qualified(object), policy_roles(policy));
      if (policy.using_expression) sql += " USING (" + policy.using_expression->canonical + ")";
      if (policy.with_check) sql += " WITH CHECK (" + policy.with_check->canonical + ")";
      emit(kPolicies, sql, object, change.kind);
      break;
    }
    case ChangeKind::SetComment: {
      const std::string* text = std::get_if<std::string>(&change.after);
      emit(kComments,
           comment_statement(comment_target(change.detail, object, change.name),
                             text ? std::optional<std::string>(*text) : std::nullopt),
           object, change.kind);
      break;
    }
    case ChangeKind::RenameSchema:
    case ChangeKind::RenameEnum:
    case ChangeKind::MoveEnum:
    case ChangeKind::RenameSequence:
    case ChangeKind::MoveSequence:
    case ChangeKind::RenameTable:
    case ChangeKind::MoveTable:
    case ChangeKind::RenameView:
    case ChangeKind::MoveView:
    case ChangeKind::RenameColumn:
    case ChangeKind::RenamePolicy:
    case ChangeKind::RenameConstraint:
    case ChangeKind::RenameIndex:
      plan_rename(change);
      break;
    default:
      plan_column_change(change);
      break;
  }
}

}  // namespace sleet::plan_detail
