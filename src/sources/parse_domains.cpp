// CREATE DOMAIN: a base type (built in, an enum or another domain), COLLATE, DEFAULT, NOT NULL
// and CHECK constraints, named as the server names them when the file does not.
#include <fmt/format.h>

#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

void add_domain_check(Context& context, Domain& domain, const PgQuery__Constraint& constraint) {
  if (constraint.skip_validation) {
    context.fail(constraint.location, "a domain's CHECK cannot be NOT VALID in CREATE DOMAIN",
                 "remove NOT VALID (the server refuses it too)");
  }
  if (constraint.is_no_inherit)
    context.fail(constraint.location, "NO INHERIT does not apply to a domain's CHECK");
  DomainConstraint check;
  check.expression = expression_of(*constraint.raw_expr);
  check.name = constraint.conname;
  if (check.name.empty()) {
    // Like the server: "<domain>_check", then _check1, ... free among the schema's constraints.
    check.name =
        context.names.choose_constraint_name(domain.name.schema, domain.name.name, "", "check");
  }
  if (domain.constraints.contains(check.name)) {
    context.fail(constraint.location,
                 fmt::format("constraint {} of domain {} is defined twice", check.name,
                             domain.name.display()),
                 "give one of them another name");
  }
  context.names.add_constraint(QualifiedName{domain.name.schema, check.name});
  domain.constraints.emplace(check.name, std::move(check));
}

}  // namespace

void apply_create_domain(Context& context, const PgQuery__CreateDomainStmt& statement) {
  std::vector<std::string> names = strings_of(statement.domainname, statement.n_domainname);
  Domain domain;
  domain.name = context.new_name(names.size() > 1 ? names[names.size() - 2] : "", names.back());
  domain.base_type = resolve_type(context, *statement.type_name);
  if (statement.coll_clause) domain.collation = collation_name(*statement.coll_clause);
  bool nullable_written = false;
  for (size_t i = 0; i < statement.n_constraints; ++i) {
    const PgQuery__Constraint& constraint = *statement.constraints[i]->constraint;
    switch (constraint.contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
      case PG_QUERY__CONSTR_TYPE__CONSTR_NULL: {
        bool not_null = constraint.contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL;
        if (nullable_written && domain.not_null != not_null) {
          context.fail(constraint.location,
                       fmt::format("domain {} says both NULL and NOT NULL", domain.name.display()),
                       "keep one of them");
        }
        nullable_written = true;
        domain.not_null = not_null;
        break;
      }
      case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
        if (domain.default_value) {
          context.fail(constraint.location,
                       fmt::format("domain {} has two defaults", domain.name.display()),
                       "keep one DEFAULT");
        }
        // DEFAULT NULL is no default, as the server stores it.
        if (!is_null_constant(*constraint.raw_expr))
          domain.default_value = expression_of(*constraint.raw_expr);
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        add_domain_check(context, domain, constraint);
        break;
      default:
        context.fail(constraint.location,
                     "a domain takes only DEFAULT, NOT NULL, NULL and CHECK constraints",
                     "put other constraints on the columns or tables that use the domain");
    }
  }
  auto earlier = context.names.add_object("type", domain.name.display(), context.where(), false);
  if (earlier) {
    context.fail(-1,
                 fmt::format("type {} is defined twice: at {} and at {}", domain.name.display(),
                             earlier->where, context.where()),
                 "keep one definition");
  }
  context.schema.domains.emplace(domain.name, std::move(domain));
}

}  // namespace sleet::sources
