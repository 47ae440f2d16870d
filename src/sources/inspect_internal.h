// Internal: the database inspector's catalog queries and the steps that turn their rows
// into a Schema (inspect_queries.cpp, inspect_database.cpp, inspect_tables.cpp,
// inspect_types.cpp).
#pragma once

#include <functional>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sleet/db.h"
#include "sleet/inspect.h"
#include "sleet/model.h"

namespace sleet::sources {

// The bulk catalog queries, written for one server version. Every query but `namespaces`
// and `roles` takes $1: the selected schema names as a text[] literal.
struct CatalogQueries {
  std::string namespaces;
  std::string extensions;
  std::string collations;
  std::string enums;
  std::string domains;
  std::string composite_types;
  std::string range_types;
  std::string sequences;
  std::string relations;
  std::string columns;
  std::string constraints;
  std::string indexes;
  std::string policies;
  std::string functions;
  std::string triggers;
  std::string rules;
  std::string statistics;      // extended statistics on tables of $1's schemas
  std::string event_triggers;  // database wide: those whose function is in $1's schemas
  std::string roles;
};

// The queries for a server whose version number is `server_version` (e.g. 150004). Every
// difference between PostgreSQL versions the inspector knows of is decided here. Throws
// sleet::Error (Failure) for servers older than 13.
CatalogQueries catalog_queries(int server_version);

// Runs the catalog queries and hands out their results; reports each statement to the
// options' on_query hook and turns server errors into clear sleet::Errors.
class CatalogReader {
 public:
  CatalogReader(db::Connection& connection, const InspectOptions& options)
      : connection_(connection), options_(options) {}

  // `sql` with `schemas` bound to $1 (when given).
  db::Result run(const std::string& sql, const std::string& what,
                 const std::vector<std::string>* schemas = nullptr);
  // A statement without parameters (BEGIN, SET, COMMIT).
  void execute(const std::string& sql);

  // One catalog query of a pipeline and what reads its result.
  struct Step {
    std::string sql;
    std::string what;   // for errors: "columns", "indexes", ...
    bool with_schemas;  // $1 is the schemas' names
    std::function<void(const db::Result&)> read;
  };
  // Sends every step's query at once and reads each result as it arrives, in order, while
  // the server runs the next (db::Connection::pipeline): the catalog read no longer waits
  // for the client between queries.
  void run_pipelined(const std::vector<Step>& steps, const std::vector<std::string>& schemas);

 private:
  db::Connection& connection_;
  const InspectOptions& options_;
};

// inspect_privileges.cpp: the four privilege queries as steps adding to `schema.grants`
// (`options` and `schema` must outlive the steps); once they ran,
// add_revoked_public_defaults adds the revocations of PUBLIC's default privileges they saw.
struct PrivilegeRows {
  std::set<Grant> objects;          // functions and types seen, as PUBLIC's default Grant
  std::set<Grant> public_defaults;  // those on which PUBLIC holds it
};
std::shared_ptr<PrivilegeRows> add_privilege_steps(std::vector<CatalogReader::Step>& steps,
                                                   const InspectOptions& options, Schema& schema);
void add_revoked_public_defaults(const PrivilegeRows& rows, Schema& schema);

// inspect_dependencies.cpp: the dependency graph's one query ($1: the schemas) and what
// reads its rows into `schema.dependencies`.
std::string dependencies_query();
void read_dependencies(const db::Result& result, Schema& schema);
// SQL giving the pg_proc row `proc`'s key as Function::signature() spells it: built-in types
// as format_type prints them, others schema-qualified, arrays with [].
std::string function_signature_sql(const char* proc);

// A column of a result row by name; "" for NULL.
struct Row {
  const db::Result& result;
  int row;
  std::string text(const char* column) const;
  std::optional<std::string> optional(const char* column) const;
  bool flag(const char* column) const;  // a boolean column ('t')
  int64_t integer(const char* column) const;
  nlohmann::json json(const char* column) const;  // null for NULL
};

// "key=value" reloptions (a JSON array or null) as a map.
std::map<std::string, std::string> storage_options(const nlohmann::json& options);
// pg_class.relreplident ("d", "f", "n", "i") and pg_attribute.attstorage ("p", "e", "x", "m")
// as the model names them.
std::string replica_identity_name(const std::string& code);
std::string storage_mode_name(const std::string& code);

// Whether `name` matches the glob `pattern` (* and ?).
bool glob_matches(const std::string& pattern, const std::string& name);

// What inspect_tables.cpp fills: tables with columns, constraints, indexes and policies.
// `relations` holds the relation rows (tables only are used); `sequences` the identity
// sequences by owning "oid:attnum"; tables are keyed by oid.
struct TableRows {
  std::map<std::string, QualifiedName> table_names;  // oid -> name, tables kept by the filters
  std::map<std::string, QualifiedName> matview_names;  // oid -> name, for their indexes
  std::map<std::string, Identity> identities;        // "attrelid:attnum" -> identity
  // EXCLUDE constraints as pg_get_constraintdef prints them, read back by the schema parser
  // once the tables are in (ALTER TABLE ... ADD CONSTRAINT ...), with their comments.
  struct Exclusion {
    QualifiedName table;
    std::string name;
    std::string definition;
    std::optional<std::string> comment;
  };
  std::vector<Exclusion> exclusions;
  // Partitioning as the catalog prints it (pg_get_partkeydef; the parent's oid and
  // pg_get_expr of relpartbound), read back by the schema parser (inspect_partitions.cpp).
  struct Partitioning {
    QualifiedName table;
    std::string key;         // empty when the table is not partitioned
    std::string parent_oid;  // empty when the table is not a partition
    std::string bound;
  };
  std::vector<Partitioning> partitioning;
};

struct CatalogDefinition;
// inspect_partitions.cpp: the partition keys and bounds of `rows` as statements for
// read_catalog_definitions (CREATE TABLE ... PARTITION BY, ALTER TABLE ... ATTACH PARTITION),
// keys first. A partition whose parent the filters leave out is dropped from `schema`.
void add_partition_definitions(const TableRows& rows, Schema& schema,
                               std::vector<CatalogDefinition>& definitions);
// The steps that read the tables' columns, constraints, indexes and policies into `schema`
// (after the relations and sequences have filled `rows`).
void add_table_steps(std::vector<CatalogReader::Step>& steps, const CatalogQueries& queries,
                     TableRows& rows, Schema& schema);

// The type a row names in the columns type_name (format_type of the element type), typtype,
// type_schema and typname (of the element type), is_array and attndims: built-in types by
// their format_type() spelling, enums and domains by schema and name, extension types bare.
TypeName catalog_type(const Row& row);

// inspect_types.cpp: domains, with their defaults and checks, from the `domains` query.
void read_domains(const db::Result& result, Schema& schema);
// inspect_types.cpp: composite types (one row per attribute) and range types.
void read_composite_types(const db::Result& result, Schema& schema);
void read_range_types(const db::Result& result, Schema& schema);

// Reads the schema in the current transaction, with the search_path as it is set.
Schema inspect_in_transaction(db::Connection& connection, const InspectOptions& options);
// The dependency graph alone, in the caller's transaction (inspect_dependency_graph).
DependencyGraph inspect_dependencies_in_transaction(db::Connection& connection,
                                                    const InspectOptions& options);

}  // namespace sleet::sources
