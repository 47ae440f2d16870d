// plan_changes: the SQL of created tables and of row-level security, their phase.

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_table_change(const Change& change) {
  const QualifiedName& object = change.object;
  switch (change.kind) {
    case ChangeKind::CreateTable:
      emit(kCreateTables, ddl::create_table(as<Table>(change.after)), object, change.kind);
      break;
    case ChangeKind::DropTable:
      break;  // plan_dropped_tables orders these
    case ChangeKind::EnableRowLevelSecurity:
    case ChangeKind::DisableRowLevelSecurity:
    case ChangeKind::ForceRowLevelSecurity:
    case ChangeKind::NoForceRowLevelSecurity: {
      const char* action = change.kind == ChangeKind::EnableRowLevelSecurity    ? "ENABLE"
                           : change.kind == ChangeKind::DisableRowLevelSecurity ? "DISABLE"
                           : change.kind == ChangeKind::ForceRowLevelSecurity   ? "FORCE"
                                                                                : "NO FORCE";
      emit(kRowLevelSecurity, fmt::format("{} {} ROW LEVEL SECURITY", alter_table(object), action),
           object, change.kind);
      break;
    }
    default:
      break;
  }
}

}  // namespace sleet::plan_detail
