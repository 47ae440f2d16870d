#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/sql.h"
#include "sql/normalize_rules.h"
#include "sql/nextval_default.h"
#include "sql/parse_tree.h"

namespace sleet::sql {

namespace {

bool is_keyword(std::string_view word) {
  // pg_query_scan tells whether a lone word is a reserved or unreserved keyword token.
  std::string input(word);
  PgQueryScanResult scanned = pg_query_scan(input.c_str());
  bool keyword = false;
  if (!scanned.error) {
    PgQuery__ScanResult* result = pg_query__scan_result__unpack(
        nullptr, scanned.pbuf.len, reinterpret_cast<const uint8_t*>(scanned.pbuf.data));
    if (result && result->n_tokens == 1) {
      auto kind = result->tokens[0]->keyword_kind;
      // Unreserved keywords are fine as column names; anything stronger needs quotes.
      keyword = kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD &&
                kind != PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD;
    }
    if (result) pg_query__scan_result__free_unpacked(result, nullptr);
  }
  pg_query_free_scan_result(scanned);
  return keyword;
}

}  // namespace

std::string quote_identifier(std::string_view identifier) {
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string quote_identifier_if_needed(std::string_view identifier) {
  bool plain = !identifier.empty() &&
               (std::islower(static_cast<unsigned char>(identifier[0])) || identifier[0] == '_');
  for (char c : identifier) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '_'))
      plain = false;
  }
  if (plain && !is_keyword(identifier)) return std::string(identifier);
  return quote_identifier(identifier);
}

std::string quote_literal(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

namespace {

std::string parse_and_deparse_expression(std::string_view expression) {
  std::string script = "SELECT " + std::string(expression);
  ParseTree tree(script, "expression", ParseTree::Memory::Arena);
  const PgQuery__SelectStmt* select =
      tree.size() == 1 && tree.statement(0).stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT
          ? tree.statement(0).stmt->select_stmt
          : nullptr;
  if (!select || select->n_target_list != 1 || select->n_from_clause != 0 ||
      select->where_clause != nullptr) {
    throw Error(ErrorKind::Usage, fmt::format("not a single SQL expression: {}", expression));
  }
  return deparse_expression(*select->target_list[0]->res_target->val);
}

}  // namespace

std::string canonical_expression(std::string_view expression) {
  // Schemas repeat the same few expressions (now(), '{}'::jsonb, deleted_at IS NULL) many
  // times, and each parse and deparse costs a protobuf round trip through libpg_query; a
  // per-thread memo of the texts that parsed makes the repeats free. Bounded, so a
  // long-running process does not grow without limit.
  constexpr std::size_t kMemoLimit = 50000;
  // A serial column's default as the catalog prints it, nextval('name'::regclass) with a name
  // that needs no quoting, is its own canonical text (what the deparser prints back): one per
  // serial column of every inspected table, each a different name, so the memo cannot help.
  if (plain_nextval_name(expression)) return std::string(expression);
  thread_local std::unordered_map<std::string, std::string> memo;
  std::string key(expression);
  if (auto found = memo.find(key); found != memo.end()) return found->second;
  std::string canonical = parse_and_deparse_expression(expression);
  if (memo.size() >= kMemoLimit) memo.clear();
  memo.emplace(std::move(key), canonical);
  return canonical;
}

std::vector<std::string> canonical_expression_list(std::string_view expressions) {
  // Memoized as canonical_expression is: functions repeat the same defaults.
  constexpr std::size_t kMemoLimit = 10000;
  thread_local std::unordered_map<std::string, std::vector<std::string>> memo;
  std::string key(expressions);
  if (auto found = memo.find(key); found != memo.end()) return found->second;
  std::string script = "SELECT " + key;
  ParseTree tree(script, "expressions", ParseTree::Memory::Arena);
  const PgQuery__SelectStmt* select =
      tree.size() == 1 && tree.statement(0).stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT
          ? tree.statement(0).stmt->select_stmt
          : nullptr;
  if (!select || select->n_from_clause != 0 || select->where_clause != nullptr)
    throw Error(ErrorKind::Usage, fmt::format("not a list of SQL expressions: {}", expressions));
  std::vector<std::string> canonical;
  for (size_t i = 0; i < select->n_target_list; ++i)
    canonical.push_back(deparse_expression(*select->target_list[i]->res_target->val));
  if (memo.size() >= kMemoLimit) memo.clear();
  memo.emplace(std::move(key), canonical);
  return canonical;
}

std::string canonical_query(std::string_view query) {
  ParseTree tree(query, "query", ParseTree::Memory::Arena);
  if (tree.size() != 1) {
    throw Error(ErrorKind::Usage, fmt::format("not a single query: {}", query));
  }
  return deparse_statement(*tree.statement(0).stmt);
}

std::string text_array_parameter(const std::vector<std::string>& values) {
  return normalize::array_literal(values);
}

std::vector<StatementText> split_statements(std::string_view script, const std::string& file) {
  std::string input(script);
  PgQuerySplitResult split = pg_query_split_with_parser(input.c_str());
  if (split.error) {
    auto [line, column] = line_and_column(script, std::max(0, split.error->cursorpos - 1));
    std::string message = split.error->message ? split.error->message : "syntax error";
    pg_query_free_split_result(split);
    throw Error(ErrorKind::Usage, message, format_location(file, line, column),
                "fix the SQL at that position");
  }
  std::vector<StatementText> statements;
  statements.reserve(split.n_stmts);
  LineIndex lines(script);
  for (int i = 0; i < split.n_stmts; ++i) {
    const PgQuerySplitStmt* s = split.stmts[i];
    int begin = s->stmt_location;
    // The parser's location includes leading whitespace and comments; skip to the statement.
    StatementText statement;
    statement.text = input.substr(begin, s->stmt_len);
    statement.offset = begin;
    auto [line, column] = lines.locate(begin);
    statement.line = line;
    statement.column = column;
    statements.push_back(std::move(statement));
  }
  pg_query_free_split_result(split);
  return statements;
}

}  // namespace sleet::sql
