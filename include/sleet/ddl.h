// Rendering of model objects as PostgreSQL DDL: identifiers always quoted, options printed
// only where they differ from PostgreSQL's defaults, so parsing the output gives back an
// equal model. Expressions are printed as written (Expression::written: a declared DEFAULT '0'
// stays '0', which the server stores differently from 0); index key expressions and view
// bodies in their canonical form.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "sleet/model.h"

namespace sleet::ddl {

// "schema"."name" (always qualified, also for public).
std::string qualified(const QualifiedName& name);

// One column as it appears inside CREATE TABLE / ADD COLUMN, e.g. "id" bigint NOT NULL.
std::string column_definition(const QualifiedName& table, const Column& column);

// "GENERATED {ALWAYS|BY DEFAULT} AS IDENTITY [(options)]" for a column with an identity;
// only options that differ from PostgreSQL's defaults are printed.
std::string identity_clause(const QualifiedName& table, const Column& column);

// Table constraints as they appear in CREATE TABLE or after ALTER TABLE ... ADD:
// CONSTRAINT "name" PRIMARY KEY (...) / UNIQUE (...) / CHECK (...).
std::string primary_key_clause(const PrimaryKey& key);
std::string unique_clause(const UniqueConstraint& unique);
// A check that is not valid ends in NOT VALID, which only ALTER TABLE ... ADD honours: CREATE
// TABLE leaves such checks out (`create_table`) for an ALTER TABLE after it.
std::string check_clause(const CheckConstraint& check);
// CONSTRAINT "name" EXCLUDE USING method (key WITH op, ...) [INCLUDE] [WITH] [WHERE] [DEFERRABLE].
std::string exclusion_clause(const ExclusionConstraint& exclusion);
// "fillfactor=70, autovacuum_enabled=false": storage parameters as WITH (...) and SET (...) list
// them.
std::string storage_parameters(const std::map<std::string, std::string>& parameters);

// Individual statements, without a trailing semicolon.
std::string create_namespace(const Namespace& ns);
std::string create_extension(const Extension& extension);
std::string create_enum(const Enum& type);
std::string create_sequence(const Sequence& sequence);
// CREATE DOMAIN with its collation, default, NOT NULL and CHECK constraints (name order).
std::string create_domain(const Domain& domain);
// CONSTRAINT "name" CHECK (...), as CREATE DOMAIN and ALTER DOMAIN ... ADD write it.
std::string domain_check_clause(const DomainConstraint& constraint);
// "name" type [COLLATE "c"], as CREATE TYPE ... AS (...) lists an attribute.
std::string composite_attribute_definition(const CompositeAttribute& attribute);
// CREATE TYPE ... AS (attributes).
std::string create_composite_type(const CompositeType& type);
// CREATE TYPE ... AS RANGE (SUBTYPE = ..., and the options that are set).
std::string create_range_type(const RangeType& range);
// Whether `range`'s CANONICAL or SUBTYPE_DIFF function is one of `schema`'s functions: the range
// is then created after the functions (those that need no table).
bool range_needs_functions(const RangeType& range, const Schema& schema);
std::string create_role(const Role& role);
// CREATE COLLATION with its provider, locale (LC_COLLATE and LC_CTYPE when they differ) and
// DETERMINISTIC = false when it is not.
std::string create_collation(const Collation& collation);
// A collation named by a column, domain, attribute or index key ("case_insensitive", or
// "auth.case_insensitive" for one of another schema than public) as COLLATE writes it: each part
// quoted.
std::string collation_reference(const std::string& collation);
// CREATE [UNLOGGED] TABLE with columns, primary key, unique, check and exclusion constraints (not
// foreign keys) and WITH (storage parameters).
std::string create_table(const Table& table);
// A partition's CREATE TABLE ... PARTITION OF parent [(its own constraints)] FOR VALUES ...
// [PARTITION BY ...] (ddl_partitions.cpp); create_table writes it for a partition.
std::string create_partition(const Table& table, const std::vector<std::string>& constraints);
// ALTER TABLE parent DETACH PARTITION p, and ATTACH PARTITION p with its bound.
std::string detach_partition(const QualifiedName& parent, const QualifiedName& partition);
std::string attach_partition(const QualifiedName& parent, const Table& partition);
// INHERITS (parent, ...) of a CREATE TABLE; ALTER TABLE child INHERIT parent, and NO INHERIT
// (ddl_inheritance.cpp).
std::string inherits_clause(const std::vector<QualifiedName>& parents);
std::string inherit_table(const QualifiedName& child, const QualifiedName& parent);
std::string no_inherit_table(const QualifiedName& child, const QualifiedName& parent);
// Column and table settings (ddl_table_settings.cpp): ALTER TABLE t ALTER COLUMN c SET
// STATISTICS n, SET STORAGE mode, SET COMPRESSION method (an empty one: DEFAULT), and SET (...)
// of its attribute options; REPLICA IDENTITY ...; CLUSTER ON index or SET WITHOUT CLUSTER.
std::string set_column_statistics(const QualifiedName& table, const Column& column);
// SET STORAGE of `column`'s mode, or of `type_storage` (default_storage) when it has none.
std::string set_column_storage(const QualifiedName& table, const Column& column,
                               const std::string& type_storage);
std::string set_column_compression(const QualifiedName& table, const Column& column);
std::string set_column_options(const QualifiedName& table, const std::string& column,
                               const std::map<std::string, std::string>& options);
std::string reset_column_options(const QualifiedName& table, const std::string& column,
                                 const std::vector<std::string>& names);
std::string set_replica_identity(const Table& table);
std::string set_cluster_on(const Table& table);
// What create_table leaves out of a table's settings: the statements setting each column's
// statistics, storage, compression and options, and the table's replica identity and CLUSTER
// ON, in that order (they name indexes: after the table's indexes).
std::vector<std::string> table_settings_statements(const Table& table);
// ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY, ending in NOT VALID for a key not valid.
std::string add_foreign_key(const QualifiedName& table, const ForeignKey& key);
std::string create_index(const QualifiedName& table, const Index& index);
std::string create_view(const View& view);
std::string create_policy(const QualifiedName& table, const Policy& policy);
// CREATE [OR REPLACE] FUNCTION (or PROCEDURE), the body dollar-quoted verbatim; for an
// aggregate, create_aggregate.
std::string create_function(const Function& function, bool or_replace = false);
// CREATE [OR REPLACE] AGGREGATE "schema"."name"(arguments) (SFUNC = ..., ...), the options
// other than the server's defaults. `function.aggregate` must be set.
std::string create_aggregate(const Function& function, bool or_replace = false);
// DROP FUNCTION (or PROCEDURE, or AGGREGATE) "schema"."name"(input types).
std::string drop_function(const Function& function);
// What COMMENT ON and DROP name `function` as: FUNCTION|PROCEDURE|AGGREGATE
// "schema"."name"(types), an aggregate without arguments as (*).
std::string routine_comment_target(const Function& function);
std::string create_trigger(const QualifiedName& table, const Trigger& trigger);
// CREATE STATISTICS "schema"."name" [(kinds)] ON columns, (expressions) FROM `table`, without
// its target or comment; statistics_statements adds ALTER STATISTICS ... SET STATISTICS when the
// target is not the default, then COMMENT ON STATISTICS when it has one.
std::string create_statistics(const QualifiedName& table, const Statistics& statistics);
std::string alter_statistics_target(const Statistics& statistics);
std::vector<std::string> statistics_statements(const QualifiedName& table,
                                               const Statistics& statistics);
// CREATE [OR REPLACE] RULE on `relation` (a table or view), without its comment.
std::string create_rule(const QualifiedName& relation, const RewriteRule& rule,
                        bool or_replace = false);
// CREATE EVENT TRIGGER, without its enabled state or comment (event_trigger_statements adds
// them).
std::string create_event_trigger(const EventTrigger& trigger);
// ALTER EVENT TRIGGER name ENABLE|DISABLE|ENABLE REPLICA|ENABLE ALWAYS.
std::string alter_event_trigger(const EventTrigger& trigger);
// Every statement that makes `trigger`: CREATE, then ALTER when not plainly enabled, then
// COMMENT when it has one.
std::vector<std::string> event_trigger_statements(const EventTrigger& trigger);
// Whether creating `function` needs the tables and views of `schema` to exist first: a
// parameter or result of a table's row type, or a SQL body (checked when created) reading
// one. Other functions are created before tables, so defaults and checks may call them.
bool function_needs_relations(const Function& function, const Schema& schema);
// The functions the tables of `schema` call in their columns' defaults and generated
// expressions and in their checks, as (schema as written, possibly empty; name).
std::set<std::pair<std::string, std::string>> functions_called_by_tables(const Schema& schema);
// Whether `function` needs the tables only for its SQL body (function_needs_relations, but no
// parameter or result of a table's or view's row type) while a table calls it (`called`:
// functions_called_by_tables): then it is created before the tables with its body unchecked
// (`SET LOCAL check_function_bodies = off` first, as pg_dump loads every function), so the
// table's default or check can call it (LedgerSMB's person__get_my_entity_id() reads `users`
// and is the default of columns of other tables).
bool function_created_unchecked(const Function& function, const Schema& schema,
                                const std::set<std::pair<std::string, std::string>>& called);

// GRANT `grant`'s privilege [WITH GRANT OPTION], and REVOKE [GRANT OPTION FOR] it, on the
// object as `schema` holds it (a function's argument types come from it; a function `schema`
// does not hold is named by its key). PUBLIC's revoked default is revoke_privilege.
std::string grant_privilege(const Grant& grant, bool grant_option, const Schema& schema);
std::string revoke_privilege(const Grant& grant, bool grant_option_only, const Schema& schema);

// ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT `privilege`'s privilege ... [WITH
// GRANT OPTION], and its REVOKE [GRANT OPTION FOR]; no FOR ROLE for the migrating role.
std::string grant_default_privilege(const DefaultPrivilege& privilege, bool grant_option);
std::string revoke_default_privilege(const DefaultPrivilege& privilege, bool grant_option_only);

// `schema`'s default privileges, then every object's privileges: the grants it holds, and the
// revocation of what the default privileges of the role running the migrations would give it
// (schema files apply those to every object they create) but it lacks. Run after the objects
// exist, the statements leave the catalog as `schema` says; parsed, they give it back.
std::vector<std::string> privilege_statements(const Schema& schema);

// Every statement that creates `schema` from nothing, ordered so each one is valid when it
// runs: roles, schemas, extensions, enums, domains, composite and range types (by dependency
// depth), sequences, functions (those not needing tables), ranges over those functions, tables, the
// other functions, sequence ownership, foreign keys, indexes, row level security, views
// (dependencies first), triggers, policies, comments, privileges.
std::vector<std::string> create_statements(const Schema& schema);

// The statements joined as a script: each followed by ";" and separated by a blank line.
std::string create_script(const Schema& schema);

}  // namespace sleet::ddl
