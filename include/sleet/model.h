// The schema model: plain values describing a PostgreSQL schema. No I/O, no parser.
//
// Every source (SQL files, drizzle-kit snapshots, a live database) produces a Schema; diff,
// plan, export and the snapshot writer consume one. Containers are sorted maps keyed by
// name, so iteration order (and every output derived from it) is deterministic. Columns
// keep their declared order, which PostgreSQL also keeps.
//
// Canonical forms: type names are spelled as PostgreSQL's format_type() prints them
// ("integer", "character varying(32)", "timestamp(3) with time zone"); expressions carry
// both the text as written and a canonical text produced by libpg_query's deparser, and
// compare by the canonical text only.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sleet/privileges.h"

namespace sleet {

// A schema-qualified object name. `schema` is never empty ("public" by default).
struct QualifiedName {
  std::string schema = "public";
  std::string name;

  auto operator<=>(const QualifiedName&) const = default;
  // "schema.name", unquoted; for messages and map keys in snapshots.
  // "schema.name", or the one part that is set (a schema: "auth"; a role: "app_user").
  std::string display() const {
    if (schema.empty()) return name;
    if (name.empty()) return schema;
    return schema + "." + name;
  }
};

// An SQL expression (default, check, index expression, predicate, generated column,
// policy qualifier, view query). `text` is the spelling as written (kept so a drizzle-kit
// snapshot can be written back byte for byte); `canonical` is what comparisons use.
struct Expression {
  std::string text;
  std::string canonical;

  bool operator==(const Expression& other) const { return canonical == other.canonical; }
  // What DDL prints: the text as written when there is one, so that a declared DEFAULT '0'
  // is created as '0' (stored '0'::numeric), not as the canonical 0; else the canonical text.
  const std::string& written() const { return text.empty() ? canonical : text; }
};

// A column or sequence type. `name` is the canonical spelling without array brackets
// ("numeric(10,2)", "character varying(32)"); `schema` is set only for user-defined types
// (enums), and is then the type's schema; `array_dimensions` counts the [] suffixes.
struct TypeName {
  std::string name;
  std::string schema;
  int array_dimensions = 0;

  bool operator==(const TypeName&) const = default;
  bool is_user_defined() const { return !schema.empty(); }
  // The full SQL spelling: quoted "schema"."name" for user types, then [] per dimension.
  std::string sql() const;
};

// Sequence options with PostgreSQL's defaults already applied, so two spellings of the
// same sequence compare equal.
struct SequenceOptions {
  std::string data_type = "bigint";  // smallint, integer or bigint
  int64_t increment = 1;
  int64_t min_value = 1;
  int64_t max_value = INT64_MAX;
  int64_t start = 1;
  int64_t cache = 1;
  bool cycle = false;

  bool operator==(const SequenceOptions&) const = default;
  // The options PostgreSQL gives a sequence of `data_type` when only `increment` (and
  // nothing else) is specified.
  static SequenceOptions defaults_for(const std::string& data_type, int64_t increment = 1);
};

struct Namespace {
  std::string name;
  std::optional<std::string> comment;

  bool operator==(const Namespace&) const = default;
};

struct Extension {
  std::string name;
  std::string schema;   // empty: the extension's default
  std::string version;  // empty: the default version

  bool operator==(const Extension&) const = default;
};

struct Enum {
  QualifiedName name;
  std::vector<std::string> values;  // order is significant
  std::optional<std::string> comment;

  bool operator==(const Enum&) const = default;
};

struct Sequence {
  QualifiedName name;
  SequenceOptions options;
  // "table.column" in the sequence's schema when the sequence is OWNED BY a column.
  std::optional<std::string> owned_by;
  std::optional<std::string> comment;

  bool operator==(const Sequence&) const = default;
};

struct Identity {
  enum class Kind { Always, ByDefault };
  Kind kind = Kind::ByDefault;
  QualifiedName sequence;  // PostgreSQL's default: <table>_<column>_seq in the table's schema
  SequenceOptions options;

