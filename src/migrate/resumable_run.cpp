#include "migrate/resumable_run.h"

#include <fmt/format.h>

#include "sleet/error.h"
#include "sleet/sql.h"
#include "sql/parse_tree.h"

namespace sleet::migrate_internal {

std::string progress_table_name(const MigrateOptions& options) {
  return sql::quote_identifier(options.migrations_schema) + "." +
         sql::quote_identifier(options.progress_table);
}

void create_progress_table(db::Connection& connection, const MigrateOptions& options) {
  connection.execute(fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (\n  hash text NOT NULL,\n  statement integer NOT NULL,\n"
      "  state text NOT NULL,\n  tag text NOT NULL,\n"
      "  at timestamptz NOT NULL DEFAULT clock_timestamp(),\n  PRIMARY KEY (hash, statement)\n)",
      progress_table_name(options)));
}

std::map<std::size_t, StatementProgress> read_progress(db::Connection& connection,
                                                       const MigrateOptions& options,
                                                       const Migration& migration) {
  auto result = connection.query(
      fmt::format("select statement, state from {} where hash = $1", progress_table_name(options)),
      migration.hash);
  std::map<std::size_t, StatementProgress> progress;
  for (int i = 0; i < result.rows(); ++i) {
    progress[std::stoul(std::string(result.value(i, 0)))] =
        result.value(i, 1) == "done" ? StatementProgress::Done : StatementProgress::Started;
  }
  return progress;
}

void record_progress(db::Connection& connection, const MigrateOptions& options,
                     const Migration& migration, std::size_t number, StatementProgress state) {
  connection.query(
      fmt::format("insert into {} (hash, statement, state, tag) values ($1, $2, $3, $4) "
                  "on conflict (hash, statement) do update set state = excluded.state, "
                  "at = clock_timestamp()",
                  progress_table_name(options)),
      migration.hash, static_cast<std::int64_t>(number),
      std::string(state == StatementProgress::Done ? "done" : "started"), migration.entry.tag);
}

void clear_progress(db::Connection& connection, const MigrateOptions& options,
                    const Migration& migration) {
  connection.query(fmt::format("delete from {} where hash = $1", progress_table_name(options)),
                   migration.hash);
}

namespace {

std::string quoted_name(const char* schema, const char* name) {
  std::string out;
  if (schema && *schema) out = sql::quote_identifier(schema) + ".";
  return out + sql::quote_identifier(name ? name : "");
}

}  // namespace

std::optional<ConcurrentIndexStatement> concurrent_index_statement(std::string_view text) {
  try {
    sql::ParseTree tree(text, "migration", sql::ParseTree::Memory::Arena);
    if (tree.size() != 1 || !tree.statement(0).stmt) return std::nullopt;
    const PgQuery__Node& node = *tree.statement(0).stmt;
    if (node.node_case == PG_QUERY__NODE__NODE_INDEX_STMT && node.index_stmt->concurrent &&
        node.index_stmt->idxname && *node.index_stmt->idxname) {
      const auto* relation = node.index_stmt->relation;
      return ConcurrentIndexStatement{
          true, quoted_name(relation ? relation->schemaname : nullptr, node.index_stmt->idxname)};
    }
    if (node.node_case == PG_QUERY__NODE__NODE_DROP_STMT && node.drop_stmt->concurrent &&
        node.drop_stmt->n_objects == 1 &&
        node.drop_stmt->objects[0]->node_case == PG_QUERY__NODE__NODE_LIST) {
      const PgQuery__List& parts = *node.drop_stmt->objects[0]->list;
      auto part = [&](std::size_t i) -> const char* {
        const PgQuery__Node* item = parts.items[i];
        return item->node_case == PG_QUERY__NODE__NODE_STRING ? item->string->sval : nullptr;
      };
      if (parts.n_items == 1) return ConcurrentIndexStatement{false, quoted_name(nullptr, part(0))};
      if (parts.n_items == 2) return ConcurrentIndexStatement{false, quoted_name(part(0), part(1))};
    }
  } catch (const Error&) {
    // The server reports the syntax error when the statement runs.
  }
  return std::nullopt;
}

}  // namespace sleet::migrate_internal
