// Types from the catalog other than enums: domains (their default and checks as the server
// prints them, normalised later with the rest of the schema).
#include "sleet/normalize.h"
#include "sleet/sql.h"
#include "sources/inspect_internal.h"

namespace sleet::sources {

namespace {

Expression catalog_expression(const std::string& text) {
  return Expression{text, sql::canonical_expression(text)};
}

}  // namespace

void read_domains(const db::Result& result, Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    Domain domain;
    domain.name = QualifiedName{row.text("nspname"), row.text("domain_name")};
    domain.base_type = catalog_type(row);
    domain.not_null = row.flag("typnotnull");
    if (auto collation = row.optional("collation")) {
      std::string collation_schema = row.text("collation_schema");
      domain.collation = collation_schema == "pg_catalog" || collation_schema == "public"
                             ? *collation
                             : collation_schema + "." + *collation;
    }
    std::optional<std::string> default_value = row.optional("default_value");
    if (default_value && !normalize::is_null_constant(*default_value))
      domain.default_value = catalog_expression(*default_value);
    nlohmann::json checks = row.json("checks");
    if (checks.is_object()) {
      for (const auto& [name, expression] : checks.items())
        domain.constraints[name] =
            DomainConstraint{name, catalog_expression(expression.get<std::string>())};
    }
    domain.comment = row.optional("description");
    schema.domains.emplace(domain.name, std::move(domain));
  }
}

}  // namespace sleet::sources
