// plan_changes: the SQL of composite and range type changes, and of moving columns to a
// recreated composite type. Types are created and altered in kDomains with the domains (the
// diff orders them by dependency depth), dropped in kDropDomains. A recreated composite type
// follows the enum swap: the old type is renamed aside, the new one created under the name,
// each column converted with a row constructor (arrays through the text form), the old type
// dropped at the end. A range whose SUBTYPE_DIFF or CANONICAL function the plan creates comes
// right after the functions.
#include <fmt/format.h>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

namespace {

const CompositeAttribute* find_attribute(const CompositeType& type, const std::string& name) {
  for (const CompositeAttribute& attribute : type.attributes)
    if (attribute.name == name) return &attribute;
  return nullptr;
}

std::string type_and_collation(const CompositeAttribute& attribute) {
  std::string out = attribute.type.sql();
  if (!attribute.collation.empty())
    out += " COLLATE " + ddl::collation_reference(attribute.collation);
  return out;
}

// The name the old type is renamed to while its columns move to the new one.
QualifiedName old_type_name(const QualifiedName& type) {
  return {type.schema, make_object_name(type.name, "", "old")};
}

// The value of column `column` (of `before`'s type) as a value of `after`'s type: each
// attribute `before` also holds cast to its new type, NULL for the added ones. A NULL value
// stays NULL (num_nonnulls reads the value itself, not its attributes).
std::string converted_row(const std::string& column, const CompositeType& before,
                          const CompositeType& after) {
  std::string row;
  for (const CompositeAttribute& attribute : after.attributes) {
    if (!row.empty()) row += ", ";
    if (find_attribute(before, attribute.name)) {
      row += fmt::format("({}).{}::{}", column, quote_identifier(attribute.name),
                         attribute.type.sql());
    } else {
      row += "NULL::" + attribute.type.sql();
    }
  }
  return fmt::format("CASE WHEN num_nonnulls({0}) = 0 THEN NULL ELSE ROW({1})::{2} END", column,
                     row, qualified(after.name));
}

}  // namespace

void PlanBuilder::plan_composite_change(const Change& change) {
  const QualifiedName& object = change.object;
  const std::string target = "ALTER TYPE " + qualified(object);
  switch (change.kind) {
    case ChangeKind::CreateCompositeType:
      emit(kDomains, ddl::create_composite_type(as<CompositeType>(change.after)), object,
           change.kind);
      break;
    case ChangeKind::DropCompositeType:
      emit(kDropDomains, "DROP TYPE " + qualified(object), object, change.kind);
      break;
    case ChangeKind::AlterCompositeType: {
      const auto& before = as<CompositeType>(change.before);
      const auto& after = as<CompositeType>(change.after);
      for (const CompositeAttribute& attribute : before.attributes) {
        if (find_attribute(after, attribute.name)) continue;
        emit(kDomains,
             fmt::format("{} DROP ATTRIBUTE {}", target, quote_identifier(attribute.name)), object,
             change.kind, kDataLoss,
             "values of the attribute held in columns of the type are lost");
      }
      for (const CompositeAttribute& attribute : after.attributes) {
        const CompositeAttribute* old = find_attribute(before, attribute.name);
        if (!old) {
          emit(kDomains,
               fmt::format("{} ADD ATTRIBUTE {} {}", target, quote_identifier(attribute.name),
                           type_and_collation(attribute)),
               object, change.kind);
        } else if (old->type != attribute.type || old->collation != attribute.collation) {
          emit(kDomains,
               fmt::format("{} ALTER ATTRIBUTE {} SET DATA TYPE {}", target,
                           quote_identifier(attribute.name), type_and_collation(attribute)),
               object, change.kind);
        }
      }
      break;
    }
    case ChangeKind::RecreateCompositeType: {
      const auto& before = as<CompositeType>(change.before);
      const auto& after = as<CompositeType>(change.after);
      QualifiedName old_type = old_type_name(object);
      emit(kDomains, fmt::format("{} RENAME TO {}", target, quote_identifier(old_type.name)),
           object, change.kind);
      emit(kDomains, ddl::create_composite_type(after), object, change.kind);
      bool dropped_attribute = false;
      for (const CompositeAttribute& attribute : before.attributes)
        dropped_attribute = dropped_attribute || !find_attribute(after, attribute.name);
      emit(kDropDomains, "DROP TYPE " + qualified(old_type), object, change.kind,
           dropped_attribute ? kDataLoss : kNoHazard,
           dropped_attribute ? "columns moved to the recreated type lose the dropped attributes"
                             : "");
      break;
    }
    default:
      break;
  }
}

void PlanBuilder::plan_range_change(const Change& change) {
  const QualifiedName& object = change.object;
  switch (change.kind) {
    case ChangeKind::CreateRangeType: {
      const auto& range = as<RangeType>(change.after);
      bool after_functions = ddl::range_needs_functions(range, to_);
      emit(after_functions ? kRangesAfterFunctions : kDomains, ddl::create_range_type(range),
           object, change.kind);
      break;
    }
    case ChangeKind::DropRangeType:
      emit(created_ranges_.contains(object) ? kDropReplacedDomains : kDropDomains,
           "DROP TYPE " + qualified(object), object, change.kind);
      break;
    default:
      break;
  }
}

void PlanBuilder::find_composite_swaps() {
  for (const Change& change : changes_) {
    if (change.kind != ChangeKind::RecreateCompositeType) continue;
    const auto& before = as<CompositeType>(change.before);
    const auto& after = as<CompositeType>(change.after);
    for (const auto& [table_name, table] : work_.tables) {
      auto target = to_.tables.find(table_name);
      if (target == to_.tables.end()) continue;
      for (const Column& column : table.columns) {
        if (column.type.schema != change.object.schema || column.type.name != change.object.name)
          continue;
        ColumnKey key{table_name, column.name};
        const Column* next = target->second.find_column(column.name);
        if (!next || next->type != column.type || affected_columns_.contains(key)) continue;
        composite_swaps_.push_back({key, &column, next, &before, &after});
        affected_columns_.insert(key);
        retyped_columns_.insert(key);
        structural_tables_.insert(table_name);
      }
    }
  }
}

void PlanBuilder::plan_composite_swaps() {
  for (const CompositeSwap& swap : composite_swaps_) {
    const QualifiedName& table = swap.column.first;
    const Column& column = *swap.after;
    std::string name = quote_identifier(column.name);
    std::string conversion;
    if (column.type.array_dimensions == 0) {
      conversion = converted_row(name, *swap.old_type, *swap.new_type);
    } else {
      // The diff allows arrays only when the attributes keep their names and order.
      conversion = fmt::format("{}::text::{}", name, column.type.sql());
    }
    emit(kColumnTypes,
         fmt::format("{} SET DATA TYPE {} USING {}", alter_column(table, column.name),
                     column.type.sql(), conversion),
         table, ChangeKind::RecreateCompositeType, kMayFailOnData | kTableRewrite | kExclusiveLock,
         "moves the column to the recreated composite type; fails if a value does not cast to "
         "an attribute's new type");
    ColumnKey key{table, column.name};
    if (swap.before->default_value && !default_dropped_.contains(key)) {
      emit(kColumnDropDefaults, alter_column(table, column.name) + " DROP DEFAULT", table,
           ChangeKind::DropColumnDefault);
    }
    if (column.default_value && !default_set_.contains(key)) {
      emit(kColumnSetDefaults,
           alter_column(table, column.name) + " SET DEFAULT " + column.default_value->written(),
           table, ChangeKind::SetColumnDefault);
    }
  }
}

}  // namespace sleet::plan_detail
