#include "generate_v9_text.h"

#include <set>
#include <string>

namespace sleet::plan_internal {

namespace {

// The text as the schema file wrote it; nullopt when there is none (a state read from a
// database keeps only the catalog's rendering, which drizzle-kit would read as a change).
std::optional<std::string> as_written(const Expression& expression) {
  if (expression.text.empty()) return std::nullopt;
  return expression.text;
}

// A view body without the parentheses drizzle-kit's SQL puts around it ("AS (select ...)").
std::string unparenthesized(std::string text) {
  while (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
    int depth = 0;
    bool whole = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '(') ++depth;
      if (text[i] == ')' && --depth == 0 && i + 1 < text.size()) whole = false;
    }
    if (!whole) break;
    text = text.substr(1, text.size() - 2);
    std::size_t begin = text.find_first_not_of(" \t\r\n");
    std::size_t end = text.find_last_not_of(" \t\r\n");
    text = begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
  }
  return text;
}

}  // namespace

std::optional<V9Row> v9_check_row(const QualifiedName& table, const CheckConstraint& check) {
  std::optional<std::string> value = as_written(check.expression);
  if (!value || check.no_inherit || check.comment) return std::nullopt;
  return V9Row{{"schema", table.schema},
               {"table", table.name},
               {"name", check.name},
               {"value", *value},
               {"entityType", "checks"}};
}

std::optional<V9Row> v9_generated(const Expression& expression) {
  std::optional<std::string> text = as_written(expression);
  if (!text) return std::nullopt;
  return V9Row{{"as", *text}, {"type", "stored"}};
}

std::optional<V9Row> v9_index_column(const IndexElement& element) {
  if (!element.opclass.empty() || !element.collation.empty()) return std::nullopt;
  std::string value = element.column;
  if (element.expression) {
    std::optional<std::string> text = as_written(*element.expression);
    if (!text) return std::nullopt;
    value = *text;
  }
  return V9Row{{"value", value},
               {"isExpression", element.expression.has_value()},
               {"asc", !element.descending},
               {"nullsFirst", element.nulls_first},
               {"opclass", nullptr}};
}

std::optional<V9Row> v9_index_where(const Index& index) {
  if (!index.where) return V9Row();
  std::optional<std::string> text = as_written(*index.where);
  if (!text) return std::nullopt;
  return V9Row(*text);
}

std::optional<V9Row> v9_policy_row(const QualifiedName& table, const Policy& policy) {
  if (policy.comment) return std::nullopt;
  V9Row using_text, check_text;
  if (policy.using_expression) {
    std::optional<std::string> text = as_written(*policy.using_expression);
    if (!text) return std::nullopt;
    using_text = *text;
  }
  if (policy.with_check) {
    std::optional<std::string> text = as_written(*policy.with_check);
    if (!text) return std::nullopt;
    check_text = *text;
  }
  return V9Row{{"schema", table.schema},  {"table", table.name},
               {"name", policy.name},     {"as", policy.permissive ? "PERMISSIVE" : "RESTRICTIVE"},
               {"for", policy.command},   {"roles", policy.roles},
               {"using", using_text},     {"withCheck", check_text},
               {"entityType", "policies"}};
}

std::optional<V9Row> v9_view_row(const View& view) {
  std::optional<std::string> text = as_written(view.query);
  bool options = !view.column_names.empty() || !view.with.empty() || !view.check_option.empty() ||
                 view.with_no_data || !view.access_method.empty() || !view.tablespace.empty() ||
                 view.comment || !view.rules.empty();
  if (!text || options) return std::nullopt;
  return V9Row{{"schema", view.name.schema},
               {"name", view.name.name},
               {"definition", unparenthesized(*text)},
               {"with", nullptr},
               {"withNoData", nullptr},
               {"using", nullptr},
               {"tablespace", nullptr},
               {"materialized", view.materialized},
               {"entityType", "views"}};
}

V9Row v9_changed_members(const V9Row& before, const V9Row& after) {
  static const std::set<std::string> identity{"schema", "table", "name", "entityType"};
  V9Row set = V9Row::object();
  for (const auto& [member, value] : after.items()) {
    if (identity.contains(member)) continue;
    if (!before.contains(member) || before[member] != value) set[member] = value;
  }
  return set;
}

}  // namespace sleet::plan_internal
