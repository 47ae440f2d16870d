#include "sql/tokens.h"

#include <pg_query.h>

#include <string>

#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/sql.h"

namespace sleet::sql {

std::vector<Token> scan_tokens(std::string_view script, const std::string& file) {
  std::string input(script);
  PgQueryScanResult scanned = pg_query_scan(input.c_str());
  if (scanned.error) {
    auto [line, column] = line_and_column(script, std::max(0, scanned.error->cursorpos - 1));
    std::string message = scanned.error->message ? scanned.error->message : "cannot scan SQL";
    pg_query_free_scan_result(scanned);
    throw Error(ErrorKind::Usage, message, format_location(file, line, column),
                "fix the SQL at that position");
  }
  PgQuery__ScanResult* result = pg_query__scan_result__unpack(
      nullptr, scanned.pbuf.len, reinterpret_cast<const uint8_t*>(scanned.pbuf.data));
  std::vector<Token> tokens;
  if (result) {
    tokens.reserve(result->n_tokens);
    for (size_t i = 0; i < result->n_tokens; ++i) {
      const PgQuery__ScanToken& token = *result->tokens[i];
      if (token.token == PG_QUERY__TOKEN__SQL_COMMENT || token.token == PG_QUERY__TOKEN__C_COMMENT)
        continue;
      tokens.push_back(Token{token.start, token.end, token.token});
    }
    pg_query__scan_result__free_unpacked(result, nullptr);
  }
  pg_query_free_scan_result(scanned);
  return tokens;
}

}  // namespace sleet::sql
