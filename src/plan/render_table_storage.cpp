// plan_changes: a table's persistence, storage parameters and settings, altered in place. SET
// [UN]LOGGED runs with the constraints: after the foreign keys that would forbid it are dropped,
// before new ones that need it are added. Column settings follow the columns' creation;
// REPLICA IDENTITY and CLUSTER ON the indexes they name.

#include <fmt/ranges.h>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_table_storage_change(const Change& change) {
  const QualifiedName& object = change.object;
  switch (change.kind) {
    case ChangeKind::SetLogged:
      emit(kAddConstraints, alter_table(object) + " SET LOGGED", object, change.kind,
           kTableRewrite | kExclusiveLock, "rewrites the table and writes it all to the WAL");
      break;
    case ChangeKind::SetUnlogged:
      emit(kAddConstraints, alter_table(object) + " SET UNLOGGED", object, change.kind,
           kTableRewrite | kExclusiveLock,
           "rewrites the table; an unlogged table is emptied after a crash and not replicated");
      break;
    case ChangeKind::SetStorageParameters: {
      const auto& before = as<Table>(change.before).with;
      const auto& after = as<Table>(change.after).with;
      std::map<std::string, std::string> set;
      std::vector<std::string> reset;
      for (const auto& [key, value] : after) {
        auto old = before.find(key);
        if (old == before.end() || old->second != value) set[key] = value;
      }
      for (const auto& [key, value] : before)
        if (!after.contains(key)) reset.push_back(key);
      if (!reset.empty()) {
        emit(kRowLevelSecurity,
             fmt::format("{} RESET ({})", alter_table(object), fmt::join(reset, ", ")), object,
             change.kind);
      }
      if (!set.empty()) {
        emit(kRowLevelSecurity,
             fmt::format("{} SET ({})", alter_table(object), ddl::storage_parameters(set)), object,
             change.kind);
      }
      break;
    }
    case ChangeKind::SetColumnStatistics:
      emit(kAddColumns, ddl::set_column_statistics(object, as<Column>(change.after)), object,
           change.kind);
      break;
    case ChangeKind::SetColumnStorage: {
      const Column& column = as<Column>(change.after);
      std::string type_storage = default_storage(to_, column.type);
      // A type sleet cannot tell offline: extended, the mode of most varlena types.
      if (type_storage.empty()) type_storage = "extended";
      emit(kAddColumns, ddl::set_column_storage(object, column, type_storage), object, change.kind,
           kExclusiveLock, "takes an ACCESS EXCLUSIVE lock; existing rows keep theirs");
      break;
    }
    case ChangeKind::SetColumnCompression:
      emit(kAddColumns, ddl::set_column_compression(object, as<Column>(change.after)), object,
           change.kind, kExclusiveLock,
           "takes an ACCESS EXCLUSIVE lock; existing values keep their compression");
      break;
    case ChangeKind::SetColumnOptions: {
      const auto& before = as<Column>(change.before).options;
      const Column& column = as<Column>(change.after);
      std::map<std::string, std::string> set;
      std::vector<std::string> reset;
      for (const auto& [key, value] : column.options) {
        auto old = before.find(key);
        if (old == before.end() || old->second != value) set[key] = value;
      }
      for (const auto& [key, value] : before)
        if (!column.options.contains(key)) reset.push_back(key);
      if (!reset.empty())
        emit(kAddColumns, ddl::reset_column_options(object, column.name, reset), object,
             change.kind);
      if (!set.empty())
        emit(kAddColumns, ddl::set_column_options(object, column.name, set), object, change.kind);
      break;
    }
    // After the index they name is created (kCreateIndexes follows the constraints too).
    case ChangeKind::SetReplicaIdentity:
      emit(kCreateIndexes, ddl::set_replica_identity(as<Table>(change.after)), object, change.kind,
           kExclusiveLock, "takes an ACCESS EXCLUSIVE lock briefly");
      break;
    case ChangeKind::SetClusterOn:
      emit(kCreateIndexes, ddl::set_cluster_on(as<Table>(change.after)), object, change.kind);
      break;
    default:
      break;
  }
}

}  // namespace sleet::plan_detail
