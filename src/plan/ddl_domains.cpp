// DDL of domains (ddl.h).
#include <fmt/format.h>

#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::ddl {

std::string domain_check_clause(const DomainConstraint& constraint) {
  return fmt::format("CONSTRAINT {} CHECK ({})", sql::quote_identifier(constraint.name),
                     constraint.expression.written());
}

std::string create_domain(const Domain& domain) {
  std::string out =
      fmt::format("CREATE DOMAIN {} AS {}", qualified(domain.name), domain.base_type.sql());
  if (!domain.collation.empty()) out += " COLLATE " + collation_reference(domain.collation);
  if (domain.default_value) out += " DEFAULT " + domain.default_value->written();
  if (domain.not_null) out += " NOT NULL";
  for (const auto& [name, constraint] : domain.constraints)
    out += " " + domain_check_clause(constraint);
  return out;
}

}  // namespace sleet::ddl
