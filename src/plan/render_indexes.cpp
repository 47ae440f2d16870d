// plan_changes: the SQL of index changes, their phase and hazards.

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_index_change(const Change& change) {
  const QualifiedName& object = change.object;
  // A materialized view the plan creates gets its indexes with it (plan_dependents); one it
  // drops takes them.
  if ((to_.views.contains(object) || work_.views.contains(object)) &&
      (views_to_drop_.contains(object) || created_views_.contains(object)))
    return;
  switch (change.kind) {
    case ChangeKind::CreateIndex: {
      Index index = as<Index>(change.after);
      if (online_partitioned(object)) {
        plan_partitioned_index(object, index);
        break;
      }
      if (online(object)) index.concurrently = true;
      unsigned hazards = index.unique ? kMayFailOnData : kNoHazard;
      std::string why = index.unique ? "fails on duplicate keys" : "";
      if (index.concurrently) {
        hazards |= kNoTransaction;
        why += std::string(why.empty() ? "" : "; ") +
               "CREATE INDEX CONCURRENTLY cannot run inside a transaction block";
      }
      emit(kCreateIndexes, ddl::create_index(object, index), object, change.kind, hazards, why);
      if (index.unique) {
        count_affected_rows(kCreateIndexes, index.name, count_duplicate_keys(object, index),
                            "key values held by more than one row");
      }
      break;
    }
    case ChangeKind::DropIndex:
      // DROP INDEX takes ACCESS EXCLUSIVE on the table; CONCURRENTLY waits for the
      // transactions using the index instead of blocking everyone behind it.
      if (online_partitioned(object)) {
        // The server refuses DROP INDEX CONCURRENTLY on a partitioned index: the plain DROP
        // scans nothing, but waits for and blocks the queries on every partition meanwhile.
        emit(kDropConstraints,
             "-- sleet:ignore require-concurrent-index-deletion PostgreSQL cannot drop a "
             "partitioned table's index concurrently\n"
             "DROP INDEX " +
                 qualified(QualifiedName{object.schema, change.name}),
             object, change.kind, kExclusiveLock,
             "a partitioned table's index cannot be dropped CONCURRENTLY: ACCESS EXCLUSIVE on the "
             "table and its partitions for the moment of the drop");
        break;
      }
      emit(kDropConstraints,
           std::string(online(object) ? "DROP INDEX CONCURRENTLY " : "DROP INDEX ") +
               qualified(QualifiedName{object.schema, change.name}),
           object, change.kind, online(object) ? kNoTransaction : kNoHazard,
           online(object) ? "DROP INDEX CONCURRENTLY cannot run inside a transaction block" : "");
      break;
    default:
      break;
  }
}

}  // namespace sleet::plan_detail
