// Internal: the state shared by the statement handlers of the schema SQL parser, and the
// handlers themselves (one file per statement family: parse_create_table.cpp, ...).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sleet/files.h"
#include "sleet/model.h"
#include "sleet/sources.h"
#include "sleet/sql.h"
#include "sources/object_names.h"
#include "sql/parse_tree.h"
#include "sql/tokens.h"

namespace sleet::sources {

struct SourceFile {
  std::string name;
  std::string text;
  std::unique_ptr<sql::ParseTree> tree;
  std::vector<sql::Token> tokens;  // only when the text holds a backslash (meta-commands)
  LineIndex lines;  // built once: locations are asked for on every statement
};

// One statement waiting for its phase, with the search_path schema in force where it stood.
struct Statement {
  const SourceFile* file = nullptr;
  const PgQuery__Node* node = nullptr;
  int start = 0;  // byte offset of the statement's first token
  int end = 0;    // byte offset one past its last character (before the semicolon)
  std::string schema = "public";
};

// A foreign key whose referenced table is looked up once every table exists.
struct PendingReference {
  QualifiedName table;
  std::string constraint;
  bool unqualified = false;  // written without a schema: may fall back to public
  std::string where;
};

// ALTER TABLE child ALTER COLUMN c SET DEFAULT of a column the child inherits, compared with
// the parent's default once every statement is applied: pg_dump writes the child's copy
// before the parent's own default when the child's name sorts first.
struct PendingInheritedDefault {
  const Statement* statement = nullptr;
  QualifiedName table;
  std::string column;
  std::string canonical;  // empty: DROP DEFAULT or DEFAULT NULL
};

// What the handlers share: the schema being built, the names taken, and the statement
// being applied (for locations). Not copyable.
class Context {
 public:
  explicit Context(ParseReport& report) : schema(report.schema), report_(report) {}
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  Schema& schema;
  ObjectNames names;
  std::vector<PendingReference> references;
  std::vector<PendingInheritedDefault> inherited_defaults;

  void set_statement(const Statement* statement) {
    statement_ = statement;
    tokens_scanned_ = false;
  }
  const Statement& statement() const { return *statement_; }
  // The current statement's tokens (statement_tokens), scanned once however many of its
  // clauses are read as written (parse_written.h).
  const std::vector<sql::Token>& statement_tokens() const;

  // "file:line:col" of byte `location` in the current file; the statement's start when < 0.
  std::string where(int location = -1) const;
  [[noreturn]] void fail(int location, const std::string& message,
                         const std::string& hint = {}) const;
  void note(int location, const std::string& message);

  // The name a CREATE gives an object: its explicit schema, else the search_path schema.
  QualifiedName new_name(const std::string& schema_name, const std::string& name) const;
  QualifiedName new_name(const PgQuery__RangeVar& relation) const;
  // The object a reference means: the explicit schema, else the search_path schema when the
  // object exists there, else public.
  QualifiedName resolve(const std::string& schema_name, const std::string& name,
                        const std::function<bool(const QualifiedName&)>& exists) const;
  // The table `relation` names; fails at its location when there is none.
  Table& table(const PgQuery__RangeVar& relation);
  Table& table(const std::vector<std::string>& qualified_name, int location);
  // Fails at the first object placed in a schema (other than public) that no CREATE SCHEMA
  // declares; run after every statement was applied.
  void check_schemas_declared() const;

