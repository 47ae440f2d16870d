#include "generate_v9_text.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <string>
#include <vector>

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

// drizzle-kit 1.0's view options, in the order its ddl lists them, as reloption names.
const std::vector<std::pair<std::string, std::string>>& view_option_names() {
  static const std::vector<std::pair<std::string, std::string>> names{
      {"checkOption", ""},
      {"securityBarrier", "security_barrier"},
      {"securityInvoker", "security_invoker"},
      {"autovacuumEnabled", "autovacuum_enabled"},
      {"autovacuumFreezeMaxAge", "autovacuum_freeze_max_age"},
      {"autovacuumFreezeMinAge", "autovacuum_freeze_min_age"},
      {"autovacuumFreezeTableAge", "autovacuum_freeze_table_age"},
      {"autovacuumMultixactFreezeMaxAge", "autovacuum_multixact_freeze_max_age"},
      {"autovacuumMultixactFreezeMinAge", "autovacuum_multixact_freeze_min_age"},
      {"autovacuumMultixactFreezeTableAge", "autovacuum_multixact_freeze_table_age"},
      {"autovacuumVacuumCostDelay", "autovacuum_vacuum_cost_delay"},
      {"autovacuumVacuumCostLimit", "autovacuum_vacuum_cost_limit"},
      {"autovacuumVacuumScaleFactor", "autovacuum_vacuum_scale_factor"},
      {"autovacuumVacuumThreshold", "autovacuum_vacuum_threshold"},
      {"fillfactor", "fillfactor"},
      {"logAutovacuumMinDuration", "log_autovacuum_min_duration"},
      {"parallelWorkers", "parallel_workers"},
      {"toastTupleTarget", "toast_tuple_target"},
      {"userCatalogTable", "user_catalog_table"},
      {"vacuumIndexCleanup", "vacuum_index_cleanup"},
      {"vacuumTruncate", "vacuum_truncate"}};
  return names;
}

// A reloption's value as drizzle-kit types it: a boolean, "auto"/"on"/"off", or a number.
std::optional<V9Row> option_value(const std::string& name, const std::string& text) {
  static const std::set<std::string> booleans{"security_barrier", "security_invoker",
                                              "autovacuum_enabled", "user_catalog_table",
                                              "vacuum_truncate"};
  if (booleans.contains(name)) {
    if (text == "true" || text == "on" || text == "1") return V9Row(true);
    if (text == "false" || text == "off" || text == "0") return V9Row(false);
    return std::nullopt;
  }
  if (name == "vacuum_index_cleanup") return V9Row(text);
  std::int64_t whole = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), whole);
  if (error == std::errc() && end == text.data() + text.size()) return V9Row(whole);
  double fraction = 0;
  auto [fraction_end, fraction_error] =
      std::from_chars(text.data(), text.data() + text.size(), fraction);
  if (fraction_error == std::errc() && fraction_end == text.data() + text.size())
    return V9Row(fraction);
  return std::nullopt;
}

// A view's "with": null without options, else every option drizzle-kit knows (null when not
// set); nullopt for an option it does not know.
std::optional<V9Row> view_options(const View& view) {
  if (view.with.empty() && view.check_option.empty()) return V9Row();
  V9Row options = V9Row::object();
  std::size_t known = 0;
  for (const auto& [member, reloption] : view_option_names()) {
    if (member == "checkOption") {
      options[member] = view.check_option.empty() ? V9Row() : V9Row(view.check_option);
      continue;
    }
    auto found = view.with.find(reloption);
    if (found == view.with.end()) {
      options[member] = nullptr;
      continue;
    }
    std::optional<V9Row> value = option_value(reloption, found->second);
    if (!value) return std::nullopt;
    options[member] = *value;
    ++known;
  }
  if (known != view.with.size()) return std::nullopt;
  return options;
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
  if (!element.collation.empty()) return std::nullopt;
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
               {"opclass", element.opclass.empty()
                               ? V9Row()
                               : V9Row{{"name", element.opclass}, {"default", false}}}};
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
  std::optional<V9Row> options = view_options(view);
  bool unheld = !view.column_names.empty() || view.comment || !view.rules.empty();
  if (!text || !options || unheld) return std::nullopt;
  return V9Row{{"schema", view.name.schema},
               {"name", view.name.name},
               {"definition", unparenthesized(*text)},
               {"with", std::move(*options)},
               {"withNoData", view.with_no_data ? V9Row(true) : V9Row()},
               {"using", view.access_method.empty() ? V9Row() : V9Row(view.access_method)},
               {"tablespace", view.tablespace.empty() ? V9Row() : V9Row(view.tablespace)},
               {"materialized", view.materialized},
               {"entityType", "views"}};
}

bool v9_view_option_listed(const std::string& reloption) {
  const auto& names = view_option_names();
  return !reloption.empty() && std::any_of(names.begin(), names.end(), [&](const auto& name) {
    return name.second == reloption;
  });
}

V9Row v9_changed_members(const V9Row& before, const V9Row& after) {
  static const std::set<std::string> identity{"schema", "table", "name", "entityType"};
  V9Row set = V9Row::object();
  for (const auto& [member, value] : after.items()) {
    if (identity.contains(member)) continue;
    // Objects compare whatever the order of their members.
    if (!before.contains(member) || nlohmann::json::parse(before[member].dump()) !=
                                        nlohmann::json::parse(value.dump()))
      set[member] = value;
  }
  return set;
}

}  // namespace sleet::plan_internal
