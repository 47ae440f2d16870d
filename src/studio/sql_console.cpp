#include "studio/sql_console.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

#include "sleet/files.h"
#include "sleet/sql.h"
#include "studio/http_error.h"
#include "studio/value_json.h"

namespace sleet::studio {

namespace {

std::string first_word(const std::string& statement) {
  std::size_t start = 0;
  while (start < statement.size()) {
    if (std::isspace(static_cast<unsigned char>(statement[start]))) {
      ++start;
    } else if (statement.compare(start, 2, "--") == 0) {
      start = statement.find('\n', start);
      if (start == std::string::npos) return "";
    } else if (statement.compare(start, 2, "/*") == 0) {
      start = statement.find("*/", start);
      if (start == std::string::npos) return "";
      start += 2;
    } else {
      break;
    }
  }
  std::string word;
  while (start < statement.size() && std::isalpha(static_cast<unsigned char>(statement[start]))) {
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(statement[start++])));
  }
  return word;
}

void refuse_transaction_control(const std::vector<sql::StatementText>& statements) {
  static const std::set<std::string> kControl = {
      "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE"};
  for (const sql::StatementText& statement : statements) {
    std::string word = first_word(statement.text);
    if (kControl.count(word)) {
      throw HttpError(400,
                      fmt::format("{} is not accepted: each console run is one transaction "
                                  "of its own, committed when every statement succeeds",
                                  word),
                      {{"line", statement.line}, {"column", statement.column}});
    }
  }
}

// Characters (not bytes) before `offset` in `text`: the server counts positions in characters.
int characters_before(const std::string& text, int offset) {
  int count = 0;
  for (int i = 0; i < offset && i < static_cast<int>(text.size()); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::vector<sql::StatementText> split_or_whole(const std::string& text) {
  try {
    std::vector<sql::StatementText> statements = sql::split_statements(text, "console");
    if (!statements.empty()) return statements;
  } catch (const Error&) {
    // A syntax error: the server reports it, with its position, when the text runs whole.
  }
  return {sql::StatementText{.text = text}};
}

HttpError statement_error(const db::DatabaseError& error, const std::string& text,
                          const sql::StatementText& statement, int prefix_length) {
  nlohmann::ordered_json details = {
      {"sqlstate", error.sqlstate()}, {"hint", error.hint()}, {"detail", error.detail()}};
  if (error.position() > 0) {
    int position = characters_before(text, statement.offset) + error.position() - prefix_length;
    details["position"] = position;
    int byte = static_cast<int>(byte_offset_of_character(text, position));
    auto [line, column] = line_and_column(text, byte);
    details["line"] = line;
    details["column"] = column;
  }
  return HttpError(400, error.what(), details);
}

nlohmann::ordered_json columns_json(db::Connection& connection, const db::Result& result) {
  std::vector<std::string> oids;
  for (int column = 0; column < result.columns(); ++column) {
    oids.push_back(std::to_string(result.column_type(column)));
  }
  db::Result names = connection.query(
      "SELECT t.oid::text, pg_catalog.format_type(t.oid, NULL) FROM pg_catalog.pg_type t "
      "WHERE t.oid = any($1::oid[])",
      sql::text_array_parameter(oids));
  std::map<std::string, std::string> type_names;
  for (int row = 0; row < names.rows(); ++row) {
    type_names[std::string(names.value(row, 0))] = std::string(names.value(row, 1));
  }
  nlohmann::ordered_json columns = nlohmann::ordered_json::array();
  for (int column = 0; column < result.columns(); ++column) {
    columns.push_back({{"name", result.column_name(column)}, {"type", type_names[oids[column]]}});
  }
  return columns;
}

// Statements that return rows run through a cursor, so only the rows shown are fetched.
bool fetches_through_cursor(const std::string& statement) {
  std::string word = first_word(statement);
  return word == "SELECT" || word == "VALUES" || word == "TABLE";
}

constexpr const char* kCursorPrefix = "DECLARE sleet_console NO SCROLL CURSOR FOR ";

}  // namespace

nlohmann::ordered_json run_console_sql(db::Connection& connection, const std::string& text,
                                       const ConsoleOptions& options) {
  auto started = std::chrono::steady_clock::now();
  std::vector<sql::StatementText> statements = split_or_whole(text);
  refuse_transaction_control(statements);
  db::Transaction transaction(connection, {.read_only = options.read_only});
  connection.execute(
      fmt::format("SET LOCAL statement_timeout = {}", options.statement_timeout.count()));
  // A first snapshot: after it, a read-only transaction cannot be made read-write.
  connection.execute("SELECT 1");
  db::Result last;
  bool truncated = false;
  for (const sql::StatementText& statement : statements) {
    if (connection.is_idle()) throw HttpError(400, "the console's transaction ended early");
    bool cursor = fetches_through_cursor(statement.text) && &statement == &statements.back();
    std::string prefix = cursor ? kCursorPrefix : "";
    try {
      last = connection.query(prefix + statement.text, std::vector<db::Parameter>{});
      if (cursor) {
        last = connection.query(
            fmt::format("FETCH FORWARD {} FROM sleet_console", options.row_limit + 1),
            std::vector<db::Parameter>{});
      }
    } catch (const db::DatabaseError& error) {
      throw statement_error(error, text, statement, characters_before(prefix, prefix.size()));
    }
  }
  std::string command = last.command();
  if (command.starts_with("FETCH ")) {
    // Read through the cursor: the statement was a query, and these are the rows shown.
    command = fmt::format("SELECT {}", std::min<std::size_t>(last.rows(), options.row_limit));
  }
  nlohmann::ordered_json answer = {{"command", command},
                                   {"columns", columns_json(connection, last)}};
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (int row = 0; row < last.rows(); ++row) {
    if (rows.size() == options.row_limit) {
      truncated = true;
      break;
    }
    rows.push_back(row_json(last, row));
  }
  answer["rows"] = std::move(rows);
  answer["row_count"] = last.rows() > 0 ? std::min<std::int64_t>(last.rows(), options.row_limit)
                                        : last.affected_rows();
  answer["truncated"] = truncated;
  answer["notices"] = connection.take_notices();
  answer["statements"] = statements.size();
  if (options.read_only) {
    transaction.rollback();
  } else {
    transaction.commit();
  }
  answer["duration_ms"] =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return answer;
}

}  // namespace sleet::studio
