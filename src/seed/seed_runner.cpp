#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>

#include "seed/seed_variables.h"
#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/seed.h"
#include "sleet/sql.h"

namespace sleet {

namespace {

std::string read_bytes(const SeedFile& file) {
  std::ifstream in(file.path, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::Usage, "cannot read seed file", file.path.string(),
                "check that it exists and is readable");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct Recorded {
  std::string hash;
  std::string kind;
};

std::map<std::string, Recorded> recorded_seeds(db::Connection& connection,
                                               const std::string& table) {
  std::map<std::string, Recorded> out;
  db::Result rows = connection.execute("SELECT name, hash, kind FROM " + table);
  for (int row = 0; row < rows.rows(); ++row) {
    out[std::string(rows.value(row, 0))] =
        Recorded{std::string(rows.value(row, 1)), std::string(rows.value(row, 2))};
  }
  return out;
}

void run_file(db::Connection& connection, const SeedFile& file, const std::string& text,
              const SeedOptions& options, SeedResult& result) {
  std::string display = file.path.string();
  std::vector<seed::VariableReference> variables = seed::find_variables(text, display);
  // Split with each :'NAME' read as the string literal after the colon (same offsets), and
  // bind every statement before the first runs, so an unset variable runs nothing.
  std::vector<sql::StatementText> statements =
      sql::split_statements(seed::without_colons(text, variables), display);
  std::vector<seed::BoundStatement> bound;
  bound.reserve(statements.size());
  for (const auto& statement : statements) {
    bound.push_back(
        seed::bind_variables(text, statement, variables, display, options.environment, connection));
  }
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const sql::StatementText& statement = statements[i];
    try {
      db::Result rows = connection.execute(bound[i].text);
      result.rows_affected += rows.affected_rows();
      for (int row = 0; row < rows.rows(); ++row) {
        std::string line;
        for (int column = 0; column < rows.columns(); ++column) {
          if (!line.empty()) line += " ";
          line += rows.column_name(column) + "=" + rows.get(row, column).value_or("NULL");
        }
        result.returned.push_back(line);
      }
    } catch (const db::DatabaseError& error) {
      int offset = statement.offset;
      if (error.position() > 0) {
        offset +=
            bound[i].original_offset(byte_offset_of_character(bound[i].text, error.position()));
      }
      auto [line, column] = line_and_column(text, offset);
      throw Error(ErrorKind::Failure, fmt::format("seed failed: {}", error.what()),
                  format_location(display, line, column),
                  "fix the seed file; nothing of this seed run was kept (it ran in one transaction)");
    }
  }
}

}  // namespace

std::vector<SeedResult> run_seeds(db::Connection& connection, const std::vector<SeedFile>& bootstrap,
                                  const std::vector<SeedFile>& seeds, const SeedOptions& options) {
  std::string schema = sql::quote_identifier(options.tracking_schema);
  std::string table = schema + "." + sql::quote_identifier(options.tracking_table);
  db::Transaction transaction(connection);  // rolled back unless every seed succeeds
  connection.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
  connection.execute("CREATE TABLE IF NOT EXISTS " + table +
                     " (name text PRIMARY KEY, kind text NOT NULL, hash text NOT NULL,"
                     " rows_affected bigint, applied_at timestamptz NOT NULL DEFAULT now())");
  // A second `sleet seed` waits here until the first commits, then sees its records.
  connection.execute("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
  std::map<std::string, Recorded> recorded = recorded_seeds(connection, table);

  std::vector<SeedResult> results;
  auto run = [&](const SeedFile& file, bool is_bootstrap) {
    std::string text = read_bytes(file);
    SeedResult result;
    result.name = file.name;
    result.bootstrap = is_bootstrap;
    std::string hash = sha256_hex(text);
    auto previous = recorded.find(file.name);
    if (previous != recorded.end() && (is_bootstrap || !options.all_files)) {
      if (previous->second.hash == hash) {
        result.status = SeedResult::Status::Unchanged;
        results.push_back(std::move(result));
        return;
      }
      if (is_bootstrap) {
        result.status = SeedResult::Status::ChangedBootstrap;
        results.push_back(std::move(result));
        return;
      }
    }
    run_file(connection, file, text, options, result);
    connection.query("INSERT INTO " + table +
                         " (name, kind, hash, rows_affected) VALUES ($1, $2, $3, $4)"
                         " ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind,"
                         " hash = EXCLUDED.hash, rows_affected = EXCLUDED.rows_affected,"
                         " applied_at = now()",
                     file.name, is_bootstrap ? "bootstrap" : "seed", hash, result.rows_affected);
    results.push_back(std::move(result));
  };
  for (const auto& file : bootstrap) run(file, true);
  for (const auto& file : seeds) run(file, false);
  transaction.commit();
  return results;
}

}  // namespace sleet
