// plan_changes: the SQL of enum changes (values added or renamed, types recreated) and of
// moving columns to a recreated enum, their phase and hazards.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_enum_change(const Change& change) {
  const QualifiedName& object = change.object;
  switch (change.kind) {
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
    default:
      break;
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
               swap.after->default_value->written(),
           table, ChangeKind::SetColumnDefault);
    }
  }
}

}  // namespace sleet::plan_detail
