// CREATE [OR REPLACE] VIEW and CREATE MATERIALIZED VIEW.
#include <fmt/format.h>

#include <algorithm>

#include "sleet/error.h"
#include "sources/parse_nodes.h"
#include "sources/schema_parser.h"

namespace sleet::sources {

namespace {

bool is_with(const sql::Token& token) {
  return token.kind == PG_QUERY__TOKEN__WITH || token.kind == PG_QUERY__TOKEN__WITH_LA;
}

// Index of the first token of a trailing "WITH [CASCADED|LOCAL] CHECK OPTION" or
// "WITH [NO] DATA" within [begin, end), or `end` when there is none.
size_t trailing_clause(const std::vector<sql::Token>& tokens, size_t begin, size_t end) {
  if (end - begin < 3) return end;  // the shortest is WITH CHECK OPTION
  PgQuery__Token last = tokens[end - 1].kind;
  bool check_option =
      last == PG_QUERY__TOKEN__OPTION && tokens[end - 2].kind == PG_QUERY__TOKEN__CHECK;
  if (!check_option && last != PG_QUERY__TOKEN__DATA_P) return end;
  for (size_t back = 2; back <= 4 && end - back > begin; ++back) {
    if (is_with(tokens[end - back])) return end - back;
  }
  return end;
}

// The view body as written: the text after the top-level AS, without trailing options.
// The parse tree records no end positions, so the scanner's tokens delimit it.
std::string query_as_written(const Context& context) {
  const Statement& statement = context.statement();
  const std::vector<sql::Token> tokens = statement_tokens(statement);
  auto at = [&](int offset) {
    return static_cast<size_t>(
        std::lower_bound(tokens.begin(), tokens.end(), offset,
                         [](const sql::Token& token, int o) { return token.start < o; }) -
        tokens.begin());
  };
  size_t begin = at(statement.start);
  size_t end = at(statement.end);
  int depth = 0;
  size_t query = end;
  for (size_t i = begin; i < end && query == end; ++i) {
    if (tokens[i].kind == PG_QUERY__TOKEN__ASCII_40) ++depth;
    if (tokens[i].kind == PG_QUERY__TOKEN__ASCII_41) --depth;
    if (depth == 0 && tokens[i].kind == PG_QUERY__TOKEN__AS) query = i + 1;
  }
  size_t last = trailing_clause(tokens, query, end);
  if (query >= last) return {};
  return statement.file->text.substr(tokens[query].start,
                                     tokens[last - 1].end - tokens[query].start);
}

Expression query_of(const Context& context, const PgQuery__Node& query) {
  Expression expression;
  expression.canonical = sql::deparse_statement(query);
  expression.text = query_as_written(context);
  if (expression.text.empty()) expression.text = expression.canonical;
  return expression;
}

void read_view_options(Context& context, PgQuery__Node* const* options, size_t count, View& view) {
  for (size_t i = 0; i < count; ++i) {
    const PgQuery__DefElem& option = *options[i]->def_elem;
    std::string value = option_text(option);
    if (std::string_view(option.defname) == "check_option") {
      if (value != "local" && value != "cascaded")
        context.fail(option.location, "check_option must be local or cascaded");
      view.check_option = value;
    } else {
      view.with[option.defname] = value;
    }
  }
}

void store_view(Context& context, View view, int location) {
  context.names.add_relation(view.name, view.materialized ? "materialized view" : "view",
                             context.where(location));
  context.schema.views.emplace(view.name, std::move(view));
}

}  // namespace

void apply_create_view(Context& context, const PgQuery__ViewStmt& statement) {
  if (statement.view->relpersistence[0] == 't') {
    context.fail(-1, "TEMPORARY views are not supported yet",
                 "put it in a custom migration (sleet generate --custom)");
  }
  View view;
  view.name = context.new_name(*statement.view);
  view.column_names = strings_of(statement.aliases, statement.n_aliases);
  view.query = query_of(context, *statement.query);
  read_view_options(context, statement.options, statement.n_options, view);
  if (statement.with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION)
    view.check_option = "local";
  if (statement.with_check_option == PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION)
    view.check_option = "cascaded";
  store_view(context, std::move(view), statement.view->location);
}

void apply_create_materialized_view(Context& context, const PgQuery__CreateTableAsStmt& statement) {
  const PgQuery__IntoClause& into = *statement.into;
  View view;
  view.materialized = true;
  view.name = context.new_name(*into.rel);
  view.column_names = strings_of(into.col_names, into.n_col_names);
  view.query = query_of(context, *statement.query);
  read_view_options(context, into.options, into.n_options, view);
  if (!view.check_option.empty()) context.fail(-1, "materialized views take no check_option");
  view.with_no_data = into.skip_data;
  view.access_method = into.access_method;
  view.tablespace = into.table_space_name;
  store_view(context, std::move(view), into.rel->location);
}

}  // namespace sleet::sources