  bool operator==(const Identity&) const = default;
};

// How a serial pseudo-type was declared; the column's type holds the real integer type.
enum class Serial { None, SmallSerial, Serial, BigSerial };

struct Column {
  std::string name;
  TypeName type;
  bool not_null = false;
  std::optional<Expression> default_value;
  std::optional<Expression> generated;  // GENERATED ALWAYS AS (expr) STORED
  std::optional<Identity> identity;
  Serial serial = Serial::None;  // serial columns imply a sequence and a nextval() default
  // A serial column's sequence when a database holds it under another name than
  // <table>_<column>_seq (drizzle-kit renamed the table and kept <old_table>_<column>_seq).
  // Only inspection sets it; equality ignores it, as the server's own choice of name.
  std::optional<QualifiedName> serial_sequence_name;
  std::string collation;  // empty: the type's default
  std::optional<std::string> comment;
  // Per-column settings pg_dump writes as ALTER TABLE ... ALTER COLUMN: SET STATISTICS
  // (attstattarget; -1 is the server's default target), SET STORAGE (attstorage; empty: the
  // type's own typstorage, so only a different mode is held: "plain", "external", "extended"
  // or "main"), COMPRESSION (attcompression; empty: default_toast_compression; "pglz" or
  // "lz4") and SET (attribute options: n_distinct, n_distinct_inherited).
  int statistics = -1;
  std::string storage;
  std::string compression;
  std::map<std::string, std::string> options;

  bool operator==(const Column& other) const;
};

struct PrimaryKey {
  std::string name;
  std::vector<std::string> columns;
  std::optional<std::string> comment;
  // The source gave no name (a drizzle-kit snapshot's column-level `primaryKey: true`): `name`
  // is the server's default <table>_pkey, a guess (a table renamed by drizzle-kit keeps
  // <old_table>_pkey), so the diff pairs such a key with the other side's by its columns.
  bool unnamed = false;
  // DEFERRABLE [INITIALLY DEFERRED]: drizzle-kit's rows have no field for it (sleet's member
  // carries it). Changing it means dropping and adding the key: ALTER CONSTRAINT can't.
  bool deferrable = false;
  bool initially_deferred = false;

  // Equality ignores `unnamed`: it says where the name came from, not what the key is.
  bool operator==(const PrimaryKey& other) const;
};

struct ForeignKey {
  std::string name;
  std::vector<std::string> columns;
  QualifiedName references;
  std::vector<std::string> referenced_columns;  // empty in SQL means the referenced PK
  std::string on_delete = "no action";          // lower case, as drizzle-kit writes it
  std::string on_update = "no action";
  std::string match = "simple";  // simple, full or partial
  bool deferrable = false;
  bool initially_deferred = false;
  std::optional<std::string> comment;
  // False for a key added NOT VALID and not validated yet: existing rows are unchecked.
  bool valid = true;

  bool operator==(const ForeignKey&) const = default;
};

struct UniqueConstraint {
  std::string name;
  std::vector<std::string> columns;
  bool nulls_not_distinct = false;
  bool deferrable = false;
  bool initially_deferred = false;
  std::optional<std::string> comment;

  bool operator==(const UniqueConstraint&) const = default;
};

struct CheckConstraint {
  std::string name;
  Expression expression;
  bool no_inherit = false;
  std::optional<std::string> comment;
  // False for a check added NOT VALID and not validated yet: existing rows are unchecked.
  bool valid = true;

  bool operator==(const CheckConstraint&) const = default;
};

// One key of an index: a column or an expression, with its ordering options.
struct IndexElement {
  std::string column;                   // empty when `expression` is set
  std::optional<Expression> expression;
  std::string opclass;                  // empty: the type's default operator class
  std::string collation;
  bool descending = false;
  bool nulls_first = false;  // resolved: PostgreSQL's default is NULLS FIRST only for DESC

