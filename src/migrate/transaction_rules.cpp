// Which migrations cannot run inside a transaction, decided with the server's own parser,
// and the advisory lock key.
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "sleet/error.h"
#include "sleet/journal.h"
#include "sleet/migrate.h"
#include "sleet/sql.h"
#include "sql/parse_tree.h"

namespace sleet {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

bool has_concurrently_option(const PgQuery__ReindexStmt& statement) {
  for (std::size_t i = 0; i < statement.n_params; ++i) {
    const PgQuery__Node* node = statement.params[i];
    if (node->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
        std::strcmp(node->def_elem->defname, "concurrently") == 0) {
      return true;
    }
  }
  return false;
}

std::optional<std::string> describe_non_transactional(const PgQuery__Node& node) {
  switch (node.node_case) {
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      if (node.index_stmt->concurrent) return "CREATE INDEX CONCURRENTLY";
      break;
    case PG_QUERY__NODE__NODE_DROP_STMT:
      if (node.drop_stmt->concurrent) return "DROP INDEX CONCURRENTLY";
      break;
    case PG_QUERY__NODE__NODE_REINDEX_STMT:
      if (has_concurrently_option(*node.reindex_stmt)) return "REINDEX CONCURRENTLY";
      if (node.reindex_stmt->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SYSTEM ||
          node.reindex_stmt->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_DATABASE) {
        return "REINDEX DATABASE/SYSTEM";
      }
      break;
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
      if (node.vacuum_stmt->is_vacuumcmd) return "VACUUM";
      break;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      for (std::size_t i = 0; i < node.alter_table_stmt->n_cmds; ++i) {
        const PgQuery__AlterTableCmd& command = *node.alter_table_stmt->cmds[i]->alter_table_cmd;
        if (command.subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition && command.def &&
            command.def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
            command.def->partition_cmd->concurrent)
          return "DETACH PARTITION CONCURRENTLY";
      }
      break;
    case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT:
      return "ALTER SYSTEM";
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
      return "CREATE DATABASE";
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
      return "DROP DATABASE";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT:
      return "CREATE TABLESPACE";
    case PG_QUERY__NODE__NODE_DROP_TABLE_SPACE_STMT:
      return "DROP TABLESPACE";
    default:
      break;
  }
  return std::nullopt;
}

}  // namespace

TransactionDirective transaction_directive(std::string_view file_text) {
  while (!file_text.empty()) {
    std::size_t end = file_text.find('\n');
    std::string_view line = trim(file_text.substr(0, end));
    file_text.remove_prefix(end == std::string_view::npos ? file_text.size() : end + 1);
    if (line.empty()) continue;
    if (!line.starts_with("--")) break;  // the directive must precede the first statement
    line = trim(line.substr(2));
    if (line == "sleet:transaction=off") return TransactionDirective::Off;
    if (line == "sleet:transaction=on") return TransactionDirective::On;
  }
  return TransactionDirective::None;
}

std::optional<std::string> statement_needing_no_transaction(std::string_view sql) {
  try {
    sql::ParseTree tree(sql, "migration", sql::ParseTree::Memory::Arena);
    for (std::size_t i = 0; i < tree.size(); ++i) {
      const PgQuery__RawStmt& raw = tree.statement(i);
      if (!raw.stmt) continue;
      if (auto found = describe_non_transactional(*raw.stmt)) return found;
      if (raw.stmt->node_case == PG_QUERY__NODE__NODE_DO_STMT) {
        // A batched backfill commits each batch: the server refuses that inside a
        // transaction block.
        std::string_view text = sql.substr(static_cast<std::size_t>(raw.stmt_location));
        if (raw.stmt_len > 0) text = text.substr(0, static_cast<std::size_t>(raw.stmt_len));
        if (sql::commits_inside(text)) return "DO block with COMMIT";
      }
    }
  } catch (const Error&) {
    // The server reports the syntax error with its position when the migration runs.
  }
  return std::nullopt;
}

std::vector<std::string> schemas_created_in(std::string_view sql) {
  std::vector<std::string> names;
  // Only chunks that mention "schema" are parsed, one at a time: parsing a migration of
  // thousands of statements whole holds its parse tree (tens of MB) for three names.
  auto mentions_schema = [](std::string_view text) {
    constexpr std::string_view word = "schema";
    auto found = std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) == b;
    });
    return found != text.end();
  };
  for (const MigrationChunk& chunk : split_migration(sql)) {
    if (!mentions_schema(chunk.text)) continue;
    try {
      sql::ParseTree tree(chunk.text, "migration", sql::ParseTree::Memory::Arena);
      for (std::size_t i = 0; i < tree.size(); ++i) {
        const PgQuery__RawStmt& raw = tree.statement(i);
        if (raw.stmt && raw.stmt->node_case == PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT &&
            raw.stmt->create_schema_stmt->schemaname) {
          names.emplace_back(raw.stmt->create_schema_stmt->schemaname);
        }
      }
    } catch (const Error&) {
      // A chunk that does not parse creates nothing we can see; it fails when it runs.
    }
  }
  return names;
}

std::int64_t migration_lock_key(const std::string& schema, const std::string& table) {
  std::string name = "sleet migrate " + schema + "." + table;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(name.data(), name.size(), digest, &length, EVP_sha256(), nullptr);
  std::uint64_t key = 0;
  for (int i = 0; i < 8; ++i) key = (key << 8) | digest[i];
  return static_cast<std::int64_t>(key);
}

}  // namespace sleet
