#include "studio/table_page.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "sleet/sql.h"
#include "studio/http_error.h"
#include "studio/value_json.h"

namespace sleet::studio {

namespace {

std::size_t parse_size(const std::string& name, const std::string& text) {
  std::size_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw HttpError(400, fmt::format("{} must be a whole number, not '{}'", name, text));
  }
  return value;
}

nlohmann::json parse_json_parameter(const std::string& name, const std::string& text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_discarded() || !value.is_array()) {
    throw HttpError(400, fmt::format("{} must be a JSON array", name));
  }
  return value;
}

void add_filters(PageRequest& request, const nlohmann::json& list) {
  for (const nlohmann::json& item : list) {
    if (!item.is_object() || !item.contains("column") || !item["column"].is_string() ||
        !item.contains("op") || !item["op"].is_string()) {
      throw HttpError(400, "each filter needs a \"column\" and an \"op\"");
    }
    request.filters.push_back({item["column"], item["op"], item.value("value", nlohmann::json())});
  }
}

// Builds WHERE and ORDER BY with every identifier quoted and every value a parameter.
class PageSql {
 public:
  PageSql(const TableInfo& table, const PageRequest& request) : table_(table), request_(request) {}

  std::string where() {
    std::vector<std::string> terms;
    for (const ColumnFilter& filter : request_.filters) terms.push_back(filter_term(filter));
    if (request_.after) terms.push_back(keyset_term());
    if (terms.empty()) return "";
    std::string text = " WHERE ";
    for (std::size_t i = 0; i < terms.size(); ++i) text += (i ? " AND " : "") + terms[i];
    return text;
  }

  std::string order_by() const {
    std::vector<std::string> keys;
    std::string direction = request_.descending ? " DESC" : "";
    if (!request_.order_column.empty()) {
      keys.push_back(sql::quote_identifier(request_.order_column) + direction);
    }
    for (const std::string& column : table_.primary_key) {
      if (column != request_.order_column)
        keys.push_back(sql::quote_identifier(column) + direction);
    }
    if (keys.empty()) return "";
    return " ORDER BY " + fmt::format("{}", fmt::join(keys, ", "));
  }

  std::vector<db::Parameter>& parameters() { return parameters_; }

 private:
  std::string bind(const nlohmann::json& value) {
    parameters_.push_back(parameter_from_json(value));
    return "$" + std::to_string(parameters_.size());
  }

  std::string filter_term(const ColumnFilter& filter) {
    require_column(filter.column);
    std::string column = sql::quote_identifier(filter.column);
    static const std::map<std::string, std::string> kComparisons = {
        {"eq", "="}, {"ne", "<>"}, {"lt", "<"}, {"le", "<="}, {"gt", ">"}, {"ge", ">="}};
    if (filter.op == "is_null") return column + " IS NULL";
    if (filter.op == "not_null") return column + " IS NOT NULL";
    if (filter.op == "contains") {
      std::string text =
          filter.value.is_string() ? filter.value.get<std::string>() : filter.value.dump();
      std::string pattern = "%";
      for (char c : text)
        pattern += (c == '%' || c == '_' || c == '\\') ? std::string("\\") + c : std::string(1, c);
      return column + "::text ILIKE " + bind(pattern + "%");
    }
    auto comparison = kComparisons.find(filter.op);
    if (comparison == kComparisons.end()) {
      throw HttpError(400, fmt::format("unknown filter op '{}' (eq, ne, lt, le, gt, ge, contains, "
                                       "is_null, not_null)",
                                       filter.op));
    }
    if (filter.value.is_null()) {
      throw HttpError(400, "compare with null through the is_null and not_null ops");
    }
    return column + " " + comparison->second + " " + bind(filter.value);
  }

  std::string keyset_term() {
    const nlohmann::json& after = *request_.after;
    if (table_.primary_key.empty() || !request_.order_column.empty()) {
      throw HttpError(400,
                      "after= pages by the primary key: only without order= on a table with "
                      "a primary key");
    }
    if (after.size() != table_.primary_key.size()) {
      throw HttpError(400, fmt::format("after= needs {} value(s), one per primary key column",
                                       table_.primary_key.size()));
    }
    std::vector<std::string> columns, values;
    for (std::size_t i = 0; i < after.size(); ++i) {
      columns.push_back(sql::quote_identifier(table_.primary_key[i]));
      values.push_back(bind(after[i]));
    }
    return fmt::format("({}) {} ({})", fmt::join(columns, ", "), request_.descending ? "<" : ">",
                       fmt::join(values, ", "));
  }