  bool operator==(const IndexElement&) const = default;
};

// EXCLUDE USING method (element WITH operator, ...) [INCLUDE (...)] [WITH (...)] [WHERE (...)]:
// `elements` and `operators` pair up. Its index has the constraint's name. A changed one is
// dropped and added again.
struct ExclusionConstraint {
  std::string name;
  std::string method = "gist";
  std::vector<IndexElement> elements;
  std::vector<std::string> operators;  // as written without OPERATOR(): "=", "&&"
  std::vector<std::string> include;
  std::optional<Expression> where;
  std::map<std::string, std::string> with;
  bool deferrable = false;
  bool initially_deferred = false;
  std::optional<std::string> comment;

  bool operator==(const ExclusionConstraint&) const = default;
};

struct Index {
  std::string name;
  bool unique = false;
  std::string method = "btree";
  std::vector<IndexElement> elements;
  std::vector<std::string> include;
  std::optional<Expression> where;
  std::map<std::string, std::string> with;  // storage parameters
  bool nulls_not_distinct = false;
  bool concurrently = false;  // how it is to be created; not a property of the index
  std::optional<std::string> comment;
  // False only for an index read from a database that the server marks invalid (a CREATE
  // INDEX CONCURRENTLY that failed leaves one): it differs from the declared index, so push
  // rebuilds it and drift reports it. Files and snapshots only hold valid indexes.
  bool valid = true;

  // Equality ignores `concurrently`: it does not change what the index is. Boolean storage
  // parameters (fastupdate, autosummarize, deduplicate_items) compare by meaning: off = false.
  bool operator==(const Index& other) const;
};

struct Policy {
  std::string name;
  bool permissive = true;                    // AS PERMISSIVE / AS RESTRICTIVE
  std::string command = "ALL";               // ALL, SELECT, INSERT, UPDATE or DELETE
  std::vector<std::string> roles{"public"};  // TO ...
  std::optional<Expression> using_expression;
  std::optional<Expression> with_check;
  std::optional<std::string> comment;

  bool operator==(const Policy&) const = default;
};

// A trigger on a table. `function` names the trigger function (schema and plain name; a
// trigger function takes no declared arguments); `arguments` are the literal strings in
// EXECUTE FUNCTION f('a', 'b').
struct Trigger {
  std::string name;
  std::string timing = "BEFORE";            // BEFORE, AFTER or INSTEAD OF
  std::vector<std::string> events;          // in the order INSERT, UPDATE, DELETE, TRUNCATE
  std::vector<std::string> update_columns;  // UPDATE OF a, b (as written; the server keeps order)
  bool for_each_row = false;
  std::optional<Expression> when;
  QualifiedName function;
  std::vector<std::string> arguments;
  bool constraint = false;  // CREATE CONSTRAINT TRIGGER
  bool deferrable = false;
  bool initially_deferred = false;
  std::string old_table;  // REFERENCING OLD TABLE AS ...; empty when none
  std::string new_table;
  std::optional<std::string> comment;

  bool operator==(const Trigger&) const = default;
};

// CREATE STATISTICS name [(kinds)] ON columns, (expressions) FROM table: extended statistics,
// held by the table it is on (pg_statistic_ext.stxrelid) but named in a schema of its own
// (stxnamespace, often the table's). `kinds` holds what was asked for among "ndistinct",
// "dependencies" and "mcv" in that order, and is empty when it is all three (what the server
// builds when none is named; a lone expression builds only its expression statistics).
// `columns` are in the table's column order (the server keeps them by attribute number);
// `expressions` follow as written. `target` is ALTER STATISTICS ... SET STATISTICS (-1: the
// default). A changed definition is dropped and created; the target alone is altered.
struct Statistics {
  QualifiedName name;
  std::vector<std::string> kinds;
  std::vector<std::string> columns;
  std::vector<Expression> expressions;
  int target = -1;
  std::optional<std::string> comment;

