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
    default:
      break;
  }
}

}  // namespace sleet::plan_detail
