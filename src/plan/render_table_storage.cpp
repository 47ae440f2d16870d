// plan_changes: a table's persistence and storage parameters, altered in place. SET [UN]LOGGED
// runs with the constraints: after the foreign keys that would forbid it are dropped, before
// new ones that need it are added.

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
    default:
      break;
  }
}

}  // namespace sleet::plan_detail
