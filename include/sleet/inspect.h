// Reading a live database into a Schema (the third source beside schema files and
// snapshots), and letting the server normalise a declared schema's expressions.
// docs/inspect.md describes what is read and how it is normalised.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sleet/db.h"
#include "sleet/model.h"

namespace sleet {

struct InspectOptions {
  // PostgreSQL schemas to read, as names or globs (* and ?). Schemas that do not exist are
  // skipped. pg_catalog, information_schema and pg_toast are never read.
  std::vector<std::string> schema_filter{"public"};
  // Table (and view) name globs; empty means every table. A glob with a dot
  // ("auth.*") matches "schema.name", otherwise the bare name. A glob after "!" leaves out
  // what it matches ("!langchain_pg_*"); with only such globs, every other table is selected.
  std::vector<std::string> tables_filter;
  // Role name globs to report in Schema::roles; empty reports no roles. Roles are
  // cluster-wide, so a schema declares only the roles it creates.
  std::vector<std::string> roles;
  // Role name globs whose privileges are reported in Schema::grants, besides those of
  // `roles`; the owner's own privileges and PUBLIC's are never reported, except a default
  // of PUBLIC's that was revoked (docs/inspect.md).
  std::vector<std::string> grantees;
  // The migration tracking table, never reported (nor its sequence, nor its schema when that
  // schema holds nothing else).
  std::string migrations_schema = "drizzle";
  std::string migrations_table = "__drizzle_migrations";
  // sleet's history table beside it (same schema), never reported either.
  std::string history_table = "__sleet_migrations_history";
  // Whether to read the catalog's dependency graph (Schema::dependencies, one more query);
  // the plan orders drops and re-creations around functions by it.
  bool dependencies = true;
  // Called with the text of every statement the inspector sends, e.g. to count round trips.
  std::function<void(std::string_view sql)> on_query;
};

// Whether `options` selects the PostgreSQL schema `schema` (schema_filter), and the table or
// view `name` (tables_filter; never the tracking table). inspect_database reads exactly what
// both select.
bool schema_selected(const InspectOptions& options, const std::string& schema);
bool table_selected(const InspectOptions& options, const QualifiedName& name);

// Removes from `schema` what inspect_database never reports: the tracking tables `options`
// names, and their schema when nothing else is left in it. For a schema read from a file a
// database was dumped into (pg_dump of a migrated database holds drizzle's tracking table).
// Returns the tables removed.
std::vector<QualifiedName> remove_tracking_tables(Schema& schema, const InspectOptions& options);

// Reads the objects of the selected schemas in a fixed number of bulk catalog queries (the
// count does not depend on how many tables there are), inside one read-only transaction when
// `connection` is idle. Expressions are read as the catalog prints them and normalised with
// sleet::normalize::normalize_schema, so a database loaded from schema files X inspects equal
// to normalize_schema(parse(X)) wherever the offline rules suffice, and always equal to
// normalize_schema(normalize_with_server(connection, parse(X))) (push.h). Supports PostgreSQL 13 to 17.
// EXCLUDE constraints, which the model cannot hold, are left out. Throws sleet::Error
// (Failure) naming the schema on a permission error, and (Connection) when the connection is
// lost.
Schema inspect_database(db::Connection& connection, const InspectOptions& options = {});

// The catalog's dependency graph alone, as inspect_database reads it into Schema::dependencies
// when options.dependencies is set, for a caller that inspected without it and then finds it
// needs it (compare_with_database reads it only when the database and the declared schema
// differ: a comparison that finds nothing has no use for it).
DependencyGraph inspect_dependency_graph(db::Connection& connection,
                                         const InspectOptions& options = {});

}  // namespace sleet
