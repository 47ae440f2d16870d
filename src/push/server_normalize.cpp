// normalize_with_server: the server renders a declared schema's expressions. The declared
// objects are created under their own names inside a transaction that is rolled back; schemas
// of the same names that already exist are renamed out of the way inside it first, so nothing
// collides, nothing persists, and other sessions keep seeing the committed catalog.
#include <fmt/format.h>

#include <map>
#include <random>
#include <set>

#include "sleet/ddl.h"
#include "sleet/diff.h"
#include "sleet/error.h"
#include "sleet/inspect.h"
#include "sleet/push.h"
#include "sleet/sql.h"

namespace sleet {

namespace {

std::set<std::string> existing_names(db::Connection& connection, const char* sql) {
  std::set<std::string> names;
  db::Result result = connection.execute(sql);
  for (int i = 0; i < result.rows(); ++i) names.insert(std::string(result.value(i, 0)));
  return names;
}

std::string scratch_prefix() {
  std::random_device random;
  return fmt::format("sleet_normalize_{:08x}_", random());
}

// Schemas moved out of the way: the name each has for now, and its real one.
using MovedSchemas = std::map<std::string, std::string>;

// Moves existing schemas named like the declared ones aside and pins the search_path so that
// what lived in public (extensions' functions, types, operator classes) still resolves
// unqualified.
MovedSchemas make_room(db::Connection& connection, const Schema& declared) {
  std::set<std::string> existing = existing_names(connection, "select nspname from pg_namespace");
  std::string prefix = scratch_prefix();
  std::string search_path = "public";
  MovedSchemas moved;
  auto move_aside = [&](const std::string& name) {
    if (!existing.contains(name)) return std::string();
    std::string hidden = prefix + std::to_string(moved.size());
    connection.execute(fmt::format("alter schema {} rename to {}", sql::quote_identifier(name),
                                   sql::quote_identifier(hidden)));
    moved[hidden] = name;
    return hidden;
  };
  std::string hidden_public = move_aside("public");
  if (!hidden_public.empty()) {
    connection.execute("create schema public");
    search_path += ", " + sql::quote_identifier(hidden_public);
  }
  for (const auto& [name, ns] : declared.namespaces) move_aside(name);
  connection.execute("set local search_path = " + search_path);
  return moved;
}

// `text` the server printed while schemas were moved aside, with their real names back: what
// an extension keeps in public (pg_trgm's similarity(), gin_trgm_ops) is printed qualified by
// the temporary name, and inspecting the database prints it unqualified. The temporary names
// hold a random part, so they occur nowhere else. `quote`: quote a real name where SQL needs it
// (expressions); operator classes are named unquoted.
std::string with_real_names(std::string text, const MovedSchemas& moved, bool quote) {
  for (const auto& [hidden, real] : moved) {
    std::string prefix = hidden + ".";
    std::string replacement =
        real == "public" ? "" : (quote ? sql::quote_identifier_if_needed(real) : real) + ".";
    for (size_t at = text.find(prefix); at != std::string::npos;
         at = text.find(prefix, at + replacement.size()))
      text.replace(at, prefix.size(), replacement);
  }
  return text;
}

// `declared` minus what exists cluster- or database-wide already (roles, extensions).
Schema creatable(db::Connection& connection, const Schema& declared) {
  Schema schema = declared;
  std::set<std::string> roles = existing_names(connection, "select rolname from pg_roles");
  std::set<std::string> extensions = existing_names(connection, "select extname from pg_extension");
  std::erase_if(schema.roles, [&](const auto& entry) { return roles.contains(entry.first); });
  std::erase_if(schema.extensions,
                [&](const auto& entry) { return extensions.contains(entry.first); });
  schema.grants.clear();  // nothing to normalise, and a grantee may not exist yet
  schema.default_privileges.clear();
  // Database wide, nothing to normalise, and the committed ones keep their names.
  schema.event_triggers.clear();
  return schema;
}

void create_all(db::Connection& connection, const Schema& schema) {
  for (const std::string& statement : ddl::create_statements(schema)) {
    try {
      connection.execute(statement);
    } catch (const db::DatabaseError& error) {
      if (error.sqlstate().starts_with("08") || error.sqlstate().starts_with("57P")) {
        throw Error(ErrorKind::Connection,
                    fmt::format("lost the connection to the database: {}", error.what()));
      }
      throw Error(
          ErrorKind::Failure,
          fmt::format("the server rejected a declared object while normalising: {}", error.what()),
          statement,
          "the statement is rolled back; fix the schema file, or create the role or "
          "extension it needs");
    }
  }
}

// Copies what the server printed into the declared schema, under the real schema names.
class ServerSpelling {
 public:
  explicit ServerSpelling(const MovedSchemas& moved) : moved_(moved) {}

