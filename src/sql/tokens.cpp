#include "sql/tokens.h"

#include <pg_query.h>

#include <algorithm>
#include <optional>
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

namespace {

// Whitespace as PostgreSQL 15's scanner defines it (`space` in scan.l).
bool is_scanner_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Where the first token starts when only whitespace comes before it, without running the
// scanner (which costs a parse tree's worth of setup per call, for every statement of a
// file); nullopt when a comment may start there, or anything the scanner should judge.
std::optional<int> token_after_spaces(std::string_view script, int from, int end) {
  int at = from;
  while (at < end && is_scanner_space(script[at])) ++at;
  if (at >= end) return std::nullopt;
  const unsigned char c = static_cast<unsigned char>(script[at]);
  if (c < 0x21 || c == 0x7f) return std::nullopt;  // a control character: the scanner decides
  const char next = at + 1 < end ? script[at + 1] : '\0';
  if ((c == '-' && next == '-') || (c == '/' && next == '*')) return std::nullopt;
  if ((c == '-' || c == '/') && at + 1 >= end) return std::nullopt;  // cut before its second half
  return at;
}

}  // namespace

int first_token_start(std::string_view script, int from, int to) {
  const int end = std::min<int>(to, static_cast<int>(script.size()));
  if (std::optional<int> start = token_after_spaces(script, from, end)) return *start;
  const int length = end - from;
  for (int window = 128; length > 0; window *= 2) {
    const int size = std::min(window, length);
    std::string input(script.substr(from, size));
    PgQueryScanResult scanned = pg_query_scan(input.c_str());
    int found = -1;
    if (!scanned.error) {
      PgQuery__ScanResult* result = pg_query__scan_result__unpack(
          nullptr, scanned.pbuf.len, reinterpret_cast<const uint8_t*>(scanned.pbuf.data));
      for (size_t i = 0; result && i < result->n_tokens && found < 0; ++i) {
        const PgQuery__ScanToken& token = *result->tokens[i];
        if (token.token == PG_QUERY__TOKEN__SQL_COMMENT ||
            token.token == PG_QUERY__TOKEN__C_COMMENT)
          continue;
        // A token that reaches the window's end may be the first half of a comment (`-`
        // of `--`, `/` of `/*`): only a whole window decides it.
        if (token.end < size || size == length) found = token.start;
        break;
      }
      if (result) pg_query__scan_result__free_unpacked(result, nullptr);
    }
    pg_query_free_scan_result(scanned);
    // A token found was preceded by whole comments and whitespace, so it is the first one;
    // none found (a comment cut by the window's end) or an error (a literal or a comment
    // cut) asks for more.
    if (found >= 0) return from + found;
    if (size == length) break;
  }
  return from;
}

std::vector<std::size_t> statement_ends(const std::string& script) {
  std::vector<std::size_t> ends;
  PgQuerySplitResult split = pg_query_split_with_scanner(script.c_str());
  if (!split.error) {
    ends.reserve(split.n_stmts);
    for (int i = 0; i < split.n_stmts; ++i) {
      const std::size_t end = static_cast<std::size_t>(split.stmts[i]->stmt_location) +
                              static_cast<std::size_t>(split.stmts[i]->stmt_len);
      if (end < script.size() && script[end] == ';') ends.push_back(end + 1);
    }
  }
  pg_query_free_split_result(split);
  return ends;
}

}  // namespace sleet::sql
