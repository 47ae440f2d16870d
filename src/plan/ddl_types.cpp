// DDL of composite and range types (ddl.h).
#include <fmt/format.h>

#include "sleet/ddl.h"
#include "sleet/sql.h"

namespace sleet::ddl {

namespace {

// "schema.name" as the model keeps a function or operator class, quoted part by part.
std::string dotted_name(const std::string& name) {
  size_t dot = name.find('.');
  if (dot == std::string::npos) return sql::quote_identifier(name);
  return sql::quote_identifier(name.substr(0, dot)) + "." +
         sql::quote_identifier(name.substr(dot + 1));
}

bool names_function(const std::string& name, const Schema& schema) {
  if (name.empty()) return false;
  for (const auto& [key, function] : schema.functions)
    if (function.name.display() == name) return true;
  return false;
}

}  // namespace

std::string composite_attribute_definition(const CompositeAttribute& attribute) {
  std::string out = sql::quote_identifier(attribute.name) + " " + attribute.type.sql();
  if (!attribute.collation.empty()) out += " COLLATE " + collation_reference(attribute.collation);
  return out;
}

std::string create_composite_type(const CompositeType& type) {
  std::string attributes;
  for (const CompositeAttribute& attribute : type.attributes) {
    if (!attributes.empty()) attributes += ", ";
    attributes += composite_attribute_definition(attribute);
  }
  return fmt::format("CREATE TYPE {} AS ({})", qualified(type.name), attributes);
}

std::string create_range_type(const RangeType& range) {
  std::string out = fmt::format("CREATE TYPE {} AS RANGE (SUBTYPE = {}", qualified(range.name),
                                range.subtype.sql());
  if (!range.subtype_opclass.empty())
    out += ", SUBTYPE_OPCLASS = " + dotted_name(range.subtype_opclass);
  if (!range.collation.empty()) out += ", COLLATION = " + collation_reference(range.collation);
  if (!range.canonical.empty()) out += ", CANONICAL = " + dotted_name(range.canonical);
  if (!range.subtype_diff.empty()) out += ", SUBTYPE_DIFF = " + dotted_name(range.subtype_diff);
  if (!range.multirange_name.empty()) {
    out += ", MULTIRANGE_TYPE_NAME = " +
           qualified(QualifiedName{range.name.schema, range.multirange_name});
  }
  return out + ")";
}

bool range_needs_functions(const RangeType& range, const Schema& schema) {
  return names_function(range.canonical, schema) || names_function(range.subtype_diff, schema);
}

}  // namespace sleet::ddl