  void require_column(const std::string& column) const {
    if (table_.column_index(column) < 0) {
      throw HttpError(400, fmt::format("{} has no column '{}'", table_.qualified(), column));
    }
  }

  const TableInfo& table_;
  const PageRequest& request_;
  std::vector<db::Parameter> parameters_;
};

std::string select_list(const TableInfo& table) {
  std::vector<std::string> columns;
  for (const ColumnInfo& column : table.columns)
    columns.push_back(sql::quote_identifier(column.name));
  return columns.empty() ? "NULL" : fmt::format("{}", fmt::join(columns, ", "));
}

// The total, as exact as it is cheap: {"total": n}, {"estimated_total": n} for a big table
// without filters, {"total_at_least": n} for a big filtered one.
nlohmann::ordered_json count_rows(db::Connection& connection, const TableInfo& table,
                                  const PageRequest& request, const std::string& where,
                                  const std::vector<db::Parameter>& parameters) {
  std::string from = " FROM " + table.qualified() + where;
  if (request.exact_count) {
    db::Result count = connection.query("SELECT count(*)" + from, parameters);
    return {{"total", std::stoll(std::string(count.value(0, 0)))}};
  }
  db::Result capped =
      connection.query(fmt::format("SELECT count(*) FROM (SELECT 1{} LIMIT {}) AS counted", from,
                                   kExactCountLimit + 1),
                       parameters);
  std::int64_t count = std::stoll(std::string(capped.value(0, 0)));
  if (count <= kExactCountLimit) return {{"total", count}};
  if (!request.filters.empty()) return {{"total_at_least", kExactCountLimit}};
  return {{"estimated_total", std::max(table.estimated_rows, count)}};
}

}  // namespace

PageRequest parse_page_request(const std::multimap<std::string, std::string>& parameters,
                               std::size_t max_limit) {
  PageRequest request;
  for (const auto& [name, value] : parameters) {
    if (name == "limit") {
      request.limit = std::min(parse_size(name, value), max_limit);
    } else if (name == "offset") {
      request.offset = parse_size(name, value);
    } else if (name == "order") {
      std::size_t dot = value.rfind('.');
      std::string direction = dot == std::string::npos ? "" : value.substr(dot + 1);
      if (direction != "asc" && direction != "desc") {
        throw HttpError(400, "order must be COLUMN.asc or COLUMN.desc");
      }
      request.order_column = value.substr(0, dot);
      request.descending = direction == "desc";
    } else if (name == "filter") {
      add_filters(request, parse_json_parameter(name, value));
    } else if (name == "after") {
      request.after = parse_json_parameter(name, value);
    } else if (name == "count") {
      request.exact_count = value == "exact";
    }
  }
  return request;
}

nlohmann::ordered_json read_table_page(db::Connection& connection, const TableInfo& table,
                                       const PageRequest& request) {
  if (!request.order_column.empty() && table.column_index(request.order_column) < 0) {
    throw HttpError(400,
                    fmt::format("{} has no column '{}'", table.qualified(), request.order_column));
  }
  PageSql page(table, request);
  std::string where = page.where();
  std::string query = fmt::format("SELECT {} FROM {}{}{} LIMIT {}", select_list(table),
                                  table.qualified(), where, page.order_by(), request.limit);
  if (!request.after && request.offset > 0) query += fmt::format(" OFFSET {}", request.offset);
  db::Result rows = connection.query(query, page.parameters());

  nlohmann::ordered_json document = {{"schema", table.schema},
                                     {"table", table.name},
                                     {"columns", table.columns_json()},
                                     {"primary_key", table.primary_key},
                                     {"read_only", !table.read_only_reason().empty()}};
  if (!table.read_only_reason().empty()) document["read_only_reason"] = table.read_only_reason();
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (int row = 0; row < rows.rows(); ++row) list.push_back(row_json(rows, row));
  document["rows"] = std::move(list);
  document["offset"] = request.after ? 0 : request.offset;
  document["limit"] = request.limit;
  // The count ignores the keyset condition: it is the size of the filtered table.
  PageRequest counted = request;
  counted.after.reset();
  PageSql count_sql(table, counted);
  std::string count_where = count_sql.where();
  document.update(count_rows(connection, table, request, count_where, count_sql.parameters()));
  document["next_after"] = nullptr;
  if (!table.primary_key.empty() && request.order_column.empty() && rows.rows() > 0) {
    nlohmann::ordered_json key = nlohmann::ordered_json::array();
    for (const std::string& column : table.primary_key) {
      key.push_back(value_json(rows, rows.rows() - 1, table.column_index(column)));
    }
    document["next_after"] = key;
  }
  return document;
}

}  // namespace sleet::studio
