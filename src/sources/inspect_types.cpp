// Types from the catalog other than enums: domains (their default and checks as the server
// prints them, normalised later with the rest of the schema), composite and range types.
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

void read_composite_types(const db::Result& result, Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    QualifiedName name{row.text("nspname"), row.text("composite_name")};
    auto [it, created] = schema.composite_types.try_emplace(name);
    CompositeType& type = it->second;
    if (created) {
      type.name = name;
      type.comment = row.optional("description");
    }
    std::optional<std::string> attribute_name = row.optional("attname");
    if (!attribute_name) continue;
    CompositeAttribute attribute;
    attribute.name = *attribute_name;
    attribute.type = catalog_type(row);
    if (auto collation = row.optional("collation")) {
      std::string collation_schema = row.text("collation_schema");
      attribute.collation = collation_schema == "pg_catalog" || collation_schema == "public"
                                ? *collation
                                : collation_schema + "." + *collation;
    }
    attribute.comment = row.optional("attribute_comment");
    type.attributes.push_back(std::move(attribute));
  }
}

void read_range_types(const db::Result& result, Schema& schema) {
  for (int i = 0; i < result.rows(); ++i) {
    Row row{result, i};
    RangeType range;
    range.name = QualifiedName{row.text("nspname"), row.text("range_name")};
    range.subtype = catalog_type(row);
    range.subtype_opclass = row.optional("opclass").value_or("");
    range.collation = row.optional("collation").value_or("");
    range.canonical = row.optional("canonical").value_or("");
    range.subtype_diff = row.optional("subtype_diff").value_or("");
    range.multirange_name = row.optional("multirange_name").value_or("");
    if (range.multirange_name == RangeType{range.name}.multirange_type_name())
      range.multirange_name.clear();
    range.comment = row.optional("description");
    schema.range_types.emplace(range.name, std::move(range));
  }
}

}  // namespace sleet::sources