  bool operator==(const Statistics&) const = default;
};

// CREATE RULE name AS ON event TO relation [WHERE condition] DO [ALSO | INSTEAD] actions, held
// by its table or view (never a view's own _RETURN rule). `where` and each action are
// libpg_query's canonical text; the catalog's pg_get_ruledef is read back through the same
// parser, so a declared rule and an inspected one compare equal once the server has rendered
// both (push normalises declared rules on the server, as it does view bodies).
struct RewriteRule {
  std::string name;
  std::string event = "SELECT";  // SELECT, INSERT, UPDATE or DELETE
  bool instead = false;          // DO INSTEAD; DO ALSO when false
  std::optional<Expression> where;
  std::vector<Expression> actions;  // in order; empty: DO ... NOTHING
  std::optional<std::string> comment;

  bool operator==(const RewriteRule&) const = default;
};

struct Table {
  QualifiedName name;
  std::vector<Column> columns;  // declaration order
  std::optional<PrimaryKey> primary_key;
  std::map<std::string, ForeignKey> foreign_keys;
  std::map<std::string, UniqueConstraint> unique_constraints;
  std::map<std::string, CheckConstraint> check_constraints;
  std::map<std::string, ExclusionConstraint> exclusion_constraints;
  bool unlogged = false;                    // CREATE UNLOGGED TABLE
  std::map<std::string, std::string> with;  // storage parameters (reloptions): fillfactor, ...
  // PARTITION BY, as pg_get_partkeydef prints it ("RANGE (created_at)"); empty when the table
  // is not partitioned.
  std::string partition_by;
  // A partition: its parent, and its bound ("DEFAULT" or "FOR VALUES ...", every value a
  // quoted literal). A partition holds only what is its own: the columns, constraints and
  // indexes it inherits from the parent are the parent's alone.
  std::optional<QualifiedName> partition_of;
  std::string partition_bound;
  // INHERITS (parent, ...): the tables this one inherits from, in declaration order (the
  // order of pg_inherits.inhseqno). Like a partition, a child holds only what is its own: the
  // columns and CHECK constraints it inherits are its parents' alone; a column or check it
  // declares that a parent also has is its own too (the server merges the two: attislocal and
  // attinhcount, conislocal and coninhcount).
  std::vector<QualifiedName> inherits;
  std::map<std::string, Index> indexes;
  std::map<std::string, Policy> policies;
  std::map<std::string, Trigger> triggers;
  std::map<std::string, RewriteRule> rules;
  // Extended statistics on the table, keyed by their own schema and name.
  std::map<QualifiedName, Statistics> statistics;
  bool row_level_security = false;
  bool force_row_level_security = false;
  // REPLICA IDENTITY (relreplident): "default", "full", "nothing" or "index", the index then
  // named by `replica_identity_index` (an index, or a primary key or unique constraint's).
  std::string replica_identity = "default";
  std::string replica_identity_index;
  // CLUSTER ON: the index (or constraint's index) marked indisclustered; empty when none.
  std::string cluster_on;
  std::optional<std::string> comment;

  bool operator==(const Table&) const = default;
  const Column* find_column(const std::string& column_name) const;
  Column* find_column(const std::string& column_name);
};

struct View {
  QualifiedName name;
  Expression query;  // the SELECT (or VALUES) body
  bool materialized = false;
  std::vector<std::string> column_names;      // explicit (a, b) after the name; often empty
  std::map<std::string, std::string> with;    // reloptions: security_barrier, fillfactor, ...
  std::string check_option;                   // "", "local" or "cascaded"
  bool with_no_data = false;                  // materialized views only
  std::string access_method;                  // materialized views: USING method
  std::string tablespace;
  std::optional<std::string> comment;
  // Rules on the view other than its _RETURN rule (an updatable view through DO INSTEAD).
  // Not part of what the view is: the diff compares them apart and recreates them with it.
  std::map<std::string, RewriteRule> rules;
  // A materialized view's indexes (a unique one lets REFRESH ... CONCURRENTLY run), keyed by
  // name; always empty for a plain view. Compared apart from the view, like `rules`: a view
  // created again gets them back after it.
  std::map<std::string, Index> indexes;

