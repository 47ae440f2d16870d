// diff_schemas: domains. Default, NOT NULL and constraints change in place (AlterDomain); a
// changed base type or collation is a drop and a create, refused while something uses the
// domain, since PostgreSQL cannot change either in place.
#include <fmt/format.h>

#include "diff/diff_internal.h"
#include "sleet/error.h"

namespace sleet::diff_detail {

namespace {

bool is_type(const TypeName& type, const QualifiedName& name) {
  return type.schema == name.schema && type.name == name.name;
}

// What in `schema` uses the domain `name`, for the refusal; empty when nothing does.
std::string first_user(const Schema& schema, const QualifiedName& name) {
  for (const auto& [table_name, table] : schema.tables) {
    for (const Column& column : table.columns)
      if (is_type(column.type, name))
        return fmt::format("column {}.{}", table_name.display(), column.name);
  }
  for (const auto& [other_name, other] : schema.domains)
    if (is_type(other.base_type, name)) return "domain " + other_name.display();
  for (const auto& [key, function] : schema.functions) {
    if (is_type(function.returns, name)) return "function " + key.display();
    for (const FunctionParameter& parameter : function.parameters)
      if (is_type(parameter.type, name)) return "function " + key.display();
  }
  return {};
}

std::string type_and_collation(const Domain& domain) {
  std::string out = domain.base_type.sql();
  if (!domain.collation.empty()) out += " COLLATE " + domain.collation;
  return out;
}

void comment(const QualifiedName& name, const std::optional<std::string>& before,
             const std::optional<std::string>& after, std::vector<Change>& out) {
  add_comment_change("DOMAIN", name, before, after, out);
}

}  // namespace

void diff_domains(const Schema& from, const Schema& to, std::vector<Change>& out) {
  for (const Domain* domain : domains_in_dependency_order(to.domains)) {
    const QualifiedName& name = domain->name;
    auto it = from.domains.find(name);
    if (it != from.domains.end()) {
      const Domain& old = it->second;
      if (without_comment(old) == without_comment(*domain)) {
        comment(name, old.comment, domain->comment, out);
        continue;
      }
      if (old.base_type == domain->base_type && old.collation == domain->collation) {
        Change change = make_change(ChangeKind::AlterDomain, name);
        change.before = old;
        change.after = *domain;
        out.push_back(change);
        comment(name, old.comment, domain->comment, out);
        continue;
      }
      if (std::string user = first_user(from, name); !user.empty()) {
        throw Error(
            ErrorKind::Usage,
            fmt::format("domain {} changes from {} to {}, and {} uses it: PostgreSQL "
                        "cannot change a domain's type or collation in place",
                        name.display(), type_and_collation(old), type_and_collation(*domain), user),
            "domain " + name.display(),
            "declare the new definition under another domain name and move the "
            "columns to it (the old domain is then dropped), or move them to another "
            "type in one migration and change the domain in the next");
      }
      Change drop = make_change(ChangeKind::DropDomain, name);
      drop.before = old;
      out.push_back(drop);
    }
    Change change = make_change(ChangeKind::CreateDomain, name);
    change.after = *domain;
    out.push_back(change);
    comment(name, std::nullopt, domain->comment, out);
  }
  std::vector<const Domain*> dropped = domains_in_dependency_order(from.domains);
  for (auto it = dropped.rbegin(); it != dropped.rend(); ++it) {
    if (to.domains.contains((*it)->name)) continue;
    Change change = make_change(ChangeKind::DropDomain, (*it)->name);
    change.before = **it;
    out.push_back(change);
  }
}

}  // namespace sleet::diff_detail