 private:
  const Statement* statement_ = nullptr;
  ParseReport& report_;
  mutable bool tokens_scanned_ = false;  // tokens_ are the current statement's
  mutable std::vector<sql::Token> tokens_;
  // Where each non-public schema was first used by a CREATE, for check_schemas_declared.
  mutable std::map<std::string, std::string> first_use_of_schema_;
};

// schema_parser.cpp: the driver's steps, shared with parse_migration.cpp.
// The largest schema file sleet reads (docs/reliability.md): about 30 times a schema of
// 1,000 tables, and parsing one takes several times its size in memory.
inline constexpr std::uintmax_t kMaxSchemaFileBytes = 32u << 20;
// `sources` after utf8_text: each checked (throws at file:line:col for text that is not
// UTF-8), and when any starts with a UTF-8 byte order mark, copies without it in
// `without_marks`, which is then what is returned.
const std::vector<SchemaSource>& checked_text(const std::vector<SchemaSource>& sources,
                                              std::vector<SchemaSource>& without_marks);
// Blanks psql meta-commands (noting each) and parses `source` into `file`.
void prepare_source(SourceFile& file, const SchemaSource& source, std::vector<std::string>& notes);
// Part of a source: bytes [begin, end) of `source->sql`, whole statements.
struct SourcePiece {
  const SchemaSource* source = nullptr;
  std::size_t begin = 0;
  std::size_t end = 0;
};
// Cuts `source` at top-level semicolons into up to `pieces` parts of about equal size, so
// that one large file parses on several threads; one piece when it cannot be cut safely.
std::vector<SourcePiece> split_source(const SchemaSource& source, std::size_t pieces);
// prepare_source for a piece: the text before it is blanked (newlines kept) and the text
// after it left out, so offsets, lines and columns are those of the whole file. Lines are
// located in `piece.source->sql`, which must outlive `file`.
void prepare_piece(SourceFile& file, const SourcePiece& piece, std::vector<std::string>& notes);
// The offset of the first token at or after `offset` and before `end` (a raw statement's
// location may point at the whitespace or comment before it).
int first_token_at(const SourceFile& file, int offset, int end);
// The tokens of `statement` (from the file's tokens when it was scanned whole, else from
// scanning the statement's own text), offsets in the whole file.
std::vector<sql::Token> statement_tokens(const Statement& statement);
// Applies (search_path) or notes a session statement (SET, GRANT, OWNER TO, ...); false when
// `node` is not one.
bool apply_session_statement(Context& context, const PgQuery__Node& node, std::string& schema);
// The phase a schema statement is applied in; nullopt for statements the model does not hold.
std::optional<int> phase_of(const PgQuery__Node& node);
// Dispatches a statement phase_of accepts to its handler.
void apply_statement(Context& context, const PgQuery__Node& node);
// "CREATE FUNCTION", "INSERT", ...: a statement kind as a reader names it.
std::string statement_kind(const PgQuery__Node& node);

// parse_types.cpp: the model type of a column or cast type; fails on unknown types.
TypeName resolve_type(Context& context, const PgQuery__TypeName& type);
// The serial pseudo-type `type` names, if any (serial, bigserial, serial4, ...).
std::optional<Serial> serial_of(const PgQuery__TypeName& type);

// parse_objects.cpp
void apply_create_schema(Context& context, const PgQuery__CreateSchemaStmt& statement);
void apply_create_extension(Context& context, const PgQuery__CreateExtensionStmt& statement);
void apply_create_enum(Context& context, const PgQuery__CreateEnumStmt& statement);
void apply_create_role(Context& context, const PgQuery__CreateRoleStmt& statement);
void apply_create_policy(Context& context, const PgQuery__CreatePolicyStmt& statement);

// parse_sequences.cpp
struct SequenceSpec {
  SequenceOptions options;
  std::optional<QualifiedName> sequence_name;        // SEQUENCE NAME (identity)
  std::optional<std::vector<std::string>> owned_by;  // OWNED BY; empty for NONE
};
SequenceSpec read_sequence_options(Context& context, PgQuery__Node* const* items, size_t count,
                                   const std::string& default_type);
void apply_create_sequence(Context& context, const PgQuery__CreateSeqStmt& statement);
void apply_alter_sequence(Context& context, const PgQuery__AlterSeqStmt& statement);
// Folds pg_dump's spelling of serial columns (sequence + OWNED BY + nextval default) back
// into Column::serial.
void fold_serial_sequences(Schema& schema);

// parse_create_table.cpp
// A COLLATE clause's name as the model keeps it: bare for pg_catalog's and public's, else
// schema.name.
std::string collation_name(const PgQuery__CollateClause& clause);
void apply_create_table(Context& context, const PgQuery__CreateStmt& statement);
struct ConstraintSpec;
// Adds a column (CREATE TABLE or ALTER TABLE ADD COLUMN); its inline table constraints
// (CHECK, PRIMARY KEY, UNIQUE, REFERENCES) are appended to `constraints` for the caller.
void add_column(Context& context, Table& table, const PgQuery__ColumnDef& definition,
                std::vector<ConstraintSpec>& constraints);
// parse_table_settings.cpp: ALTER TABLE's column settings (SET STATISTICS, SET STORAGE, SET
// COMPRESSION, SET/RESET (...)), REPLICA IDENTITY, CLUSTER ON and SET WITHOUT CLUSTER applied to
// `table`; false for another subcommand. Fails at the statement on what the server would refuse
// (an unknown storage mode or method, REPLICA IDENTITY USING an index that is not unique).
bool apply_table_setting(Context& context, Table& table, const PgQuery__AlterTableCmd& command);
// COMPRESSION method of a column definition or SET COMPRESSION ("default" clears it).
void set_column_compression(Context& context, Column& column, const std::string& method,
                            int location);
// Sets one storage parameter of WITH (...) or SET (...); toast.* ones are refused.
void set_storage_parameter(Context& context, Table& table, const PgQuery__DefElem& option);
// parse_like.cpp: CREATE TABLE ... (LIKE source ...). read_like_clause appends the source's
// columns to `table` as PostgreSQL copies them (NOT NULL and collation always; defaults,
// generated expressions, identity (a sequence of the new table's) and comments as the options
// say); fails at file:line:col when the source does not exist or is a partition or an
// inheriting table. copy_like_members then adds, after the table's own constraints, the copied
// CHECK constraints (their names kept) and the primary key, unique and exclusion constraints and
// indexes under the names the server chooses for the new table.
struct LikeCopy {
  Table source;          // as it stood when the copy was made
  uint32_t options = 0;  // PostgreSQL's TableLikeOption bits
  int location = -1;
};
LikeCopy read_like_clause(Context& context, Table& table, const PgQuery__TableLikeClause& clause);
void copy_like_members(Context& context, Table& table, const std::vector<LikeCopy>& copies);
// Whether a CREATE TABLE holds a LIKE clause (the driver creates it after its source's own
// statements).
bool has_like_clause(const PgQuery__CreateStmt& statement);
// parse_null_default.cpp: what the server stores for a column default `expression` that is
// a NULL constant (is_null_constant): nothing when it converts to a plain NULL of
// `column_type`, else the expression (a bare NULL spelled as pg_get_expr prints it). Fails as
// resolve_type does on an unknown type in a cast.
std::optional<Expression> stored_null_default(Context& context, const TypeName& column_type,
                                              const PgQuery__Node& expression);
// Turns column `column` of `table` into an identity column per `constraint`.
void add_identity(Context& context, Table& table, Column& column,
                  const PgQuery__Constraint& constraint);

// parse_constraints.cpp: a constraint with the column it was written on (if any).
struct ConstraintSpec {
  const PgQuery__Constraint* constraint = nullptr;
  std::string column;
  std::string name;  // as written; may be moved over from a merged duplicate
  bool deferrable = false;
  bool initially_deferred = false;
  // ALTER TABLE ... ADD CONSTRAINT ... NOT VALID (in CREATE TABLE the server ignores it).
  bool not_valid = false;
};
// Adds constraints in the order PostgreSQL names them: checks, primary key, unique, foreign.
// Like CREATE TABLE, a primary key or unique constraint repeating an earlier one of `specs`
// on the same columns is merged into it.
void add_constraints(Context& context, Table& table, std::vector<ConstraintSpec> specs);
// Registers a constraint name on `table`; fails naming both places when the table has it.
void claim_constraint_name(Context& context, const Table& table, const std::string& name,
                           const ConstraintSpec& spec);
// parse_exclusions.cpp: an EXCLUDE constraint, named as the server would when not named.
void add_exclusion(Context& context, Table& table, const ConstraintSpec& spec);
// parse_indexes.cpp: one key of an index or exclusion constraint on `table`.
IndexElement read_index_element(Context& context, const Table& table,
                                const PgQuery__IndexElem& element);
ConstraintSpec make_constraint_spec(const PgQuery__Constraint& constraint,
                                    const std::string& column = {});
// Checks that every foreign key's table exists and fills referenced columns from its key.
void resolve_references(Context& context);

// parse_partitions.cpp: PARTITION BY and PARTITION OF ... FOR VALUES of a CREATE TABLE
// (fails at file:line:col on a parent that is missing or not partitioned, or a bound of the
// wrong kind); ALTER TABLE parent ATTACH PARTITION (the partition's repeated columns and
// copied checks dropped); the column `name` of `table` or of the tables it is a partition of
// or inherits from;
// the CREATE TABLE t () PARTITION BY ... the inspector reads back.
void apply_partitioning(Context& context, Table& table, const PgQuery__CreateStmt& statement);
void apply_attach_partition(Context& context, Table& parent, const PgQuery__PartitionCmd& command);
const Column* find_column_or_inherited(const Schema& schema, const Table& table,
                                       const std::string& name);
void read_catalog_partition_key(Context& context, const PgQuery__CreateStmt& statement);

// parse_inheritance.cpp: INHERITS of a CREATE TABLE (the parents resolved; fails at
// file:line:col on a missing, partitioned or repeated parent); the child's own columns merged
// with its parents' (after they are added); ALTER TABLE ... INHERIT (fails when the child
// lacks a column or check of the parent) and NO INHERIT (what it inherited becomes its own).
void apply_inherits(Context& context, Table& table, const PgQuery__CreateStmt& statement);
void merge_inherited_columns(Context& context, Table& table, const PgQuery__CreateStmt& statement);
void apply_add_inherit(Context& context, Table& table, const PgQuery__RangeVar& relation);
void apply_drop_inherit(Context& context, Table& table, const PgQuery__RangeVar& relation);
// ALTER TABLE ONLY child ALTER COLUMN c SET DEFAULT of an inherited column, as pg_dump writes the
// default the server copied from the parent: kept in context.inherited_defaults until
// check_inherited_column_defaults, which notes and ignores it when it is the parent's default
// (after every statement: pg_dump may write the parent's later) and fails at its file:line:col
// otherwise (the model keeps an inherited column's properties with the parent).
void apply_inherited_column_default(Context& context, const Table& table,
                                    const PgQuery__AlterTableCmd& command);
void check_inherited_column_defaults(Context& context);

// parse_grants.cpp: GRANT / REVOKE on objects the files declare (Schema::grants), applied in
// file order; fails at file:line:col on an object the files do not create.
void apply_grant(Context& context, const PgQuery__GrantStmt& statement);
// ALTER DEFAULT PRIVILEGES: changes Schema::default_privileges and, for the role running the
// migrations, what every object the files create of that kind holds (docs/diff.md).
void apply_default_privileges(Context& context,
                              const PgQuery__AlterDefaultPrivilegesStmt& statement);

// parse_domains.cpp: CREATE DOMAIN (fails at file:line:col on forms the model does not hold).
void apply_create_domain(Context& context, const PgQuery__CreateDomainStmt& statement);

// parse_composite_types.cpp: CREATE TYPE ... AS (...) and AS RANGE (fail at file:line:col on
// forms the model does not hold).
void apply_create_composite_type(Context& context, const PgQuery__CompositeTypeStmt& statement);
void apply_create_range_type(Context& context, const PgQuery__CreateRangeStmt& statement);
// Qualifies a range's unqualified CANONICAL and SUBTYPE_DIFF function with the schema of the
// function the files declare under that name (the range's schema, else public); a name no file
// declares stays bare, meaning pg_catalog's. Run once every statement is applied.
void qualify_range_functions(Schema& schema);

// parse_indexes.cpp, parse_alter_table.cpp, parse_views.cpp, parse_comments.cpp
void apply_create_index(Context& context, const PgQuery__IndexStmt& statement);
void apply_alter_table(Context& context, const PgQuery__AlterTableStmt& statement);
void apply_create_view(Context& context, const PgQuery__ViewStmt& statement);
void apply_create_materialized_view(Context& context, const PgQuery__CreateTableAsStmt& statement);
void apply_comment(Context& context, const PgQuery__CommentStmt& statement);
// Whether the index a COMMENT ON INDEX names is held by a table of the schema so far.
bool names_existing_index(Context& context, const PgQuery__CommentStmt& statement);

// parse_functions.cpp: functions, procedures and triggers. The read_* functions build the
// model value (fail at file:line:col); apply_* add it to the schema (a second definition
// fails unless it says OR REPLACE).
// The key (schema, signature) of the function the files declare that `object` names
// (`name(types)`, or `name` alone when the name is not overloaded), for `statement_words`
// ("GRANT", "COMMENT"); fails at `location` naming it when there is none or more than one.
QualifiedName declared_function(Context& context, const PgQuery__ObjectWithArgs& object,
                                int location, const std::string& statement_words);
Function read_create_function(Context& context, const PgQuery__CreateFunctionStmt& statement);
std::pair<QualifiedName, Trigger> read_create_trigger(Context& context,
                                                      const PgQuery__CreateTrigStmt& statement,
                                                      const QualifiedName& table);
void apply_create_function(Context& context, const PgQuery__CreateFunctionStmt& statement);
// Adds a function or aggregate the files declare, failing at the statement when its signature
// is declared twice without OR REPLACE (`kind`: "function", "aggregate"); a replacement keeps
// the comment, as the server does.
void add_function(Context& context, Function model, bool replace, const char* kind);
void apply_create_trigger(Context& context, const PgQuery__CreateTrigStmt& statement);
// A parameter or result type of a function. Types that are not built in are resolved like a
// relation name (explicit schema, else the search_path schema when it declares one, else
// public) without requiring the files to declare them: the server checks the function.
TypeName function_type(Context& context, const PgQuery__TypeName& type);
// "in", "out", "inout", "variadic" or "table".
std::string parameter_mode(PgQuery__FunctionParameterMode mode);
std::string lower_case(std::string text);
// parse_aggregates.cpp: CREATE AGGREGATE, the current syntax and the old one (BASETYPE = ...),
// as a Function with its Aggregate; fails at file:line:col on what the model does not hold
// (ordered-set and hypothetical-set aggregates, SORTOP). The inspector's definitions are read
// by the same reader. apply_* adds it (a second definition fails unless OR REPLACE).
Function read_create_aggregate(Context& context, const PgQuery__DefineStmt& statement);
void apply_create_aggregate(Context& context, const PgQuery__DefineStmt& statement);
// parse_collations.cpp: CREATE COLLATION (FROM another one held as what it copies).
void apply_create_collation(Context& context, const PgQuery__DefineStmt& statement);
// parse_statistics.cpp: CREATE STATISTICS on a table the files create (fails at file:line:col
// on what the server refuses: a missing table or column, one column alone, an unknown kind),
// ALTER STATISTICS ... SET STATISTICS, and a migration's DROP STATISTICS (false when the
// schema holds no such statistics object). find_statistics: the statistics object `name`, and
// in `holder` (when given) the table holding it; nullptr when none.
void apply_create_statistics(Context& context, const PgQuery__CreateStatsStmt& statement);
void apply_alter_statistics(Context& context, const PgQuery__AlterStatsStmt& statement);
bool drop_statistics(Context& context, const std::vector<std::string>& names);
Statistics* find_statistics(Schema& schema, const QualifiedName& name, Table** holder);
// The kinds a statistics object keeps (Statistics::kinds) for those named, and a statistics
// object's columns put in the table's column order (the server's, by attribute number).
std::vector<std::string> statistics_kinds_of(const std::set<std::string>& asked);
void order_statistics_columns(const Table& table, std::vector<std::string>& columns);
// parse_rules.cpp: CREATE RULE on a table or view the files create, CREATE EVENT TRIGGER and
// ALTER EVENT TRIGGER ... ENABLE/DISABLE (fail at file:line:col on forms the model does not
// hold). read_create_rule builds the rule alone, for the catalog's pg_get_ruledef too.
RewriteRule read_create_rule(Context& context, const PgQuery__RuleStmt& statement);
void apply_create_rule(Context& context, const PgQuery__RuleStmt& statement);
void apply_create_event_trigger(Context& context, const PgQuery__CreateEventTrigStmt& statement);
void apply_alter_event_trigger(Context& context, const PgQuery__AlterEventTrigStmt& statement);
// One definition the catalog prints (pg_get_functiondef, pg_get_triggerdef, pg_get_ruledef) and what it is,
// for messages ("function public.f(integer) in the database").
// A function or procedure pg_proc's columns describe, read without a definition to parse:
// `function` holds all but its types and its parameters' defaults, which are as
// pg_get_functiondef would print them: each type as format_type prints it (search_path
// public), the defaults of the last input parameters as one list (pg_get_expr).
struct CatalogFunction {
  Function function;
  std::vector<std::string> parameter_types;  // the parameters' order
  std::string return_type;                   // empty for a procedure
  std::string parameter_defaults;            // "1, 'x'::text"; empty when none
};
struct CatalogDefinition {
  std::string what;
  std::string sql;
  // COMMENT ON the function or trigger the definition makes (pg_description).
  std::optional<std::string> comment;
  // Set instead of `sql` for a function read from its columns.
  std::optional<CatalogFunction> function;
};
// Reads `definitions` into `schema` with the readers above, with search_path public (as the
// inspector pins it), so inspected and declared functions and triggers compare equal by
// construction. Functions first: triggers resolve their function among them. A trigger on a
// table `schema` lacks (left out by the filters) is skipped, and so is a rule on a relation it
// lacks.
void read_catalog_definitions(Schema& schema, const std::vector<CatalogDefinition>& definitions);

}  // namespace sleet::sources
