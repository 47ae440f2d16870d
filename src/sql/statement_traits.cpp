// What sleet needs to know about an expression or a statement beyond its text: whether it
// calls a volatile function, whether a DO block ends transactions.
#include <pg_query.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <nlohmann/json.hpp>

#include "sleet/error.h"
#include "sleet/sql.h"
#include "sql/normalize_tree.h"
#include "sql/parse_tree.h"

namespace sleet::sql {

bool is_volatile_function(std::string_view name) {
  static constexpr std::array<std::string_view, 11> kVolatile = {
      "random",    "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v4",   "clock_timestamp",
      "timeofday", "nextval",         "txid_current",     "uuid_generate_v1mc", "uuidv4",
      "uuidv7"};
  return std::find(kVolatile.begin(), kVolatile.end(), name) != kVolatile.end();
}

bool calls_volatile_function(std::string_view expression) {
  try {
    ParseTree tree("SELECT " + std::string(expression), "expression", ParseTree::Memory::Arena);
    if (tree.size() != 1 || !tree.statement(0).stmt) return false;
    bool found = false;
    // Read only: the visitor never replaces a slot, so the arena's nodes are safe.
    rewrite_nodes(&tree.statement(0).stmt->base, [&](PgQuery__Node*& node) {
      if (found || node->node_case != PG_QUERY__NODE__NODE_FUNC_CALL) return;
      const PgQuery__FuncCall& call = *node->func_call;
      if (call.n_funcname == 0) return;
      const PgQuery__Node* last = call.funcname[call.n_funcname - 1];
      if (last->node_case == PG_QUERY__NODE__NODE_STRING && last->string->sval &&
          is_volatile_function(last->string->sval)) {
        found = true;
      }
    });
    return found;
  } catch (const Error&) {
    return false;
  }
}

namespace {

// Whether the PL/pgSQL parser's JSON holds a COMMIT or ROLLBACK statement anywhere.
bool has_transaction_control(const nlohmann::json& node) {
  if (node.is_array()) {
    return std::any_of(node.begin(), node.end(), has_transaction_control);
  }
  if (!node.is_object()) return false;
  for (const auto& [key, value] : node.items()) {
    if (key == "PLpgSQL_stmt_commit" || key == "PLpgSQL_stmt_rollback") return true;
    if (has_transaction_control(value)) return true;
  }
  return false;
}

// The body and language of a DO statement's arguments ("as", "language").
std::pair<std::string, std::string> do_body(const PgQuery__DoStmt& statement) {
  std::string body, language = "plpgsql";
  for (std::size_t i = 0; i < statement.n_args; ++i) {
    const PgQuery__Node* arg = statement.args[i];
    if (arg->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !arg->def_elem->arg ||
        arg->def_elem->arg->node_case != PG_QUERY__NODE__NODE_STRING) {
      continue;
    }
    const char* value = arg->def_elem->arg->string->sval;
    if (std::strcmp(arg->def_elem->defname, "as") == 0) body = value ? value : "";
    if (std::strcmp(arg->def_elem->defname, "language") == 0) language = value ? value : "";
  }
  return {body, language};
}

}  // namespace

bool commits_inside(std::string_view statement) {
  std::string body, language;
  try {
    ParseTree tree(statement, "statement", ParseTree::Memory::Arena);
    if (tree.size() != 1 || !tree.statement(0).stmt ||
        tree.statement(0).stmt->node_case != PG_QUERY__NODE__NODE_DO_STMT) {
      return false;
    }
    std::tie(body, language) = do_body(*tree.statement(0).stmt->do_stmt);
  } catch (const Error&) {
    return false;
  }
  if (language != "plpgsql") return false;
  // The PL/pgSQL parser reads function definitions: the block becomes one's body.
  std::string function =
      "CREATE FUNCTION sleet_do_block() RETURNS void LANGUAGE plpgsql AS " + quote_literal(body);
  PgQueryPlpgsqlParseResult parsed = pg_query_parse_plpgsql(function.c_str());
  bool commits = false;
  if (!parsed.error && parsed.plpgsql_funcs) {
    commits = has_transaction_control(nlohmann::json::parse(parsed.plpgsql_funcs, nullptr, false));
  }
  pg_query_free_plpgsql_parse_result(parsed);
  return commits;
}

namespace {

void collect_declared_types(const nlohmann::json& node, std::vector<std::string>& out) {
  if (node.is_array()) {
    for (const auto& item : node) collect_declared_types(item, out);
    return;
  }
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    if (key == "PLpgSQL_type" && value.is_object() && value.contains("typname") &&
        value["typname"].is_string()) {
      out.push_back(value["typname"].get<std::string>());
    } else {
      collect_declared_types(value, out);
    }
  }
}

bool ends_with_ignoring_case(const std::string& text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[text.size() - suffix.size() + i])) !=
        std::tolower(static_cast<unsigned char>(suffix[i])))
      return false;
  }
  return true;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> plpgsql_declared_relations(
    std::string_view create_function) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string statement(create_function);
  PgQueryPlpgsqlParseResult parsed = pg_query_parse_plpgsql(statement.c_str());
  std::vector<std::string> types;
  if (!parsed.error && parsed.plpgsql_funcs)
    collect_declared_types(nlohmann::json::parse(parsed.plpgsql_funcs, nullptr, false), types);
  pg_query_free_plpgsql_parse_result(parsed);
  for (std::string type : types) {
    if (type == "UNKNOWN") continue;
    while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back()))) type.pop_back();
    while (type.ends_with("[]")) type.resize(type.size() - 2);
    bool column_type = false;
    if (ends_with_ignoring_case(type, "%rowtype")) {
      type.resize(type.size() - 8);
    } else if (ends_with_ignoring_case(type, "%type")) {
      type.resize(type.size() - 5);
      column_type = true;
    }
    // Dotted parts, each unquoted (and folded) or double-quoted.
    std::vector<std::string> parts(1);
    bool quoted = false;
    for (std::size_t i = 0; i < type.size(); ++i) {
      char c = type[i];
      if (c == '"') {
        if (quoted && i + 1 < type.size() && type[i + 1] == '"') {
          parts.back() += '"';
          ++i;
        } else {
          quoted = !quoted;
        }
      } else if (c == '.' && !quoted) {
        parts.emplace_back();
      } else {
        parts.back() += quoted ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    if (column_type && parts.size() > 1) parts.pop_back();  // the column of t.c%TYPE
    if (parts.size() == 1) out.emplace_back("", parts[0]);
    if (parts.size() == 2) out.emplace_back(parts[0], parts[1]);
  }
  return out;
}

}  // namespace sleet::sql
