// plan_changes: the SQL of policy changes and their phase.
#include <fmt/format.h>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_policy_change(const Change& change) {
  const QualifiedName& object = change.object;
  switch (change.kind) {
    case ChangeKind::CreatePolicy:
      emit(kPolicies, ddl::create_policy(object, as<Policy>(change.after)), object, change.kind);
      break;
    case ChangeKind::DropPolicy:
      emit(kDropPolicies,
           fmt::format("DROP POLICY {} ON {}", quote_identifier(change.name), qualified(object)),
           object, change.kind);
      break;
    case ChangeKind::AlterPolicy: {
      if (recreated_policies_.contains({object, change.name})) break;
      const Policy& policy = as<Policy>(change.after);
      std::string sql = fmt::format("ALTER POLICY {} ON {} TO {}", quote_identifier(change.name),
                                    qualified(object), policy_roles(policy));
      if (policy.using_expression) sql += " USING (" + policy.using_expression->written() + ")";
      if (policy.with_check) sql += " WITH CHECK (" + policy.with_check->written() + ")";
      emit(kPolicies, sql, object, change.kind);
      break;
    }
    default:
      break;
  }
}

}  // namespace sleet::plan_detail
