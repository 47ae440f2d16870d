// Display names of change kinds.
#include "sleet/diff.h"

namespace sleet {

std::string to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::CreateSchema:
      return "create schema";
    case ChangeKind::DropSchema:
      return "drop schema";
    case ChangeKind::RenameSchema:
      return "rename schema";
    case ChangeKind::CreateExtension:
      return "create extension";
    case ChangeKind::DropExtension:
      return "drop extension";
    case ChangeKind::AlterExtension:
      return "alter extension";
    case ChangeKind::CreateRole:
      return "create role";
    case ChangeKind::DropRole:
      return "drop role";
    case ChangeKind::AlterRole:
      return "alter role";
    case ChangeKind::CreateEnum:
      return "create enum";
    case ChangeKind::DropEnum:
      return "drop enum";
    case ChangeKind::RenameEnum:
      return "rename enum";
    case ChangeKind::MoveEnum:
      return "move enum";
    case ChangeKind::AddEnumValue:
      return "add enum value";
    case ChangeKind::RenameEnumValue:
      return "rename enum value";
    case ChangeKind::RecreateEnum:
      return "recreate enum";
    case ChangeKind::CreateSequence:
      return "create sequence";
    case ChangeKind::DropSequence:
      return "drop sequence";
    case ChangeKind::RenameSequence:
      return "rename sequence";
    case ChangeKind::MoveSequence:
      return "move sequence";
    case ChangeKind::AlterSequence:
      return "alter sequence";
    case ChangeKind::CreateTable:
      return "create table";
    case ChangeKind::DropTable:
      return "drop table";
    case ChangeKind::RenameTable:
      return "rename table";
    case ChangeKind::MoveTable:
      return "move table";
    case ChangeKind::AddColumn:
      return "add column";
    case ChangeKind::DropColumn:
      return "drop column";
    case ChangeKind::RenameColumn:
      return "rename column";
    case ChangeKind::AlterColumnType:
      return "alter column type";
    case ChangeKind::SetColumnDefault:
      return "set column default";
    case ChangeKind::DropColumnDefault:
      return "drop column default";
    case ChangeKind::SetNotNull:
      return "set not null";
    case ChangeKind::DropNotNull:
      return "drop not null";
    case ChangeKind::AddIdentity:
      return "add identity";
    case ChangeKind::DropIdentity:
      return "drop identity";
    case ChangeKind::AlterIdentity:
      return "alter identity";
    case ChangeKind::SetGenerated:
      return "set generated";
    case ChangeKind::DropGenerated:
      return "drop generated";
    case ChangeKind::AlterColumnCollation:
      return "alter column collation";
    case ChangeKind::AddPrimaryKey:
      return "add primary key";
    case ChangeKind::DropPrimaryKey:
      return "drop primary key";
    case ChangeKind::AddForeignKey:
      return "add foreign key";
    case ChangeKind::DropForeignKey:
      return "drop foreign key";
    case ChangeKind::AddUnique:
      return "add unique";
    case ChangeKind::DropUnique:
      return "drop unique";
    case ChangeKind::AddCheck:
      return "add check";
    case ChangeKind::DropCheck:
      return "drop check";
    case ChangeKind::ValidateConstraint:
      return "validate constraint";
    case ChangeKind::AddExclusion:
      return "add exclusion constraint";
    case ChangeKind::DropExclusion:
      return "drop exclusion constraint";
    case ChangeKind::CreateIndex:
      return "create index";
    case ChangeKind::DropIndex:
      return "drop index";
    case ChangeKind::CreateView:
      return "create view";
    case ChangeKind::DropView:
      return "drop view";
    case ChangeKind::RenameView:
      return "rename view";
    case ChangeKind::MoveView:
      return "move view";
    case ChangeKind::EnableRowLevelSecurity:
      return "enable row level security";
    case ChangeKind::DisableRowLevelSecurity:
      return "disable row level security";
    case ChangeKind::ForceRowLevelSecurity:
      return "force row level security";
    case ChangeKind::SetLogged:
      return "set logged";
    case ChangeKind::SetUnlogged:
      return "set unlogged";
    case ChangeKind::SetStorageParameters:
      return "set storage parameters";
    case ChangeKind::SetColumnStatistics:
      return "set column statistics";
    case ChangeKind::SetColumnStorage:
      return "set column storage";
    case ChangeKind::SetColumnCompression:
      return "set column compression";
    case ChangeKind::SetColumnOptions:
      return "set column options";
    case ChangeKind::SetReplicaIdentity:
      return "set replica identity";
    case ChangeKind::SetClusterOn:
      return "set cluster on";
    case ChangeKind::SetPartitionBound:
      return "set partition bound";
    case ChangeKind::AddInherit:
      return "inherit";
    case ChangeKind::DropInherit:
      return "no inherit";
    case ChangeKind::NoForceRowLevelSecurity:
      return "no force row level security";
    case ChangeKind::CreatePolicy:
      return "create policy";
    case ChangeKind::DropPolicy:
      return "drop policy";
    case ChangeKind::RenamePolicy:
      return "rename policy";
    case ChangeKind::AlterPolicy:
      return "alter policy";
    case ChangeKind::RenameConstraint:
      return "rename constraint";
    case ChangeKind::RenameIndex:
      return "rename index";
    case ChangeKind::CreateFunction:
      return "create function";
    case ChangeKind::DropFunction:
      return "drop function";
    case ChangeKind::ReplaceFunction:
      return "replace function";
    case ChangeKind::CreateTrigger:
      return "create trigger";
    case ChangeKind::DropTrigger:
      return "drop trigger";
    case ChangeKind::CreateRule:
      return "create rule";
    case ChangeKind::DropRule:
      return "drop rule";
    case ChangeKind::ReplaceRule:
      return "replace rule";
    case ChangeKind::CreateStatistics:
      return "create statistics";
    case ChangeKind::DropStatistics:
      return "drop statistics";
    case ChangeKind::AlterStatistics:
      return "alter statistics";
    case ChangeKind::CreateEventTrigger:
      return "create event trigger";
    case ChangeKind::DropEventTrigger:
      return "drop event trigger";
    case ChangeKind::AlterEventTrigger:
      return "alter event trigger";
    case ChangeKind::CreateDomain:
      return "create domain";
    case ChangeKind::DropDomain:
      return "drop domain";
    case ChangeKind::AlterDomain:
      return "alter domain";
    case ChangeKind::RenameDomain:
      return "rename domain";
    case ChangeKind::MoveDomain:
      return "move domain";
    case ChangeKind::GrantPrivilege:
      return "grant privilege";
    case ChangeKind::RevokePrivilege:
      return "revoke privilege";
    case ChangeKind::GrantDefaultPrivilege:
      return "grant default privilege";
    case ChangeKind::RevokeDefaultPrivilege:
      return "revoke default privilege";
    case ChangeKind::CreateCompositeType:
      return "create composite type";
    case ChangeKind::DropCompositeType:
      return "drop composite type";
    case ChangeKind::AlterCompositeType:
      return "alter composite type";
    case ChangeKind::RecreateCompositeType:
      return "recreate composite type";
    case ChangeKind::RenameCompositeType:
      return "rename composite type";
    case ChangeKind::MoveCompositeType:
      return "move composite type";
    case ChangeKind::RenameCompositeAttribute:
      return "rename attribute";
    case ChangeKind::CreateRangeType:
      return "create range type";
    case ChangeKind::DropRangeType:
      return "drop range type";
    case ChangeKind::RenameRangeType:
      return "rename range type";
    case ChangeKind::MoveRangeType:
      return "move range type";
    case ChangeKind::CreateCollation:
      return "create collation";
    case ChangeKind::DropCollation:
      return "drop collation";
    case ChangeKind::SetComment:
      return "set comment";
  }
  return "change";
}

}  // namespace sleet