  bool operator==(const View&) const = default;
};

// One parameter of a function. `mode` is "in", "out", "inout", "variadic" or "table" (a
// column of RETURNS TABLE). Types are spelled as format_type() prints them, without typmods
// (the server drops a parameter's typmod).
struct FunctionParameter {
  std::string mode = "in";
  std::string name;  // empty when unnamed
  TypeName type;
  std::optional<Expression> default_value;

  bool operator==(const FunctionParameter&) const = default;
  // Whether the parameter is part of the call signature (in, inout, variadic).
  bool is_input() const { return mode == "in" || mode == "inout" || mode == "variadic"; }
};

// What CREATE AGGREGATE says beyond a function's name and arguments (pg_aggregate). Support
// functions are named as resolved ("pg_catalog" for the server's own); an empty name: none.
// Unwritten options hold the server's defaults, so a declared aggregate and the catalog's
// compare equal. Ordered-set and hypothetical aggregates and SORTOP are not modelled.
struct Aggregate {
  QualifiedName state_function;            // SFUNC
  TypeName state_type;                     // STYPE
  int state_space = 0;                     // SSPACE; 0: the server estimates it
  QualifiedName final_function;            // FINALFUNC
  bool final_extra = false;                // FINALFUNC_EXTRA
  std::string final_modify = "read_only";  // FINALFUNC_MODIFY: read_only, shareable, read_write
  QualifiedName combine_function;          // COMBINEFUNC
  QualifiedName serial_function;           // SERIALFUNC
  QualifiedName deserial_function;         // DESERIALFUNC
  std::optional<std::string> initial_condition;  // INITCOND, the text the server keeps
  // The moving-aggregate mode (MSFUNC, MINVFUNC, MSTYPE, MSSPACE, MFINALFUNC, ...).
  QualifiedName moving_state_function;
  QualifiedName moving_inverse_function;
  TypeName moving_state_type;
  int moving_state_space = 0;
  QualifiedName moving_final_function;
  bool moving_final_extra = false;
  std::string moving_final_modify = "read_only";
  std::optional<std::string> moving_initial_condition;

  bool operator==(const Aggregate&) const = default;
  // Every support function named, in CREATE AGGREGATE's order, without the empty ones.
  std::vector<QualifiedName> support_functions() const;
};

// A function or procedure. Functions are keyed by their identity signature (name and input
// parameter types, `signature()`), as PostgreSQL tells overloads apart. Attributes hold the
// server's defaults when not written, so a declared function and the catalog's compare equal;
// `body` is the source text verbatim (the catalog's prosrc). SQL-standard bodies (BEGIN
// ATOMIC / RETURN) have a flag reserved for them; no source reads them yet.
struct Function {
  QualifiedName name;
  bool procedure = false;
  std::vector<FunctionParameter> parameters;  // declaration order, every mode
  TypeName returns;                           // empty name for a procedure
  bool returns_set = false;                   // SETOF or RETURNS TABLE
  std::string language = "sql";               // lower case
  std::string body;
  bool sql_standard_body = false;
  std::string volatility = "volatile";  // volatile, stable or immutable
  bool strict = false;                  // STRICT / RETURNS NULL ON NULL INPUT
  bool security_definer = false;
  bool leakproof = false;
  std::string parallel = "unsafe";  // unsafe, restricted or safe
  double cost = 100;                // 1 for C and internal, else 100, when not written
  double rows = 0;                  // 1000 for set-returning functions when not written
  std::vector<std::string> config;  // SET name = value, as proconfig: "search_path=public"
  std::optional<std::string> comment;
  // Set for an aggregate (pg_proc's kind 'a'): its parameters are the aggregated arguments,
  // `parallel` its PARALLEL option; `returns` stays empty (the server derives the result type
  // from the final function or the state type) and the other attributes keep their defaults.
  std::optional<Aggregate> aggregate;

