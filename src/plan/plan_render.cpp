// plan_changes: which renderer renders each change. One renderer per object family, each in
// its own file: render_schemas.cpp (schemas, extensions, roles), render_enums.cpp,
// render_sequences.cpp, render_tables.cpp (and row-level security), render_table_storage.cpp
// (UNLOGGED, storage parameters), render_partitions.cpp, render_inheritance.cpp,
// render_columns.cpp,
// render_constraints.cpp, render_exclusions.cpp, render_indexes.cpp, render_policies.cpp,
// render_functions.cpp (functions, procedures, triggers), render_rules.cpp (rules, event
// triggers), render_domains.cpp, render_collations.cpp,
// render_composite_types.cpp (composite and range types), render_comments.cpp and
// render_renames.cpp (renames and schema moves).
#include "plan/plan_builder.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_change(const Change& change) {
  switch (change.kind) {
    case ChangeKind::CreateSchema:
    case ChangeKind::DropSchema:
    case ChangeKind::CreateExtension:
    case ChangeKind::DropExtension:
    case ChangeKind::AlterExtension:
    case ChangeKind::CreateRole:
    case ChangeKind::DropRole:
    case ChangeKind::AlterRole:
      plan_schema_change(change);
      break;
    case ChangeKind::CreateEnum:
    case ChangeKind::DropEnum:
    case ChangeKind::AddEnumValue:
    case ChangeKind::RenameEnumValue:
    case ChangeKind::RecreateEnum:
      plan_enum_change(change);
      break;
    case ChangeKind::CreateSequence:
    case ChangeKind::AlterSequence:
    case ChangeKind::DropSequence:
      plan_sequence_change(change);
      break;
    case ChangeKind::CreateTable:
    case ChangeKind::DropTable:
    case ChangeKind::EnableRowLevelSecurity:
    case ChangeKind::DisableRowLevelSecurity:
    case ChangeKind::ForceRowLevelSecurity:
    case ChangeKind::NoForceRowLevelSecurity:
      plan_table_change(change);
      break;
    case ChangeKind::AddColumn:
    case ChangeKind::DropColumn:
    case ChangeKind::AlterColumnType:
    case ChangeKind::AlterColumnCollation:
    case ChangeKind::SetColumnDefault:
    case ChangeKind::DropColumnDefault:
    case ChangeKind::SetNotNull:
    case ChangeKind::DropNotNull:
    case ChangeKind::AddIdentity:
    case ChangeKind::DropIdentity:
    case ChangeKind::AlterIdentity:
    case ChangeKind::SetGenerated:
    case ChangeKind::DropGenerated:
      plan_column_change(change);
      break;
    case ChangeKind::AddPrimaryKey:
    case ChangeKind::AddUnique:
    case ChangeKind::AddCheck:
    case ChangeKind::AddForeignKey:
    case ChangeKind::DropPrimaryKey:
    case ChangeKind::DropUnique:
    case ChangeKind::DropCheck:
    case ChangeKind::DropForeignKey:
    case ChangeKind::ValidateConstraint:
      plan_constraint_change(change);
      break;
    case ChangeKind::AddExclusion:
    case ChangeKind::DropExclusion:
      plan_exclusion_change(change);
      break;
    case ChangeKind::SetLogged:
    case ChangeKind::SetUnlogged:
    case ChangeKind::SetStorageParameters:
    case ChangeKind::SetColumnStatistics:
    case ChangeKind::SetColumnStorage:
    case ChangeKind::SetColumnCompression:
    case ChangeKind::SetColumnOptions:
    case ChangeKind::SetReplicaIdentity:
    case ChangeKind::SetClusterOn:
      plan_table_storage_change(change);
      break;
    case ChangeKind::SetPartitionBound:
      plan_partition_change(change);
      break;
    case ChangeKind::AddInherit:
    case ChangeKind::DropInherit:
      plan_inheritance_change(change);
      break;
    case ChangeKind::CreateIndex:
    case ChangeKind::DropIndex:
      plan_index_change(change);
      break;
    case ChangeKind::CreateView:
      break;  // plan_dependents creates views in dependency order
    case ChangeKind::DropView:
      break;  // plan_dependents drops views in reverse dependency order
    case ChangeKind::CreatePolicy:
    case ChangeKind::DropPolicy:
    case ChangeKind::AlterPolicy:
      plan_policy_change(change);
      break;
    case ChangeKind::CreateFunction:
    case ChangeKind::DropFunction:
    case ChangeKind::ReplaceFunction:
    case ChangeKind::CreateTrigger:
    case ChangeKind::DropTrigger:
      plan_function_change(change);
      break;
    case ChangeKind::CreateRule:
    case ChangeKind::DropRule:
    case ChangeKind::ReplaceRule:
      plan_rule_change(change);
      break;
    case ChangeKind::CreateStatistics:
    case ChangeKind::DropStatistics:
    case ChangeKind::AlterStatistics:
      plan_statistics_change(change);
      break;
    case ChangeKind::CreateEventTrigger:
    case ChangeKind::DropEventTrigger:
    case ChangeKind::AlterEventTrigger:
      plan_event_trigger_change(change);
      break;
    case ChangeKind::CreateCollation:
    case ChangeKind::DropCollation:
      plan_collation_change(change);
      break;
    case ChangeKind::CreateDomain:
    case ChangeKind::DropDomain:
    case ChangeKind::AlterDomain:
      plan_domain_change(change);
      break;
    case ChangeKind::CreateCompositeType:
    case ChangeKind::DropCompositeType:
    case ChangeKind::AlterCompositeType:
    case ChangeKind::RecreateCompositeType:
      plan_composite_change(change);
      break;
    case ChangeKind::CreateRangeType:
    case ChangeKind::DropRangeType:
      plan_range_change(change);
      break;
    case ChangeKind::SetComment:
      plan_comment_change(change);
      break;
    case ChangeKind::GrantPrivilege:
    case ChangeKind::RevokePrivilege:
    case ChangeKind::GrantDefaultPrivilege:
    case ChangeKind::RevokeDefaultPrivilege:
      plan_privilege_change(change);
      break;
    case ChangeKind::RenameDomain:
    case ChangeKind::MoveDomain:
    case ChangeKind::RenameCompositeType:
    case ChangeKind::MoveCompositeType:
    case ChangeKind::RenameCompositeAttribute:
    case ChangeKind::RenameRangeType:
    case ChangeKind::MoveRangeType:
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
  }
}

}  // namespace sleet::plan_detail
