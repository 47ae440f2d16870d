// DependencyGraph: the catalog's dependency edges as the inspector read them.
#include <deque>

#include "sleet/model.h"

namespace sleet {

std::string ObjectId::display() const {
  const std::string qualified = name.display();
  switch (kind) {
    case Kind::Table:
      return "table " + qualified;
    case Kind::Column:
      return "column " + qualified + "." + member;
    case Kind::View:
      return "view " + qualified;
    case Kind::Sequence:
      return "sequence " + qualified;
    case Kind::Function:
      return "function " + qualified;
    case Kind::Type:
      return "type " + qualified;
    case Kind::Index:
      return "index " + member + " on " + qualified;
    case Kind::Constraint:
      return "constraint " + member + " on " + qualified;
    case Kind::DomainConstraint:
      return "constraint " + member + " on domain " + qualified;
    case Kind::Trigger:
      return "trigger " + member + " on " + qualified;
    case Kind::Policy:
      return "policy " + member + " on " + qualified;
    case Kind::ColumnDefault:
      return "default of " + qualified + "." + member;
    case Kind::Rule:
      return "rule " + member + " on " + qualified;
  }
  return qualified;
}

std::set<ObjectId> DependencyGraph::dependents_of(const std::set<ObjectId>& objects,
                                                  bool through_data) const {
  if (objects.empty() || edges.empty()) return {};
  std::map<ObjectId, std::vector<const ObjectId*>> dependents;
  for (const Dependency& edge : edges) dependents[edge.referenced].push_back(&edge.dependent);
  std::set<ObjectId> out;
  std::deque<ObjectId> pending(objects.begin(), objects.end());
  while (!pending.empty()) {
    auto it = dependents.find(pending.front());
    pending.pop_front();
    if (it == dependents.end()) continue;
    for (const ObjectId* dependent : it->second) {
      bool data =
          dependent->kind == ObjectId::Kind::Column || dependent->kind == ObjectId::Kind::Type;
      if (out.insert(*dependent).second && (through_data || !data)) pending.push_back(*dependent);
    }
  }
  return out;
}

bool DependencyGraph::depends_on(const ObjectId& dependent, const ObjectId& referenced) const {
  return dependents_of({referenced}).contains(dependent);
}

}  // namespace sleet
