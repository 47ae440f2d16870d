// plan_changes: a partition's changed bound. The partition is detached with the constraints
// that are dropped, and attached again with its new bound with those that are added: after
// the new partitions are created and dropped ones are gone (dropped_tables_phase), so ranges
// that move from one partition to another do not overlap on the way. Its rows stay.

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_partition_change(const Change& change) {
  const QualifiedName& object = change.object;
  const auto& before = as<Table>(change.before);
  const auto& after = as<Table>(change.after);
  emit(kDropConstraints, ddl::detach_partition(*before.partition_of, object), object, change.kind,
       kExclusiveLock, "locks the partitioned table while the partition is detached");
  emit(kAddConstraints, ddl::attach_partition(*after.partition_of, after), object, change.kind,
       kMayFailOnData,
       "scans the partition to check its rows against the new bound (and a default partition "
       "for rows the bound now covers); fails on rows outside it");
}

}  // namespace sleet::plan_detail
