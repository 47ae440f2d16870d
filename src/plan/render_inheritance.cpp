// plan_changes: a table's parents. NO INHERIT runs before any constraint or column is dropped,
// so what the table inherited becomes its own first (the diff then drops what the new schema
// does not declare). INHERIT runs after the columns are added: PostgreSQL wants the child to
// hold every column and every inheritable CHECK of the parent already. A parent's check the
// child does not declare itself is dropped from the parent just before, and added back after
// (kAddConstraints), so the server copies it to the child as inherited, as the schema says.

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_inheritance_change(const Change& change) {
  const QualifiedName& child = change.object;
  if (change.kind == ChangeKind::DropInherit) {
    const auto& parent = as<Table>(change.before);
    emit(kDropForeignKeys, ddl::no_inherit_table(child, parent.name), child, change.kind, kNoHazard,
         "the columns and checks it inherited from " + parent.name.display() + " become its own");
    return;
  }
  const auto& parent = as<Table>(change.after);
  auto work_child = work_.tables.find(child);
  auto work_parent = work_.tables.find(parent.name);
  const Table& to_child = to_.tables.at(child);
  for (const auto& [name, check] : parent.check_constraints) {
    if (check.no_inherit) continue;
    // A check the parent gains in this plan is added after INHERIT anyway.
    bool parent_holds = created_tables_.contains(parent.name);
    if (work_parent != work_.tables.end()) {
      auto held = work_parent->second.check_constraints.find(name);
      parent_holds = held != work_parent->second.check_constraints.end() && held->second == check;
    }
    if (!parent_holds) continue;
    // The child holds it already when it keeps a check of that name unchanged.
    auto own = to_child.check_constraints.find(name);
    if (work_child != work_.tables.end() && own != to_child.check_constraints.end()) {
      auto before = work_child->second.check_constraints.find(name);
      if (before != work_child->second.check_constraints.end() && before->second == own->second)
        continue;
    }
    if (!readded_parent_checks_.insert({parent.name, name}).second) continue;
    emit(kInheritance, drop_constraint(parent.name, name), parent.name, change.kind, kNoHazard,
         "dropped so that " + child.display() +
             " can inherit it, and added back after (it is copied to every child)");
    emit_validated_constraint(kAddConstraints, parent.name, name,
                              alter_table(parent.name) + " ADD " + ddl::check_clause(check),
                              change.kind, kMayFailOnData | kExclusiveLock,
                              "checks the rows of " + parent.name.display() +
                                  " and of its children, " + child.display() + " now among them");
  }
  emit(kInheritance, ddl::inherit_table(child, parent.name), child, change.kind, kNoHazard,
       "its rows are read by queries on " + parent.name.display() + " from now on");
}

}  // namespace sleet::plan_detail
