// CREATE STATISTICS and ALTER STATISTICS ... SET STATISTICS: extended statistics, held by the
// table they are on, named in a schema of their own. What the server refuses (a table that does
// not exist, a column it lacks, one column alone, an unknown kind) is refused at file:line:col.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

// PostgreSQL's STATS_MAX_DIMENSIONS: columns and expressions of one statistics object.
constexpr size_t kMaxStatisticsDimensions = 8;

const std::vector<std::string>& statistics_kinds() {
  static const std::vector<std::string> kinds = {"ndistinct", "dependencies", "mcv"};
  return kinds;
}

QualifiedName statistics_name(Context& context, const std::vector<std::string>& names) {
  if (names.empty() || names.size() > 2)
    context.fail(-1, "a statistics object is named by [schema.]name");
  return context.new_name(names.size() == 2 ? names[0] : "", names.back());
}

}  // namespace

std::vector<std::string> statistics_kinds_of(const std::set<std::string>& asked) {
  std::vector<std::string> kinds;
  for (const std::string& kind : statistics_kinds())
    if (asked.contains(kind)) kinds.push_back(kind);
  if (kinds.size() == statistics_kinds().size()) kinds.clear();  // all: as when none is named
  return kinds;
}

void order_statistics_columns(const Table& table, std::vector<std::string>& columns) {
  auto position = [&](const std::string& name) {
    for (size_t i = 0; i < table.columns.size(); ++i)
      if (table.columns[i].name == name) return i;
    return table.columns.size();
  };
  std::stable_sort(columns.begin(), columns.end(), [&](const std::string& a, const std::string& b) {
    return position(a) < position(b);
  });
}

Statistics* find_statistics(Schema& schema, const QualifiedName& name, Table** holder) {
  for (auto& [table_name, table] : schema.tables) {
    auto it = table.statistics.find(name);
    if (it == table.statistics.end()) continue;
    if (holder) *holder = &table;
    return &it->second;
  }
  return nullptr;
}

void apply_create_statistics(Context& context, const PgQuery__CreateStatsStmt& statement) {
  std::vector<std::string> names = strings_of(statement.defnames, statement.n_defnames);
  if (names.empty()) {
    context.fail(-1, "CREATE STATISTICS without a name",
                 "name the statistics object: CREATE STATISTICS name ON a, b FROM table");
  }
  Statistics statistics;
  statistics.name = statistics_name(context, names);
  if (statement.n_relations != 1 ||
      statement.relations[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR) {
    context.fail(
        -1, fmt::format("statistics {} must be on exactly one table", statistics.name.display()),
        "write FROM and one table name");
  }
  const PgQuery__RangeVar& relation = *statement.relations[0]->range_var;
  Table& table = context.table(relation);
  if (find_statistics(context.schema, statistics.name, nullptr)) {
    if (statement.if_not_exists) return;
    context.fail(-1, fmt::format("statistics {} is defined twice", statistics.name.display()),
                 "give each statistics object of a schema its own name");
  }
  std::set<std::string> asked;
  for (size_t i = 0; i < statement.n_stat_types; ++i) {
    std::string kind = string_of(statement.stat_types[i]);
    const auto& known = statistics_kinds();
    if (std::find(known.begin(), known.end(), kind) == known.end()) {
      context.fail(-1,
                   fmt::format("statistics {} asks for the unknown kind {}",
                               statistics.name.display(), kind),
                   "use ndistinct, dependencies or mcv");
    }
    asked.insert(kind);
  }
  for (size_t i = 0; i < statement.n_exprs; ++i) {
    const PgQuery__StatsElem& element = *statement.exprs[i]->stats_elem;
    std::string column = element.name;
    // (a) is the column a, as the server reads it.
    if (column.empty() && element.expr->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
        element.expr->column_ref->n_fields == 1 &&
        element.expr->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING)
      column = string_of(element.expr->column_ref->fields[0]);
    if (column.empty()) {
      statistics.expressions.push_back(expression_of(*element.expr));
      continue;
    }
    if (!table.find_column(column) && !table.partition_of && table.inherits.empty()) {
      context.fail(-1,
                   fmt::format("statistics {}: table {} has no column {}",
                               statistics.name.display(), table.name.display(), column),
                   "fix the column name, or add the column to the table");
    }
    if (std::find(statistics.columns.begin(), statistics.columns.end(), column) !=
        statistics.columns.end()) {
      context.fail(
          -1, fmt::format("statistics {} names column {} twice", statistics.name.display(), column),
          "name each column once");
    }
    statistics.columns.push_back(column);
  }
  size_t dimensions = statistics.columns.size() + statistics.expressions.size();
  if (dimensions == 1 && statistics.columns.size() == 1) {
    context.fail(-1,
                 fmt::format("statistics {} names one column: extended statistics need at least "
                             "two columns, or an expression",
                             statistics.name.display()),
                 "add a second column, or use ALTER TABLE ... ALTER COLUMN ... SET STATISTICS for "
                 "one column");
  }
  if (dimensions == 1 && !asked.empty()) {
    context.fail(-1,
                 fmt::format("statistics {} on a single expression takes no kinds",
                             statistics.name.display()),
                 "leave out the (kinds) list");
  }
  if (dimensions > kMaxStatisticsDimensions) {
    context.fail(-1,
                 fmt::format("statistics {} has {} columns and expressions, more than the {} the "
                             "server allows",
                             statistics.name.display(), dimensions, kMaxStatisticsDimensions),
                 "split it into several statistics objects");
  }
  statistics.kinds = statistics_kinds_of(asked);
  order_statistics_columns(table, statistics.columns);
  if (statement.stxcomment && statement.stxcomment[0] != '\0')
    statistics.comment = statement.stxcomment;
  QualifiedName key = statistics.name;
  table.statistics[key] = std::move(statistics);
}

void apply_alter_statistics(Context& context, const PgQuery__AlterStatsStmt& statement) {
  std::vector<std::string> names = strings_of(statement.defnames, statement.n_defnames);
  Schema& schema = context.schema;
  QualifiedName name = context.resolve(
      names.size() > 1 ? names[names.size() - 2] : "", names.empty() ? "" : names.back(),
      [&](const QualifiedName& q) { return find_statistics(schema, q, nullptr) != nullptr; });
  Statistics* statistics = find_statistics(schema, name, nullptr);
  if (!statistics) {
    if (statement.missing_ok) return;
    context.fail(-1, fmt::format("statistics {} does not exist", name.display()),
                 "create it with CREATE STATISTICS in the schema files, or fix the name");
  }
  if (statement.stxstattarget < -1 || statement.stxstattarget > 10000) {
    context.fail(-1,
                 fmt::format("statistics target {} of {} is out of range", statement.stxstattarget,
                             name.display()),
                 "use a target from 0 to 10000, or -1 for the default");
  }
  statistics->target = statement.stxstattarget;
}

bool drop_statistics(Context& context, const std::vector<std::string>& names) {
  Schema& schema = context.schema;
  QualifiedName name = context.resolve(
      names.size() > 1 ? names[names.size() - 2] : "", names.empty() ? "" : names.back(),
      [&](const QualifiedName& q) { return find_statistics(schema, q, nullptr) != nullptr; });
  Table* table = nullptr;
  if (!find_statistics(schema, name, &table)) return false;
  table->statistics.erase(name);
  return true;
}

}  // namespace sleet::sources
