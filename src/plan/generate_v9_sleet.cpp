// Which changes of a migration into a drizzle-kit 1.0 (v3) folder are sleet's alone: drizzle-kit
// 1.0's ddl has no entity for them, so they get no delta and no footprint; the snapshot's
// "sleet" member (v9_sleet_member, snapshot_v9_sleet.cpp) holds their whole state after the
// migration instead (docs/drizzle-kit-1.md).
#include <algorithm>

#include "generate_v9.h"

namespace sleet::plan_internal {

namespace {

// The types a column of a table drizzle-kit models uses (a domain, composite or range type it
// names by its "type" and "typeSchema").
bool used_by_a_column(const Schema& to, const QualifiedName& type) {
  return std::any_of(to.tables.begin(), to.tables.end(), [&](const auto& entry) {
    const Table& table = entry.second;
    if (table.partition_of) return false;
    return std::any_of(table.columns.begin(), table.columns.end(), [&](const Column& column) {
      return column.type.is_user_defined() && column.type.schema == type.schema &&
             column.type.name == type.name;
    });
  });
}

}  // namespace

std::set<QualifiedName> partition_tables(const std::vector<Change>& changes, const Schema& to) {
  std::set<QualifiedName> partitions;
  for (const auto& [name, table] : to.tables) {
    if (table.partition_of) partitions.insert(name);
  }
  for (const Change& change : changes) {
    if (const Table* before = std::get_if<Table>(&change.before); before && before->partition_of)
      partitions.insert(change.object);
  }
  return partitions;
}

bool carried_by_sleet_member(const Change& change, const Schema& to,
                             const std::set<QualifiedName>& partitions) {
  switch (change.kind) {
    case ChangeKind::CreateExtension:
    case ChangeKind::DropExtension:
    case ChangeKind::AlterExtension:
    case ChangeKind::CreateFunction:
    case ChangeKind::DropFunction:
    case ChangeKind::ReplaceFunction:
    case ChangeKind::CreateTrigger:
    case ChangeKind::DropTrigger:
    case ChangeKind::CreateRule:
    case ChangeKind::DropRule:
    case ChangeKind::ReplaceRule:
    case ChangeKind::CreateEventTrigger:
    case ChangeKind::DropEventTrigger:
    case ChangeKind::AlterEventTrigger:
    case ChangeKind::CreateDomain:
    case ChangeKind::DropDomain:
    case ChangeKind::AlterDomain:
    case ChangeKind::GrantPrivilege:
    case ChangeKind::RevokePrivilege:
    case ChangeKind::GrantDefaultPrivilege:
    case ChangeKind::RevokeDefaultPrivilege:
    case ChangeKind::CreateCompositeType:
    case ChangeKind::DropCompositeType:
    case ChangeKind::AlterCompositeType:
    case ChangeKind::RecreateCompositeType:
    case ChangeKind::RenameCompositeAttribute:
    case ChangeKind::CreateRangeType:
    case ChangeKind::DropRangeType:
    case ChangeKind::AddExclusion:
    case ChangeKind::DropExclusion:
    case ChangeKind::SetLogged:
    case ChangeKind::SetUnlogged:
    case ChangeKind::SetStorageParameters:
    case ChangeKind::SetPartitionBound:
    case ChangeKind::AddInherit:
    case ChangeKind::DropInherit:
    case ChangeKind::ForceRowLevelSecurity:
    case ChangeKind::NoForceRowLevelSecurity:
    case ChangeKind::SetComment:
      return true;
    // A renamed type a column names would leave drizzle-kit's column row with the old name.
    case ChangeKind::RenameDomain:
    case ChangeKind::MoveDomain:
    case ChangeKind::RenameCompositeType:
    case ChangeKind::MoveCompositeType:
    case ChangeKind::RenameRangeType:
    case ChangeKind::MoveRangeType:
      return !used_by_a_column(to, change.object);
    default:
      // A partition and everything on it: drizzle-kit's ddl leaves partitions out.
      return partitions.contains(change.object);
  }
}

Schema without_comments(Schema schema) {
  for (auto& [name, ns] : schema.namespaces) ns.comment.reset();
  for (auto& [name, type] : schema.enums) type.comment.reset();
  for (auto& [name, sequence] : schema.sequences) sequence.comment.reset();
  for (auto& [name, view] : schema.views) view.comment.reset();
  for (auto& [name, table] : schema.tables) {
    table.comment.reset();
    for (Column& column : table.columns) column.comment.reset();
    if (table.primary_key) table.primary_key->comment.reset();
    for (auto& [key, member] : table.foreign_keys) member.comment.reset();
    for (auto& [key, member] : table.unique_constraints) member.comment.reset();
    for (auto& [key, member] : table.check_constraints) member.comment.reset();
    for (auto& [key, member] : table.indexes) member.comment.reset();
    for (auto& [key, member] : table.policies) member.comment.reset();
  }
  return schema;
}

}  // namespace sleet::plan_internal