  void take(Expression& declared, const Expression& server) const {
    declared.canonical = with_real_names(server.canonical, moved_, true);
  }

  void take(std::optional<Expression>& declared, const std::optional<Expression>& server) const {
    if (declared && server) take(*declared, *server);
  }

  // A rule's condition and actions as pg_get_ruledef prints them (column lists filled in,
  // casts added).
  void take(std::map<std::string, RewriteRule>& declared,
            const std::map<std::string, RewriteRule>& server) const {
    for (auto& [name, rule] : declared) {
      auto it = server.find(name);
      if (it == server.end()) continue;
      take(rule.where, it->second.where);
      if (rule.actions.size() != it->second.actions.size()) continue;
      for (size_t k = 0; k < rule.actions.size(); ++k) take(rule.actions[k], it->second.actions[k]);
    }
  }

  // Index keys and predicates as the server prints them, and the operator classes it picked
  // (none where the default is written out).
  void take(std::map<std::string, Index>& declared,
            const std::map<std::string, Index>& server) const {
    for (auto& [name, index] : declared) {
      auto it = server.find(name);
      if (it == server.end() || it->second.elements.size() != index.elements.size()) continue;
      for (size_t k = 0; k < index.elements.size(); ++k) {
        take(index.elements[k].expression, it->second.elements[k].expression);
        index.elements[k].opclass = with_real_names(it->second.elements[k].opclass, moved_, false);
      }
      take(index.where, it->second.where);
    }
  }

  void take(Table& declared, const Table& server) const {
    for (Column& column : declared.columns) {
      const Column* rendered = server.find_column(column.name);
      if (!rendered) continue;
      // The server renders DEFAULT 'now()' as the moment it created the column.
      if (!default_is_frozen_moment(column)) take(column.default_value, rendered->default_value);
      take(column.generated, rendered->generated);
      // A mode set to what a type sleet cannot tell offline has already (citext's EXTENDED)
      // is no setting in the catalog.
      column.storage = rendered->storage;
    }
    for (auto& [name, check] : declared.check_constraints) {
      auto it = server.check_constraints.find(name);
      if (it != server.check_constraints.end()) take(check.expression, it->second.expression);
    }
    take(declared.indexes, server.indexes);
    for (auto& [name, policy] : declared.policies) {
      auto it = server.policies.find(name);
      if (it == server.policies.end()) continue;
      take(policy.using_expression, it->second.using_expression);
      take(policy.with_check, it->second.with_check);
    }
    for (auto& [name, trigger] : declared.triggers) {
      auto it = server.triggers.find(name);
      if (it != server.triggers.end()) take(trigger.when, it->second.when);
    }
    take(declared.rules, server.rules);
    // Statistics expressions as pg_get_statisticsobjdef_expressions prints them.
    for (auto& [name, statistics] : declared.statistics) {
      auto it = server.statistics.find(name);
      if (it == server.statistics.end() ||
          it->second.expressions.size() != statistics.expressions.size())
        continue;
      for (size_t k = 0; k < statistics.expressions.size(); ++k)
        take(statistics.expressions[k], it->second.expressions[k]);
    }
    // A bound's values as the column's type prints them ('2024-01-01 00:00:00' for a
    // timestamp), and the key's expressions with the casts the server adds.
    if (declared.partition_of == server.partition_of && !server.partition_bound.empty())
      declared.partition_bound = server.partition_bound;
    if (!declared.partition_by.empty() && !server.partition_by.empty())
      declared.partition_by = server.partition_by;
  }

