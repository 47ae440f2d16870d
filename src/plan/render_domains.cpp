// plan_changes: the SQL of domain changes and their phases. Domains are created after enums
// (a domain may be over one) and before the sequences, functions and tables that use them;
// dropped after the tables and functions, before the enums. A domain dropped to be created
// again (its base type changed; the diff refuses that while anything uses it) goes first.
#include <fmt/format.h>

#include <map>
#include <set>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::plan_detail {

void PlanBuilder::plan_domain_alteration(const Domain& before, const Domain& after) {
  const QualifiedName& object = after.name;
  const std::string target = "ALTER DOMAIN " + qualified(object);
  const ChangeKind kind = ChangeKind::AlterDomain;
  // A check only the name of which changed (a default name following a renamed domain:
  // positive_check -> amount_check) is renamed, not dropped and validated again.
  std::map<std::string, std::string> renamed;  // before's name -> after's
  std::set<std::string> taken;
  for (const auto& [name, constraint] : before.constraints) {
    if (after.constraints.contains(name)) continue;
    for (const auto& [new_name, new_constraint] : after.constraints) {
      if (before.constraints.contains(new_name) || taken.contains(new_name)) continue;
      if (new_constraint.expression.canonical != constraint.expression.canonical) continue;
      renamed[name] = new_name;
      taken.insert(new_name);
      break;
    }
  }
  for (const auto& [name, constraint] : before.constraints) {
    if (auto it = renamed.find(name); it != renamed.end()) {
      emit(kDomains,
           fmt::format("{} RENAME CONSTRAINT {} TO {}", target, quote_identifier(name),
                       quote_identifier(it->second)),
           object, kind);
      continue;
    }
    auto it = after.constraints.find(name);
    // A check holding a function the plan drops goes before that function does.
    bool holds_dropped =
        depends_on_dropped_function(ObjectId::Kind::DomainConstraint, object, name) ||
        calls_replaced_function(constraint.expression.canonical, true);
    if (it == after.constraints.end() || it->second != constraint)
      emit(holds_dropped ? kDropConstraints : kDomains,
           fmt::format("{} DROP CONSTRAINT {}", target, quote_identifier(name)), object, kind);
  }
  if (before.default_value != after.default_value) {
    emit(kDomains,
         after.default_value
             ? fmt::format("{} SET DEFAULT {}", target, after.default_value->written())
             : target + " DROP DEFAULT",
         object, kind);
  }
  if (before.not_null != after.not_null) {
    if (after.not_null) {
      emit(kDomains, target + " SET NOT NULL", object, kind, kMayFailOnData,
           "fails if a column of the domain holds NULL");
    } else {
      emit(kDomains, target + " DROP NOT NULL", object, kind);
    }
  }
  for (const auto& [name, constraint] : after.constraints) {
    auto it = before.constraints.find(name);
    if (it != before.constraints.end() && it->second == constraint) continue;
    if (taken.contains(name)) continue;
    // One calling a function the plan creates is added once the functions exist.
    bool calls_created =
        calls_any_of(constraint.expression.canonical, true, created_function_names_);
    emit(calls_created ? kAddConstraints : kDomains,
         fmt::format("{} ADD {}", target, ddl::domain_check_clause(constraint)), object, kind,
         kMayFailOnData, "fails if a column of the domain holds a value the check refuses");
  }
}

void PlanBuilder::plan_domain_change(const Change& change) {
  const QualifiedName& object = change.object;
  switch (change.kind) {
    case ChangeKind::CreateDomain: {
      // A default or check calling a function this plan creates is added once the functions
      // exist (domains come before functions, which may take them as parameters).
      Domain domain = as<Domain>(change.after);
      auto calls_created = [&](const Expression& e) {
        return calls_any_of(e.canonical, true, created_function_names_);
      };
      std::optional<Expression> default_later;
      if (domain.default_value && calls_created(*domain.default_value)) {
        default_later = domain.default_value;
        domain.default_value.reset();
      }
      std::vector<DomainConstraint> checks_later;
      for (auto it = domain.constraints.begin(); it != domain.constraints.end();) {
        if (!calls_created(it->second.expression)) {
          ++it;
          continue;
        }
        checks_later.push_back(it->second);
        it = domain.constraints.erase(it);
      }
      emit(kDomains, ddl::create_domain(domain), object, change.kind);
      const std::string target = "ALTER DOMAIN " + qualified(object);
      if (default_later) {
        emit(kAddConstraints, target + " SET DEFAULT " + default_later->written(), object,
             ChangeKind::AlterDomain);
      }
      for (const DomainConstraint& check : checks_later) {
        emit(kAddConstraints, fmt::format("{} ADD {}", target, ddl::domain_check_clause(check)),
             object, ChangeKind::AlterDomain, kMayFailOnData,
             "fails if a column of the domain holds a value the check refuses");
      }
      break;
    }
    case ChangeKind::DropDomain:
      emit(created_domains_.contains(object) ? kDropReplacedDomains : kDropDomains,
           "DROP DOMAIN " + qualified(object), object, change.kind);
      break;
    case ChangeKind::AlterDomain:
      plan_domain_alteration(as<Domain>(change.before), as<Domain>(change.after));
      break;
    default:
      break;
  }
}

}  // namespace sleet::plan_detail
