// The offline normalisation rules on expressions and view bodies (docs/inspect.md lists
// them). Each rule rewrites a parse-tree node into the form the catalog prints, or drops what
// the server adds implicitly, so that both spellings deparse to the same text.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sleet/error.h"
#include "sleet/normalize.h"
#include "sleet/sql.h"
#include "sql/normalize_rules.h"
#include "sql/normalize_tree.h"
#include "sql/type_names.h"

namespace sleet::normalize {

namespace {

using sql::free_node;
using sql::parse_expression_node;

std::string string_value(const PgQuery__Node* node) {
  return node && node->node_case == PG_QUERY__NODE__NODE_STRING ? node->string->sval : "";
}

bool is_string_literal(const PgQuery__Node* node) {
  return node && node->node_case == PG_QUERY__NODE__NODE_A_CONST && !node->a_const->isnull &&
         node->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL;
}

bool is_literal(const PgQuery__Node* node) {
  return node && node->node_case == PG_QUERY__NODE__NODE_A_CONST && !node->a_const->isnull;
}

// A cast's target: the format_type spelling without modifiers, or an enum's qualified name.
struct CastType {
  std::string base;  // "text", "numeric", "timestamp with time zone"
  std::optional<QualifiedName> enum_name;
  int dimensions = 0;
};

using sql::without_modifiers;

// What normalising one expression asked of its scope, with the answer it got: whether a type
// is one of the schema's enums, what type a column of the table has, whether a qualified
// reference names a column of the table the expression reads alone. normalize_expression's
// memo reuses a result only in a scope that answers each question alike.
struct ScopeQuestion {
  enum class Kind { Enum, Column, OwnColumn, DomainBases };
  Kind kind;
  // Enum, DomainBases: schema, name; Column: the column; OwnColumn: fields
  std::vector<std::string> names;
  std::string answer;
};

thread_local std::vector<ScopeQuestion>* g_questions = nullptr;

// A normalised text in normalize_expression's memo, with the questions it asked.
struct Remembered {
  std::vector<ScopeQuestion> questions;
  std::string text;
};

// "t"."c" or "s"."t"."c" (`fields`) naming a column of the table an expression reads alone.
bool names_own_column(const std::vector<std::string>& fields, const ExpressionScope& scope) {
  if (!scope.reads_only_table || !scope.table || !scope.table->find_column(fields.back()))
    return false;
  const QualifiedName& table = scope.table->name;
  return fields[fields.size() - 2] == table.name &&
         (fields.size() == 2 || fields[0] == table.schema);
}

std::string answer_of(const ScopeQuestion& question, const ExpressionScope& scope) {
  switch (question.kind) {
    case ScopeQuestion::Kind::Enum:
      return scope.schema && scope.schema->enums.contains(
                                 QualifiedName{question.names[0], question.names[1]})
                 ? "1"
                 : "0";
    case ScopeQuestion::Kind::Column: {
      if (!scope.table) return "no table";
      const Column* column = scope.table->find_column(question.names[0]);
      if (!column) return "no column";
      return column->type.schema + "." + column->type.name + "[" +
             std::to_string(column->type.array_dimensions);
    }
    case ScopeQuestion::Kind::OwnColumn:
      return names_own_column(question.names, scope) ? "1" : "0";
    case ScopeQuestion::Kind::DomainBases: {
      // The types a value of the domain is read as, one a line: its base type, and that
      // type's base when it is a domain too.
      std::string bases;
      QualifiedName name{question.names[0], question.names[1]};
      for (int depth = 0; scope.schema && depth < 32; ++depth) {
        auto domain = scope.schema->domains.find(name);
        if (domain == scope.schema->domains.end()) break;
        const TypeName& base = domain->second.base_type;
        if (base.array_dimensions != 0) break;
        bases += (base.is_user_defined() ? QualifiedName{base.schema, base.name}.display()
                                         : without_modifiers(base.name)) +
                 "\n";
        if (!base.is_user_defined()) break;
        name = QualifiedName{base.schema, base.name};
      }
      return bases;
    }
  }
  return {};
}

// Asks `scope` and notes the question for the memo.
std::string ask(ScopeQuestion::Kind kind, std::vector<std::string> names,
                const ExpressionScope& scope) {
  ScopeQuestion question{kind, std::move(names), {}};
  question.answer = answer_of(question, scope);
  std::string answer = question.answer;
  if (g_questions) g_questions->push_back(std::move(question));
  return answer;
}

CastType cast_type(const PgQuery__TypeName& type, const Schema* schema) {
  CastType out;
  out.dimensions = static_cast<int>(type.n_array_bounds);
  try {
    if (auto builtin = sql::builtin_type_name(type)) {
      out.base = without_modifiers(*builtin);
      return out;
    }
  } catch (const Error&) {
    return out;  // modifiers that do not fit: no rule applies
  }
  std::vector<std::string> names;
  for (size_t i = 0; i < type.n_names; ++i) names.push_back(string_value(type.names[i]));
  if (names.empty() || names.size() > 2) return out;
  QualifiedName name{names.size() == 2 ? names[0] : "public", names.back()};
  out.base = name.display();
  if (ask(ScopeQuestion::Kind::Enum, {name.schema, name.name}, ExpressionScope{schema}) == "1")
    out.enum_name = name;
  return out;
}

bool is_string_type(const std::string& base) {
  return base == "text" || base == "character varying" || base == "character" || base == "bpchar";
}

// The column a reference names, when it is a column of `table`.
const Column* referenced_column(const PgQuery__Node* node, const Table* table) {
  if (!node || node->node_case != PG_QUERY__NODE__NODE_COLUMN_REF) return nullptr;
  const PgQuery__ColumnRef& ref = *node->column_ref;
  if (ref.n_fields == 0) return nullptr;
  std::string name = string_value(ref.fields[ref.n_fields - 1]);
  ExpressionScope scope;
  scope.table = table;
  ask(ScopeQuestion::Kind::Column, {name}, scope);
  return table ? table->find_column(name) : nullptr;
}

bool all_string_literals(const PgQuery__Node* node) {
  if (!node || node->node_case != PG_QUERY__NODE__NODE_A_ARRAY_EXPR) return false;
  const PgQuery__AArrayExpr& array = *node->a_array_expr;
  for (size_t i = 0; i < array.n_elements; ++i)
    if (!is_string_literal(array.elements[i])) return false;
  return array.n_elements > 0;
}

// Replaces `slot` (a TypeCast) by its argument.
void strip_cast(PgQuery__Node*& slot) {
  PgQuery__Node* argument = slot->type_cast->arg;
  slot->type_cast->arg = nullptr;
  free_node(slot);
  slot = argument;
}

void replace(PgQuery__Node*& slot, const std::string& text) {
  PgQuery__Node* replacement = parse_expression_node(text);
  free_node(slot);
  slot = replacement;
}

std::string text_of(const PgQuery__Node& node) {
  return sql::deparse_expression(node);
}

// jsonb's own output: keys ordered by length then bytes, ", " and ": " separators. Numbers
// other than integers keep their written digits in jsonb, so such documents are left alone.
std::optional<std::string> jsonb_text(const nlohmann::json& value) {
  if (value.is_object()) {
    std::vector<std::string> keys;
    for (const auto& item : value.items()) keys.push_back(item.key());
    std::sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
      return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    std::vector<std::string> members;
    for (const std::string& key : keys) {
      auto member = jsonb_text(value.at(key));
      if (!member) return std::nullopt;
      members.push_back(nlohmann::json(key).dump() + ": " + *member);
    }
    return fmt::format("{{{}}}", fmt::join(members, ", "));
  }
  if (value.is_array()) {
    std::vector<std::string> items;
    for (const auto& item : value) {
      auto text = jsonb_text(item);
      if (!text) return std::nullopt;
      items.push_back(*text);
    }
    return fmt::format("[{}]", fmt::join(items, ", "));
  }
  if (value.is_number_float()) return std::nullopt;
  return value.dump();
}

// Rewrites a string literal holding a JSON document into jsonb's spelling of it.
void respell_jsonb(PgQuery__Node* literal) {
  if (!is_string_literal(literal)) return;
  PgQuery__String& value = *literal->a_const->sval;
  nlohmann::json document = nlohmann::json::parse(value.sval, nullptr, false);
  if (document.is_discarded()) return;
  std::optional<std::string> text = jsonb_text(document);
  if (!text || *text == value.sval) return;
  std::free(value.sval);
  value.sval = sql::allocate_string(*text);
}

// Rewrites a string literal holding bytea input into byteaout's hex spelling ('' is '\\x').
void respell_bytea(PgQuery__Node* literal) {
  if (!is_string_literal(literal)) return;
  PgQuery__String& value = *literal->a_const->sval;
  std::optional<std::string> hex = bytea_output(value.sval);
  if (!hex || *hex == value.sval) return;
  // protobuf-c points an empty string at its own static "", which is not to be freed.
  if (*value.sval != '\0') std::free(value.sval);
  value.sval = sql::allocate_string(*hex);
}

// Rewrites a number, or a string literal holding one, into float4out's or float8out's
// spelling of its value: '0.0000' and 0.0000 are 0, 1000000 on a real column is 1e+06.
void respell_float(PgQuery__Node*& slot, bool single_precision) {
  if (!is_literal(slot)) return;
  const PgQuery__AConst& constant = *slot->a_const;
  std::string text;
  if (constant.val_case == PG_QUERY__A__CONST__VAL_IVAL) text = std::to_string(constant.ival->ival);
  if (constant.val_case == PG_QUERY__A__CONST__VAL_FVAL) text = constant.fval->fval;
  static const std::regex number(R"(-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?)");
  if (constant.val_case == PG_QUERY__A__CONST__VAL_SVAL &&
      std::regex_match(std::string(constant.sval->sval), number))
    text = constant.sval->sval;
  if (text.empty()) return;
  std::optional<std::string> value = float_output(text, single_precision);
  if (value) replace(slot, *value);
}

bool is_number_type(const std::string& base) {
  return base == "smallint" || base == "integer" || base == "bigint" || base == "numeric" ||
         base == "real" || base == "double precision";
}

// Rules on casts: the server labels literals with their resolved type and reads varchar
// columns as text; the labels are implied by context.
bool rewrite_cast(PgQuery__Node*& slot, const ExpressionScope& scope) {
  const PgQuery__TypeCast& cast = *slot->type_cast;
  CastType type = cast_type(*cast.type_name, scope.schema);
  const PgQuery__Node* argument = cast.arg;
  if (type.dimensions == 0 && type.base == "jsonb") respell_jsonb(cast.arg);
  if (type.dimensions == 0 && type.base == "bytea") respell_bytea(cast.arg);
  // 'x'::text, 'x'::character varying, 'x'::bpchar.
  if (type.dimensions == 0 && is_string_type(type.base) && is_string_literal(argument)) {
    strip_cast(slot);
    return true;
  }
  // 'user'::auth.user_role: a literal compared with or assigned to an enum.
  if (type.dimensions == 0 && type.enum_name && is_string_literal(argument)) {
    strip_cast(slot);
    return true;
  }
  // '-1'::integer: the server quotes negative numbers.
  static const std::regex number(R"(-?[0-9]+(\.[0-9]+)?)");
  if (type.dimensions == 0 && is_number_type(type.base) && is_string_literal(argument) &&
      std::regex_match(std::string(argument->a_const->sval->sval), number)) {
    replace(slot, argument->a_const->sval->sval);
    return true;
  }
  // (username)::text for a varchar column.
  if (type.dimensions == 0 && type.base == "text") {
    if (const Column* column = referenced_column(argument, scope.table)) {
      if (column->type.array_dimensions == 0 && !column->type.is_user_defined() &&
          is_string_type(without_modifiers(column->type.name))) {
        strip_cast(slot);
        return true;
      }
    }
  }
  // (VALUE)::integer in a check of a domain over an integer domain, (c)::integer for a column
  // of such a domain: the server reads a domain's value as its base type where an operator
  // needs it.
  if (type.dimensions == 0) {
    if (const Column* column = referenced_column(argument, scope.table)) {
      if (column->type.array_dimensions == 0 && column->type.is_user_defined()) {
        std::string bases =
            ask(ScopeQuestion::Kind::DomainBases, {column->type.schema, column->type.name},
                ExpressionScope{scope.schema});
        if (!type.base.empty() &&
            ("\n" + bases).find("\n" + type.base + "\n") != std::string::npos) {
          strip_cast(slot);
          return true;
        }
      }
    }
  }
  // (ARRAY['a', 'b'])::text[] once the elements lost their own casts.
  if (type.dimensions == 1 && is_string_type(type.base) && all_string_literals(argument)) {
    strip_cast(slot);
    return true;
  }
  return false;
}

std::string operator_name(const PgQuery__AExpr& expression) {
  return expression.n_name > 0 ? string_value(expression.name[expression.n_name - 1]) : "";
}

bool mentions_column(const PgQuery__Node* node) {
  bool found = false;
  sql::rewrite_nodes(const_cast<ProtobufCMessage*>(&node->base), [&](PgQuery__Node*& child) {
    if (child->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) found = true;
  });
  return found || node->node_case == PG_QUERY__NODE__NODE_COLUMN_REF;
}

// a BETWEEN x AND y is stored as a >= x AND a <= y; NOT BETWEEN as a < x OR a > y.
bool rewrite_between(PgQuery__Node*& slot) {
  const PgQuery__AExpr& expression = *slot->a_expr;
  bool between = expression.kind == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN;
  bool not_between = expression.kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN;
  if (!between && !not_between) return false;
  const PgQuery__Node* bounds = expression.rexpr;
  if (!bounds || bounds->node_case != PG_QUERY__NODE__NODE_LIST || bounds->list->n_items != 2)
    return false;
  std::string value = text_of(*expression.lexpr);
  std::string low = text_of(*bounds->list->items[0]);
  std::string high = text_of(*bounds->list->items[1]);
  replace(slot, between ? fmt::format("({0}) >= ({1}) AND ({0}) <= ({2})", value, low, high)
                        : fmt::format("({0}) < ({1}) OR ({0}) > ({2})", value, low, high));
  return true;
}

// a IN (x, y) over constants is stored as a = ANY (ARRAY[x, y]); a single value as a = x.
bool rewrite_in_list(PgQuery__Node*& slot) {
  const PgQuery__AExpr& expression = *slot->a_expr;
  if (expression.kind != PG_QUERY__A__EXPR__KIND__AEXPR_IN) return false;
  const PgQuery__Node* list = expression.rexpr;
  if (!list || list->node_case != PG_QUERY__NODE__NODE_LIST || list->list->n_items == 0)
    return false;
  std::vector<std::string> items;
  for (size_t i = 0; i < list->list->n_items; ++i) {
    // Values that read columns are compared one by one by the server: left as written.
    if (mentions_column(list->list->items[i])) return false;
    items.push_back(text_of(*list->list->items[i]));
  }
  std::string op = operator_name(expression);  // "=" for IN, "<>" for NOT IN
  std::string value = text_of(*expression.lexpr);
  if (items.size() == 1) {
    replace(slot, fmt::format("({}) {} ({})", value, op, items[0]));
  } else {
    replace(slot, fmt::format("({}) {} {} (ARRAY[{}])", value, op, op == "=" ? "ANY" : "ALL",
                              fmt::join(items, ", ")));
  }
  return true;
}

// (a AND b) AND c is read back as a AND b AND c: the grammar merges a left operand of the
// same kind, and a rewritten BETWEEN must look the same.
void flatten_left(PgQuery__Node*& slot) {
  PgQuery__BoolExpr& expression = *slot->bool_expr;
  if (expression.boolop == PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR || expression.n_args == 0) return;
  PgQuery__Node* first = expression.args[0];
  if (first->node_case != PG_QUERY__NODE__NODE_BOOL_EXPR ||
      first->bool_expr->boolop != expression.boolop)
    return;
  std::vector<std::string> parts;
  for (size_t i = 0; i < first->bool_expr->n_args; ++i)
    parts.push_back(fmt::format("({})", text_of(*first->bool_expr->args[i])));
  for (size_t i = 1; i < expression.n_args; ++i)
    parts.push_back(fmt::format("({})", text_of(*expression.args[i])));
  bool is_and = expression.boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR;
  replace(slot, fmt::format("{}", fmt::join(parts, is_and ? " AND " : " OR ")));
}

bool is_comparison(const std::string& op) {
  return op == "=" || op == "<>" || op == "<" || op == ">" || op == "<=" || op == ">=";
}

bool is_number_literal(const PgQuery__Node* node) {
  return is_literal(node) && (node->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL ||
                              node->a_const->val_case == PG_QUERY__A__CONST__VAL_FVAL);
}

// "amount" >= 0::numeric: the server labels a numeric constant that looks like an integer.
// Only beside a comparison with a non-constant, where the label cannot change the result.
void strip_numeric_label(PgQuery__AExpr& expression) {
  if (expression.kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP ||
      !is_comparison(operator_name(expression)) || !expression.lexpr || !expression.rexpr)
    return;
  auto labelled = [](const PgQuery__Node* node) {
    if (node->node_case != PG_QUERY__NODE__NODE_TYPE_CAST) return false;
    const PgQuery__TypeName& type = *node->type_cast->type_name;
    return type.n_typmods == 0 && type.n_array_bounds == 0 && type.n_names > 0 &&
           string_value(type.names[type.n_names - 1]) == "numeric" &&
           is_number_literal(node->type_cast->arg);
  };
  if (labelled(expression.rexpr) && !is_literal(expression.lexpr)) strip_cast(expression.rexpr);
  if (labelled(expression.lexpr) && !is_literal(expression.rexpr)) strip_cast(expression.lexpr);
}

// nextval('seq'::regclass): the argument of the sequence functions is a regclass anyway.
void strip_sequence_argument_cast(PgQuery__FuncCall& call) {
  std::string name = call.n_funcname ? string_value(call.funcname[call.n_funcname - 1]) : "";
  if ((name != "nextval" && name != "currval" && name != "setval") || call.n_args == 0) return;
  PgQuery__Node*& argument = call.args[0];
  if (argument->node_case != PG_QUERY__NODE__NODE_TYPE_CAST ||
      !is_string_literal(argument->type_cast->arg))
    return;
  const PgQuery__TypeName& type = *argument->type_cast->type_name;
  if (type.n_names > 0 && string_value(type.names[type.n_names - 1]) == "regclass")
    strip_cast(argument);
}

// nextval('public.seq'): a regclass of a relation in public (on the search path) prints
// unqualified, as pg_dump's qualified spelling means the same sequence.
void unqualify_public_sequence_argument(PgQuery__FuncCall& call) {
  std::string name = call.n_funcname ? string_value(call.funcname[call.n_funcname - 1]) : "";
  if ((name != "nextval" && name != "currval" && name != "setval") || call.n_args == 0 ||
      !is_string_literal(call.args[0]))
    return;
  std::string sequence = call.args[0]->a_const->sval->sval;
  constexpr std::string_view kPublic = "public.";
  if (sequence.starts_with(kPublic) &&
      sequence.find_first_of(".\"", kPublic.size()) == std::string::npos)
    replace(call.args[0], sql::quote_literal(sequence.substr(kPublic.size())));
}

// public.f(x): a function of public (on the search path) is printed unqualified by the
// catalog; pg_dump, which empties the search path, qualifies it.
void unqualify_public_function(PgQuery__FuncCall& call) {
  if (call.n_funcname != 2 || string_value(call.funcname[0]) != "public") return;
  free_node(call.funcname[0]);
  call.funcname[0] = call.funcname[1];
  call.n_funcname = 1;
}

// "t"."c" or "s"."t"."c" naming a column of the table an expression reads alone (drizzle-kit
// qualifies every column it renders): the catalog prints c.
void unqualify_own_column(PgQuery__ColumnRef& ref, const ExpressionScope& scope) {
  if (ref.n_fields < 2 || ref.n_fields > 3) return;
  std::vector<std::string> fields;
  for (size_t i = 0; i < ref.n_fields; ++i) {
    if (ref.fields[i]->node_case != PG_QUERY__NODE__NODE_STRING) return;
    fields.push_back(ref.fields[i]->string->sval);
  }
  if (ask(ScopeQuestion::Kind::OwnColumn, std::move(fields), scope) == "1")
    sql::drop_leading_fields(ref, ref.n_fields - 1);
}

bool is_arithmetic(const std::string& op) {
  return op == "+" || op == "-" || op == "*" || op == "/" || op == "%";
}

// A column of the table whose type, without modifiers, is `base` (not an array, not an enum).
bool is_column_of_type(const PgQuery__Node* node, const Table* table,
                       const std::set<std::string>& bases) {
  const Column* column = referenced_column(node, table);
  return column && column->type.array_dimensions == 0 && !column->type.is_user_defined() &&
         bases.contains(without_modifiers(column->type.name));
}

// price * (quantity)::numeric, price >= (0)::numeric: beside a numeric column the server
// widens an integer column or constant to numeric, as it would without the cast.
void strip_implicit_numeric_cast(PgQuery__AExpr& expression, const ExpressionScope& scope) {
  if (expression.kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP || !expression.lexpr ||
      !expression.rexpr || !scope.table)
    return;
  std::string op = operator_name(expression);
  if (!is_arithmetic(op) && !is_comparison(op)) return;
  static const std::set<std::string> numeric{"numeric"};
  static const std::set<std::string> integers{"smallint", "integer", "bigint"};
  auto widened_integer = [&](const PgQuery__Node* node) {
    if (node->node_case != PG_QUERY__NODE__NODE_TYPE_CAST) return false;
    const PgQuery__TypeName& type = *node->type_cast->type_name;
    if (type.n_typmods != 0 || type.n_array_bounds != 0 || type.n_names == 0 ||
        string_value(type.names[type.n_names - 1]) != "numeric")
      return false;
    const PgQuery__Node* argument = node->type_cast->arg;
    return is_column_of_type(argument, scope.table, integers) ||
           (is_literal(argument) && argument->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL);
  };
  if (is_column_of_type(expression.lexpr, scope.table, numeric) &&
      widened_integer(expression.rexpr))
    strip_cast(expression.rexpr);
  else if (is_column_of_type(expression.rexpr, scope.table, numeric) &&
           widened_integer(expression.lexpr))
    strip_cast(expression.lexpr);
}

void rewrite_expression_node(PgQuery__Node*& slot, const ExpressionScope& scope) {
  switch (slot->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF:
      unqualify_own_column(*slot->column_ref, scope);
      return;
    case PG_QUERY__NODE__NODE_FUNC_CALL:
      strip_sequence_argument_cast(*slot->func_call);
      unqualify_public_sequence_argument(*slot->func_call);
      unqualify_public_function(*slot->func_call);
      return;
    case PG_QUERY__NODE__NODE_TYPE_CAST:
      // A stripped cast may uncover another one: '{}'::text[] of a text[] default.
      while (slot->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && rewrite_cast(slot, scope)) {
      }
      return;
    case PG_QUERY__NODE__NODE_A_EXPR:
      strip_numeric_label(*slot->a_expr);
      strip_implicit_numeric_cast(*slot->a_expr, scope);
      if (!rewrite_between(slot)) rewrite_in_list(slot);
      if (slot->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR) flatten_left(slot);
      return;
    case PG_QUERY__NODE__NODE_BOOL_EXPR:
      flatten_left(slot);
      return;
    default:
      return;
  }
}

// A cast at the top of a select list's entry gives the output column its type ('ok'::mood
// makes a mood column, 'x'::varchar a varchar one): it stays, as pg_get_viewdef prints it,
// unless the bare value has that type anyway ('x' is text there, -1 integer, 1.5 numeric).
bool rewrite_output_cast(PgQuery__Node*& slot, const ExpressionScope& scope) {
  const PgQuery__TypeCast& cast = *slot->type_cast;
  if (cast.type_name->n_typmods != 0) return false;
  CastType type = cast_type(*cast.type_name, scope.schema);
  const PgQuery__Node* argument = cast.arg;
  if (type.enum_name) return false;
  if (type.dimensions == 0 && type.base == "jsonb") respell_jsonb(cast.arg);
  if (type.base == "text" && ((type.dimensions == 0 && is_string_literal(argument)) ||
                              (type.dimensions == 1 && all_string_literals(argument)))) {
    strip_cast(slot);
    return true;
  }
  static const std::regex integer(R"(-?[0-9]+)");
  static const std::regex decimal(R"(-?[0-9]+\.[0-9]+)");
  if (type.dimensions != 0 || !is_string_literal(argument)) return false;
  std::string value = argument->a_const->sval->sval;
  if ((type.base == "integer" && std::regex_match(value, integer)) ||
      (type.base == "numeric" && std::regex_match(value, decimal))) {
    replace(slot, value);
    return true;
  }
  return false;
}

// An entry of a select list: its own cast follows the output rules, what is below it the
// expression rules (already applied: children are rewritten first).
void rewrite_output_node(PgQuery__Node*& slot, const ExpressionScope& scope) {
  if (slot->node_case != PG_QUERY__NODE__NODE_TYPE_CAST) {
    rewrite_expression_node(slot, scope);
    return;
  }
  while (slot->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && rewrite_output_cast(slot, scope)) {
  }
}

// ARRAY['a'::mood, 'b'::mood] is how the server prints ARRAY['a', 'b']::mood[]: string
// literals cast to one type that is not a string type. The typed-array spelling is the one
// that survives the rules (the element casts would be stripped as implicit, leaving a text[]
// the column does not accept), so a default's root array is respelled that way.
void lift_array_element_casts(PgQuery__Node*& slot) {
  if (slot->node_case != PG_QUERY__NODE__NODE_A_ARRAY_EXPR) return;
  const PgQuery__AArrayExpr& array = *slot->a_array_expr;
  if (array.n_elements == 0) return;
  std::string type;
  std::vector<std::string> values;
  for (size_t i = 0; i < array.n_elements; ++i) {
    const PgQuery__Node* element = array.elements[i];
    if (element->node_case != PG_QUERY__NODE__NODE_TYPE_CAST ||
        !is_string_literal(element->type_cast->arg) ||
        element->type_cast->type_name->n_array_bounds != 0)
      return;
    std::string value = text_of(*element->type_cast->arg);
    std::string cast = text_of(*element);
    if (!cast.starts_with(value + "::")) return;
    std::string element_type = cast.substr(value.size() + 2);
    if (i > 0 && element_type != type) return;
    type = element_type;
    values.push_back(value);
  }
  if (is_string_type(cast_type(*array.elements[0]->type_cast->type_name, nullptr).base)) return;
  replace(slot, fmt::format("ARRAY[{}]::{}[]", fmt::join(values, ", "), type));
}

// Whether a default's array cast to the column's type can go: the array must have a type of
// its own (ARRAY[] has none) that the column accepts (string literals make a text[], which an
// enum or date array column refuses).
bool array_cast_is_implicit(const PgQuery__AArrayExpr& array, const CastType& type) {
  if (array.n_elements == 0) return false;
  bool strings = true;
  for (size_t i = 0; i < array.n_elements; ++i)
    strings = strings && is_string_literal(array.elements[i]);
  return !strings || is_string_type(type.base);
}

// A one-dimensional array column's default: '{"general"}' is stored as array_out prints it,
// '{general}', and an array of string literals for a column of a string type means the
// literal ('{a,b}' and ARRAY['a', 'b'] give the same text[]). box arrays are left alone:
// their delimiter is ';'.
void respell_array_default(PgQuery__Node*& slot, const TypeName& column) {
  if (column.array_dimensions != 1) return;
  std::string element = column.is_user_defined() ? "" : without_modifiers(column.name);
  if (element == "box") return;
  std::vector<std::string> values;
  if (is_string_literal(slot)) {
    auto elements = array_literal_elements(slot->a_const->sval->sval);
    if (!elements) return;
    values = std::move(*elements);
  } else if (is_string_type(element) && all_string_literals(slot)) {
    const PgQuery__AArrayExpr& array = *slot->a_array_expr;
    for (size_t i = 0; i < array.n_elements; ++i)
      values.push_back(array.elements[i]->a_const->sval->sval);
  } else {
    return;
  }
  replace(slot, sql::quote_literal(array_literal(values)));
}

// The root of a column default: a literal cast to the column's own type is implicit.
void rewrite_default_root(PgQuery__Node*& slot, const ExpressionScope& scope) {
  if (!scope.result_type) return;
  if (scope.result_type->name == "jsonb" && scope.result_type->array_dimensions == 0 &&
      !scope.result_type->is_user_defined())
    respell_jsonb(slot);
  while (slot->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) {
    CastType type = cast_type(*slot->type_cast->type_name, scope.schema);
    const TypeName& column = *scope.result_type;
    std::string column_base = column.is_user_defined()
                                  ? QualifiedName{column.schema, column.name}.display()
                                  : without_modifiers(column.name);
    const PgQuery__Node* argument = slot->type_cast->arg;
    // NULL::text[] too: a parameter's DEFAULT NULL, or a column's the server keeps, is stored cast.
    bool null = argument->node_case == PG_QUERY__NODE__NODE_A_CONST && argument->a_const->isnull;
    bool literal = is_literal(argument) || null ||
                   (argument->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR &&
                    array_cast_is_implicit(*argument->a_array_expr, type));
    if (!literal || type.base != column_base || type.dimensions != column.array_dimensions) return;
    strip_cast(slot);
  }
  // A quoted number or boolean assigned to a column of that type: the server stores the
  // typed constant ('0.00' on numeric is printed 0.00, 't' on boolean true).
  const TypeName& column = *scope.result_type;
  respell_array_default(slot, column);
  if (column.array_dimensions != 0 || column.is_user_defined()) return;
  std::string base = without_modifiers(column.name);
  // real and double precision keep the value, not the written digits: 0.0000 is stored 0.
  if (base == "real" || base == "double precision") {
    respell_float(slot, base == "real");
    return;
  }
  if (!is_string_literal(slot)) return;
  std::string value = slot->a_const->sval->sval;
  static const std::regex number(R"(-?[0-9]+(\.[0-9]+)?)");
  if (is_number_type(base) && std::regex_match(value, number)) {
    replace(slot, value);
    return;
  }
  if (base == "bytea") {
    respell_bytea(slot);
    return;
  }
  if (base == "boolean") {
    std::string lower;
    for (char c : value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const std::set<std::string> truths{"t", "true", "y", "yes", "on", "1"};
    static const std::set<std::string> falsehoods{"f", "false", "n", "no", "off", "0"};
    if (truths.contains(lower)) replace(slot, "true");
    if (falsehoods.contains(lower)) replace(slot, "false");
  }
}

}  // namespace

bool is_null_constant(std::string_view expression) {
  // Every spelling of a NULL constant contains the word; most defaults are not worth a parse.
  constexpr std::string_view word = "null";
  auto found = std::search(expression.begin(), expression.end(), word.begin(), word.end(),
                           [](char a, char b) {
                             return std::tolower(static_cast<unsigned char>(a)) == b;
                           });
  if (found == expression.end()) return false;
  PgQuery__Node* node = parse_expression_node(std::string(expression));
  const PgQuery__Node* inner = node;
  while (inner->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) inner = inner->type_cast->arg;
  bool null = inner->node_case == PG_QUERY__NODE__NODE_A_CONST && inner->a_const->isnull;
  free_node(node);
  return null;
}

std::string normalize_expression(std::string_view expression, const ExpressionScope& scope) {
  // Schemas repeat the same defaults, checks and keys on many tables (now(), 0, '{}'::jsonb,
  // amount >= 0); each parse and deparse is a protobuf round trip through libpg_query. A
  // per-thread memo, bounded, keyed by the text and the result type, keeps each result with
  // the questions it asked of its scope, and reuses it where they get the same answers.
  constexpr std::size_t kMemoLimit = 50000;
  constexpr std::size_t kScopesPerText = 8;
  thread_local std::unordered_map<std::string, std::vector<Remembered>> memo;
  std::string key(expression);
  key += '\0';
  if (scope.result_type) {
    key += scope.result_type->schema;
    key += '.';
    key += scope.result_type->name;
    key += std::to_string(scope.result_type->array_dimensions);
  }
  auto found = memo.find(key);
  if (found != memo.end()) {
    for (const Remembered& remembered : found->second) {
      bool alike = std::all_of(remembered.questions.begin(), remembered.questions.end(),
                               [&](const ScopeQuestion& question) {
                                 return answer_of(question, scope) == question.answer;
                               });
      if (alike) return remembered.text;
    }
  }
  std::vector<ScopeQuestion> questions;
  std::vector<ScopeQuestion>* outer = std::exchange(g_questions, &questions);
  PgQuery__Node* node = nullptr;
  std::string text;
  try {
    node = parse_expression_node(std::string(expression));
    if (scope.result_type) lift_array_element_casts(node);
    auto rewrite = [&](PgQuery__Node*& slot) { rewrite_expression_node(slot, scope); };
    sql::rewrite_nodes(&node->base, rewrite);
    rewrite(node);
    rewrite_default_root(node, scope);
    text = text_of(*node);
  } catch (...) {
    if (node) free_node(node);
    g_questions = outer;
    throw;
  }
  free_node(node);
  g_questions = outer;
  if (memo.size() >= kMemoLimit) {
    memo.clear();
    found = memo.end();
  }
  std::vector<Remembered>& scopes = found != memo.end() ? found->second : memo[std::move(key)];
  if (scopes.size() < kScopesPerText) scopes.push_back(Remembered{std::move(questions), text});
  return text;
}

void rewrite_expressions_in(ProtobufCMessage* message, const ExpressionScope& scope,
                            const std::set<PgQuery__Node**>& outputs) {
  sql::rewrite_nodes(message, [&](PgQuery__Node*& slot) {
    if (outputs.contains(&slot))
      rewrite_output_node(slot, scope);
    else
      rewrite_expression_node(slot, scope);
  });
}

}  // namespace sleet::normalize