  bool operator==(const Function&) const = default;
  // The identity signature: name(type, type) of the input parameters, unquoted, for map keys
  // and messages ("set_updated_at()", "add(integer, integer)").
  std::string signature() const;
  // The input parameter types as SQL, for DROP FUNCTION name(...): "integer, \"public\".\"mood\"".
  std::string signature_sql() const;
};

// A constraint of a domain: CHECK (expr), named as written or by the server (<domain>_check).
struct DomainConstraint {
  std::string name;
  Expression expression;
  // False for ALTER DOMAIN ... ADD CONSTRAINT ... NOT VALID not validated yet.
  bool valid = true;
  bool operator==(const DomainConstraint&) const = default;
};

// CREATE DOMAIN name AS type [DEFAULT ...] [NOT NULL] [CHECK ...].
struct Domain {
  QualifiedName name;
  TypeName base_type;
  std::optional<Expression> default_value;
  bool not_null = false;
  std::string collation;
  std::map<std::string, DomainConstraint> constraints;
  std::optional<std::string> comment;

  bool operator==(const Domain&) const = default;
};

// One attribute of a composite type: CREATE TYPE t AS (name type [COLLATE c]).
struct CompositeAttribute {
  std::string name;
  TypeName type;
  std::string collation;               // empty: the type's default
  std::optional<std::string> comment;  // COMMENT ON COLUMN type.attribute

  bool operator==(const CompositeAttribute&) const = default;
};

// CREATE TYPE name AS (attribute, ...): a standalone composite type (not a table's row type).
struct CompositeType {
  QualifiedName name;
  std::vector<CompositeAttribute> attributes;  // declaration order
  std::optional<std::string> comment;

  bool operator==(const CompositeType&) const = default;
};

// CREATE TYPE name AS RANGE (SUBTYPE = ..., ...). Options hold what was written, empty for the
// server's defaults; the multirange type the server creates with it belongs to the range.
struct RangeType {
  QualifiedName name;
  TypeName subtype;
  std::string subtype_opclass;  // empty: the subtype's default btree operator class
  std::string collation;        // empty: the subtype's default
  std::string canonical;        // function, schema.name; empty when none
  std::string subtype_diff;     // function, schema.name; empty when none
  std::string multirange_name;  // empty: the server's default (multirange_type_name())
  std::optional<std::string> comment;

  bool operator==(const RangeType&) const = default;
  // The multirange type's name (in the range's schema): multirange_name, else the server's
  // default: "range" in the name becomes "multirange" (floatrange: floatmultirange), or
  // "_multirange" is appended.
  std::string multirange_type_name() const;
};

// CREATE EVENT TRIGGER name ON event [WHEN TAG IN (...)] EXECUTE FUNCTION function(): database
// wide, in no schema. `tags` are upper case as the server stores them, in the order written.
struct EventTrigger {
  std::string name;
  std::string event;  // ddl_command_start, ddl_command_end, sql_drop or table_rewrite
  std::vector<std::string> tags;
  QualifiedName function;           // schema and plain name; it takes no arguments
  std::string enabled = "ENABLE";   // ENABLE, DISABLE, ENABLE REPLICA or ENABLE ALWAYS
  std::optional<std::string> comment;

  bool operator==(const EventTrigger&) const = default;
};

// CREATE COLLATION name (PROVIDER = icu | libc, LOCALE = ... | LC_COLLATE = ..., LC_CTYPE = ...,
// DETERMINISTIC = ...). CREATE COLLATION ... FROM other is held as what it copies. The version
// belongs to the collation library, not to the schema: it is neither held nor compared.
struct Collation {
  QualifiedName name;
  std::string provider = "libc";  // "libc" or "icu"
  std::string locale;             // icu: the ICU locale; empty for libc
  std::string lc_collate;         // libc: LC_COLLATE (LOCALE sets both); empty for icu
  std::string lc_ctype;
  bool deterministic = true;
  std::optional<std::string> comment;