  // A domain's default and checks as the server stores them.
  void take(Domain& declared, const Domain& server) const {
    take(declared.default_value, server.default_value);
    for (auto& [name, constraint] : declared.constraints) {
      auto it = server.constraints.find(name);
      if (it != server.constraints.end()) take(constraint.expression, it->second.expression);
    }
  }

  // A parameter's default as the server stores it; a string body is kept verbatim by the
  // server, a SQL-standard one as pg_get_functiondef prints it (casts and column names added).
  void take(Function& declared, const Function& server) const {
    if (declared.sql_standard_body && server.sql_standard_body)
      declared.body = with_real_names(server.body, moved_, true);
    // An aggregate's support functions as the server resolved the names the files wrote.
    if (declared.aggregate && server.aggregate) declared.aggregate = server.aggregate;
    if (declared.parameters.size() != server.parameters.size()) return;
    for (size_t k = 0; k < declared.parameters.size(); ++k)
      take(declared.parameters[k].default_value, server.parameters[k].default_value);
  }

 private:
  const MovedSchemas& moved_;
};

}  // namespace

Schema normalize_with_server(db::Connection& connection, const Schema& declared) {
  if (!connection.is_idle()) {
    throw Error(ErrorKind::Usage, "normalize_with_server needs a connection outside a transaction");
  }
  InspectOptions options;
  options.schema_filter = {"public"};
  for (const auto& [name, ns] : declared.namespaces) options.schema_filter.push_back(name);
  options.migrations_schema.clear();
  options.migrations_table.clear();
  options.dependencies = false;  // the rendering is the declared side: no plan reads its graph
  Schema rendered;
  MovedSchemas moved;
  try {
    // Everything created here is rolled back: the server only renders it.
    db::Transaction transaction(connection);
    moved = make_room(connection, declared);
    create_all(connection, creatable(connection, declared));
    // Read inside this transaction, with its search_path pinned as for any inspection.
    rendered = inspect_database(connection, options);
    transaction.rollback();
  } catch (const db::DatabaseError& error) {
    throw Error(error.sqlstate().starts_with("08") ? ErrorKind::Connection : ErrorKind::Failure,
                fmt::format("cannot normalise the declared schema on the server: {}", error.what()),
                error.where(),
                "the role needs to own the schemas it declares (they are renamed inside a "
                "transaction that is rolled back)");
  }
  Schema result = declared;
  ServerSpelling spelling(moved);
  for (auto& [name, table] : result.tables) {
    auto it = rendered.tables.find(name);
    if (it != rendered.tables.end()) spelling.take(table, it->second);
  }
  for (auto& [name, view] : result.views) {
    auto it = rendered.views.find(name);
    if (it == rendered.views.end()) continue;
    spelling.take(view.query, it->second.query);
    spelling.take(view.rules, it->second.rules);
    spelling.take(view.indexes, it->second.indexes);
    view.column_names = it->second.column_names;  // the catalog keeps them in the query
  }
  for (auto& [key, function] : result.functions) {
    auto it = rendered.functions.find(key);
    if (it != rendered.functions.end()) spelling.take(function, it->second);
  }
  for (auto& [name, domain] : result.domains) {
    auto it = rendered.domains.find(name);
    if (it != rendered.domains.end()) spelling.take(domain, it->second);
  }
  return result;
}

}  // namespace sleet
