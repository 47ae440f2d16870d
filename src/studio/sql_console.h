// POST /api/sql: the console. The text's statements run in order in one transaction (read
// only, and always rolled back, under --read-only) with a statement timeout; the last one's
// rows come back, capped. Transaction control (BEGIN, COMMIT, ...) is refused: the request is
// the transaction.
#pragma once

#include <chrono>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "sleet/db.h"

namespace sleet::studio {

struct ConsoleOptions {
  bool read_only = false;
  std::chrono::milliseconds statement_timeout{30'000};
  std::size_t row_limit = 1'000;
};

// Answers {"command", "columns": [{"name", "type"}], "rows", "row_count", "truncated",
// "notices", "statements", "duration_ms"}. Throws HttpError 400 with the server's message,
// sqlstate, position (1-based, in characters of `text`), line, column, hint and detail when a
// statement fails.
nlohmann::ordered_json run_console_sql(db::Connection& connection, const std::string& text,
                                       const ConsoleOptions& options);

}  // namespace sleet::studio