  bool operator==(const Collation&) const = default;
  // Whether the two define the same collation (all but the name and the comment).
  bool same_definition(const Collation& other) const {
    return provider == other.provider && locale == other.locale &&
           lc_collate == other.lc_collate && lc_ctype == other.lc_ctype &&
           deterministic == other.deterministic;
  }
};

struct Role {
  std::string name;
  bool create_db = false;
  bool create_role = false;
  bool inherit = true;

  bool operator==(const Role&) const = default;
};

// The domains of `domains`, each after the domain it is based on (when that is among them).
std::vector<const Domain*> domains_in_dependency_order(
    const std::map<QualifiedName, Domain>& domains);

// The tables of `tables`, each partition after its parent and each inheriting table after the
// tables it inherits from (parse, DDL export and diff create them in this order; drops go the
// other way).
std::vector<const Table*> tables_in_partition_order(const std::map<QualifiedName, Table>& tables);
// The user-defined type a type names (an enum, domain, composite or range type of `schema`,
// arrays included), or nullopt for built-in and extension types.
std::optional<QualifiedName> user_type_of(const TypeName& type);

// A function's map key: its schema and signature().
QualifiedName function_key(const Function& function);

// One object of a database as sleet names it, an end of a catalog dependency edge.
struct ObjectId {
  enum class Kind {
    Table,             // a table (or partition)
    Column,            // `member`: the column of table or view `name`
    View,              // a view or materialized view
    Sequence,
    Function,          // `name`: schema and Function::signature(), as Schema::functions keys it
    Type,              // an enum, domain, composite or range type
    Index,             // `member`: the index of table or view `name`
    Constraint,        // `member`: a constraint of table `name`
    DomainConstraint,  // `member`: a check of domain `name`
    Trigger,           // `member`: a trigger of table `name`
    Policy,            // `member`: a policy of table `name`
    ColumnDefault,     // `member`: the column of table `name` whose default (or generation
                       // expression) it is
    Rule,              // `member`: a rule of table or view `name`
  };
  Kind kind = Kind::Table;
  QualifiedName name;
  std::string member;

  auto operator<=>(const ObjectId&) const = default;
  // "function public.f(integer)", "default of public.t.c", ...: for messages and tests.
  std::string display() const;
};

// An edge of the database's dependency graph: the server refuses to drop `referenced` while
// `dependent` exists (pg_depend's normal and automatic dependencies; a view's and a rule's
// through their rewrite rule).
struct Dependency {
  ObjectId dependent;
  ObjectId referenced;

  auto operator<=>(const Dependency&) const = default;
};

// The dependency graph the inspector reads from a database's catalog. A fact about one
// catalog, not part of the schema's content: every graph compares equal to every other, so a
// model read from a database still equals the same schema parsed from files (which, like a
// snapshot, carries no graph).
struct DependencyGraph {
  std::vector<Dependency> edges;  // sorted, without duplicates

  bool operator==(const DependencyGraph&) const { return true; }
  bool empty() const { return edges.empty(); }
  // Every object that depends on one of `objects`, directly or through others (`objects`
  // themselves excluded unless one depends on another). With `through_data` false, columns and
  // types are reported but what depends on them is not followed: a domain whose default calls
  // a function does not make every column of that domain, and what reads it, a dependent.
  std::set<ObjectId> dependents_of(const std::set<ObjectId>& objects,
                                   bool through_data = true) const;
  // Whether `dependent` depends on `referenced`, directly or through others.
  bool depends_on(const ObjectId& dependent, const ObjectId& referenced) const;
};

// A whole declared or inspected database schema.
struct Schema {
  std::map<std::string, Namespace> namespaces;  // PostgreSQL schemas other than public
  std::map<std::string, Extension> extensions;
  std::map<QualifiedName, Collation> collations;  // CREATE COLLATION of the project
  std::map<QualifiedName, Enum> enums;
  std::map<QualifiedName, Sequence> sequences;  // explicit sequences (not serial/identity)
  std::map<QualifiedName, Domain> domains;
  std::map<QualifiedName, CompositeType> composite_types;
  std::map<QualifiedName, RangeType> range_types;
  // Keyed by schema and Function::signature(), so overloads are distinct entries.
  std::map<QualifiedName, Function> functions;
  std::map<QualifiedName, Table> tables;
  std::map<QualifiedName, View> views;
  std::map<std::string, Role> roles;
  std::map<std::string, EventTrigger> event_triggers;  // by name (database wide)
  // Privileges on the objects above and on schemas (privileges.h). Objects are named as the
  // maps above key them; a grant on a serial column's sequence names that sequence.
  std::map<Grant, GrantState> grants;
  // ALTER DEFAULT PRIVILEGES (privileges.h); `revoked` marks PUBLIC's built-in default taken
  // away by a global entry.
  std::map<DefaultPrivilege, GrantState> default_privileges;
  // What depends on what, as the database's catalog says (inspect only; see DependencyGraph).
  DependencyGraph dependencies;

