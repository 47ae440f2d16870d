// plan_changes: ALTER DEFAULT PRIVILEGES once schemas and roles exist and before any object
// is created (a new object gets `to`'s defaults, which the diff counts on); GRANT and REVOKE, after every object is created (so a created or recreated
// object gets its privileges) and before roles are dropped (a role holding privileges cannot
// be). The diff leaves out objects being dropped.
#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_privilege_change(const Change& change) {
  if (change.kind == ChangeKind::GrantDefaultPrivilege) {
    emit(kDefaultPrivileges,
         ddl::grant_default_privilege(as<DefaultPrivilege>(change.after), !change.detail.empty()),
         change.object, change.kind);
    return;
  }
  if (change.kind == ChangeKind::RevokeDefaultPrivilege) {
    emit(kDefaultPrivileges,
         ddl::revoke_default_privilege(as<DefaultPrivilege>(change.before),
                                       !change.detail.empty()),
         change.object, change.kind);
    return;
  }
  if (change.kind == ChangeKind::GrantPrivilege) {
    emit(kGrants, ddl::grant_privilege(as<Grant>(change.after), !change.detail.empty(), to_),
         change.object, change.kind);
    return;
  }
  emit(kGrants, ddl::revoke_privilege(as<Grant>(change.before), !change.detail.empty(), to_),
       change.object, change.kind);
}

void PlanBuilder::plan_recreated_view_privileges() {
  for (const auto& [grant, state] : to_.grants) {
    if (grant.object_kind != "TABLE") continue;
    QualifiedName view{grant.schema, grant.name};
    if (!recreated_views_.contains(view)) continue;
    emit(kGrants,
         state.revoked ? ddl::revoke_privilege(grant, false, to_)
                       : ddl::grant_privilege(grant, state.grant_option, to_),
         view, ChangeKind::GrantPrivilege);
  }
}

}  // namespace sleet::plan_detail
