// plan_changes: the SQL of EXCLUDE constraints added to or dropped from existing tables (a new
// table declares them in its CREATE TABLE). A changed one is dropped and added again.

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_exclusion_change(const Change& change) {
  const QualifiedName& object = change.object;
  if (change.kind == ChangeKind::AddExclusion) {
    const auto& exclusion = as<ExclusionConstraint>(change.after);
    emit(kAddConstraints, alter_table(object) + " ADD " + ddl::exclusion_clause(exclusion), object,
         change.kind, kMayFailOnData | kExclusiveLock,
         "builds an index over every existing row; fails on rows that conflict");
  } else if (change.kind == ChangeKind::DropExclusion) {
    emit(kDropConstraints, drop_constraint(object, change.name), object, change.kind);
  }
}

}  // namespace sleet::plan_detail