  bool operator==(const Schema&) const = default;
  bool empty() const;
};

// The depth of the user-defined type `name` in `schema`'s type graph: 0 for enums and types
// the schema does not hold, else 1 + the deepest type it is built from (a domain's base, a
// composite's attributes, a range's subtype). Creating types by rising depth (dropping by
// falling depth) puts each after what it uses.
int user_type_depth(const Schema& schema, const QualifiedName& name);

// PostgreSQL's maximum identifier length in bytes (NAMEDATALEN - 1).
inline constexpr std::size_t kMaxIdentifierLength = 63;

// The storage mode ("plain", "main" or "extended") the server gives a column of `type` when
// none is set: the type's typstorage. Built-in types from pg_type; enums plain, a domain its
// base type's, composite and range types and arrays extended; empty for a type `schema` does
// not hold and this cannot tell offline.
std::string default_storage(const Schema& schema, const TypeName& type);

// `name` as PostgreSQL stores it: cut to 63 bytes when longer, never inside a UTF-8
// character (the server's truncate_identifier).
std::string truncate_identifier(const std::string& name);

// `schema` with every name longer than 63 bytes truncated as the server truncates it:
// schemas, tables, columns, constraints, indexes, policies, enums, sequences, views, and the
// references between them. drizzle-kit writes long names into snapshots whole; the catalog
// holds them cut, so a snapshot compares equal to a database only after this.
void truncate_long_identifiers(Schema& schema);

// `schema` with every object of the PostgreSQL schema `from` moved to `to`, and every reference
// to one moved with it: map keys and names, user-defined types of columns, parameters and
// domains, foreign keys, trigger functions, identity and serial sequences. Expression and body
// texts are left as written. How a tenant schema is compared with the objects a tenant
// folder declares without a schema name (read as `public`).
Schema moved_to_schema(const Schema& schema, const std::string& from, const std::string& to);

// The name PostgreSQL gives an unnamed constraint or index: name1_name2_label, each part
// truncated as the server's makeObjectName does so the whole fits in 63 bytes. `name2`
// may be empty. Uniqueness suffixes (1, 2, ...) are the caller's business.
std::string make_object_name(const std::string& name1, const std::string& name2,
                             const std::string& label);

// The sequence PostgreSQL names for a serial or identity column: <table>_<column>_seq.
QualifiedName serial_sequence(const QualifiedName& table, const std::string& column);
// The sequence serial `column` of `table` uses: its serial_sequence_name, else the default.
QualifiedName serial_sequence(const QualifiedName& table, const Column& column);

// The sequences `table`'s columns hold: identity sequences and serial sequences.
std::vector<QualifiedName> column_sequences(const Table& table);

// Every name `table` holds among the relations of its schema: its own (also its row type's),
// its indexes', its primary key's and unique constraints' (their indexes) and
// column_sequences.
std::vector<QualifiedName> relation_names(const Table& table);

}  // namespace sleet
