// diff: the typed differences between two schemas. A pure function of two models; no I/O.
//
// Something that disappeared and something that appeared in the same scope (two tables in
// one schema, two columns of one table, ...) may be a rename. The diff never guesses: it
// asks a RenameResolver, and treats every unanswered pair as drop + create only when the
// resolver says so. See docs/diff.md for every change kind.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sleet/model.h"

namespace sleet {

enum class ChangeKind {
  CreateSchema,
  DropSchema,
  RenameSchema,
  CreateExtension,
  DropExtension,
  AlterExtension,  // alter: schema and/or version
  CreateRole,
  DropRole,
  AlterRole,
  CreateEnum,
  DropEnum,
  RenameEnum,
  MoveEnum,
  AddEnumValue,     // detail: "BEFORE 'x'" / "AFTER 'x'" / "" (at the end)
  RenameEnumValue,  // old_name -> name: a value the resolver says was renamed
                    // (RenameKind::EnumValue)
  RecreateEnum,     // values removed or reordered: needs a type swap (before/after: Enum)
  CreateSequence,
  DropSequence,
  RenameSequence,
  MoveSequence,
  AlterSequence,
  CreateTable,
  DropTable,
  RenameTable,
  MoveTable,
  AddColumn,
  DropColumn,
  RenameColumn,
  AlterColumnType,  // before/after: Column
  // Also used when a column becomes (or stops being) serial: then the column in `after`
  // (`before`) has Column::serial set and the plan creates (drops) the owned sequence.
  SetColumnDefault,
  DropColumnDefault,
  SetNotNull,
  DropNotNull,
  AddIdentity,
  DropIdentity,
  AlterIdentity,
  // SetGenerated: expression added or changed (PostgreSQL 15 cannot alter it: the plan drops
  // and re-adds the column). DropGenerated: the column keeps its values (DROP EXPRESSION).
  SetGenerated,
  DropGenerated,
  AlterColumnCollation,
  AddPrimaryKey,
  DropPrimaryKey,
  AddForeignKey,
  DropForeignKey,
  AddUnique,
  DropUnique,
  AddCheck,
  DropCheck,
  // A CHECK or FOREIGN KEY (name: the constraint) present on both sides that becomes valid:
  // ALTER TABLE ... VALIDATE CONSTRAINT. Valid to NOT VALID is a drop and an add NOT VALID
  // (the server cannot unvalidate a constraint).
  ValidateConstraint,
  // EXCLUDE constraints (name: the constraint; before/after: ExclusionConstraint). A changed
  // one is dropped and added again.
  AddExclusion,
  DropExclusion,
  CreateIndex,
  DropIndex,
  CreateView,
  DropView,
  RenameView,
  MoveView,  // a changed view is drop + create
  EnableRowLevelSecurity,
  DisableRowLevelSecurity,
  ForceRowLevelSecurity,
  NoForceRowLevelSecurity,
  // SET LOGGED / SET UNLOGGED (rewrite the table), and storage parameters (before/after: Table;
  // SetStorageParameters: SET (...) and RESET (...) of what changed).
  SetLogged,
  SetUnlogged,
  SetStorageParameters,
  // Per-column settings (name: the column; before/after: Column): ALTER COLUMN ... SET
  // STATISTICS, SET STORAGE, SET COMPRESSION, and SET (...) / RESET (...) of attribute options.
  SetColumnStatistics,
  SetColumnStorage,
  SetColumnCompression,
  SetColumnOptions,
  // REPLICA IDENTITY and CLUSTER ON / SET WITHOUT CLUSTER (before/after: Table). Also planned
  // when the index they name is dropped and created again, which loses the setting.
  SetReplicaIdentity,
  SetClusterOn,
  // A partition's bound changed (before/after: Table): DETACH, then ATTACH with the new bound,
  // so the rows stay.
  SetPartitionBound,
  // Table inheritance (object: the inheriting table; name: the parent's display name).
  // AddInherit: ALTER TABLE ... INHERIT (after: the parent Table as declared). DropInherit:
  // ALTER TABLE ... NO INHERIT (before: the parent Table as it was): the columns and checks
  // the table inherited become its own, and the diff compares them like any other.
  AddInherit,
  DropInherit,
  CreatePolicy,
  DropPolicy,
  RenamePolicy,
  AlterPolicy,
  // A constraint (detail: "PRIMARY KEY", "FOREIGN KEY", "UNIQUE", "CHECK") or an index whose
  // definition is unchanged but whose name is not, typically a default name following a
  // renamed table or column (users_pkey -> accounts_pkey): old_name -> name. Renamed rather
  // than dropped and rebuilt.
  RenameConstraint,
  RenameIndex,
  // Functions (object: schema and signature(); before/after: Function). ReplaceFunction is
  // CREATE OR REPLACE: same signature and return type, other body or attributes. A function
  // whose return type or parameter names change is dropped and created, its triggers with it.
  CreateFunction,
  DropFunction,
  ReplaceFunction,
  // Triggers (object: the table; name: the trigger; before/after: Trigger). A changed trigger
  // is dropped and created again.
  CreateTrigger,
  DropTrigger,
  // Rules (object: the table or view; name: the rule; before/after: RewriteRule). A changed rule
  // is CREATE OR REPLACE RULE (ReplaceRule); a rule on a view the diff recreates is created
  // again after it (the DROP VIEW took it).
  CreateRule,
  DropRule,
  ReplaceRule,
  // Extended statistics (object: the table; before/after: Statistics, named by its own
  // QualifiedName). A changed definition is dropped and created; AlterStatistics is ALTER
  // STATISTICS ... SET STATISTICS when only the target changes.
  CreateStatistics,
  DropStatistics,
  AlterStatistics,
  // Event triggers (object: {"", name}; before/after: EventTrigger). AlterEventTrigger changes
  // only ENABLE/DISABLE; another event, tags or function is drop + create.
  CreateEventTrigger,
  DropEventTrigger,
  AlterEventTrigger,
  // Domains (object: the domain; before/after: Domain). AlterDomain covers default, NOT NULL
  // and constraints; a changed base type is drop + create.
  CreateDomain,
  DropDomain,
  AlterDomain,
  // A domain, composite type or range type the resolver says was renamed (RenameKind::Domain,
  // CompositeType, RangeType) or moved to another schema: old_object -> object. Columns,
  // domains, types and function signatures that use it follow (apply_rename); a range's
  // multirange type of the default name is renamed with it.
  RenameDomain,
  MoveDomain,
  // Privileges (object: the object granted on, a schema as {name, ""}; before/after: Grant).
  // GrantPrivilege: detail "WITH GRANT OPTION" when given with it. RevokePrivilege: detail
  // "GRANT OPTION FOR" when only the option goes. A revoked PUBLIC default is a
  // RevokePrivilege of PUBLIC's privilege, its return a GrantPrivilege (see docs/diff.md).
  GrantPrivilege,
  RevokePrivilege,
  // Default privileges (object: {schema of IN SCHEMA or "", creating role}; before/after:
  // DefaultPrivilege). Details as for GrantPrivilege and RevokePrivilege.
  GrantDefaultPrivilege,
  RevokeDefaultPrivilege,
  // Composite types (object: the type; before/after: CompositeType). AlterCompositeType runs
  // ALTER TYPE ... ADD/DROP/ALTER ATTRIBUTE; RecreateCompositeType (attributes reordered, or a
  // type change the server refuses while a table column uses the type) renames the old type,
  // creates the new one, converts the columns with a row constructor and drops the old type.
  CreateCompositeType,
  DropCompositeType,
  AlterCompositeType,
  RecreateCompositeType,
  RenameCompositeType,
  MoveCompositeType,
  // old_name -> name: an attribute the resolver says was renamed (RenameKind::Attribute), so
  // the values columns of the type hold keep it (ALTER TYPE ... RENAME ATTRIBUTE).
  RenameCompositeAttribute,
  // Range types (object: the range; before/after: RangeType). A changed range is dropped and
  // created (refused while something uses it).
  CreateRangeType,
  DropRangeType,
  RenameRangeType,
  MoveRangeType,
  // Collations (object: the collation; before/after: Collation). A changed definition is drop +
  // create, the columns using it converted to the default collation around it and back.
  CreateCollation,
  DropCollation,
  SetComment,  // object text in `detail` ("TABLE", "COLUMN", ...); after: the comment text
};

// The model object a change is about, before and after (exactly one of them is set for a
// create or drop; both for an alteration). std::monostate when not applicable.
using ChangeObject =
    std::variant<std::monostate, Namespace, Extension, Role, Enum, Sequence, Table, Column,
                 PrimaryKey, ForeignKey, UniqueConstraint, CheckConstraint, Index, View, Policy,
                 std::string, Function, Trigger, Domain, ExclusionConstraint, Grant, CompositeType,
                 RangeType, DefaultPrivilege, RewriteRule, EventTrigger, Statistics,
                 Collation>;

struct Change {
  ChangeKind kind;
  // The relation, type or sequence concerned, named as it is when the change runs: renames
  // and moves run first, so a drop names the object after renames (see apply_renames).
  // For schema-level changes, `object.schema` is the schema; for roles and extensions,
  // `object.name` is the role or extension.
  QualifiedName object;
  // The member concerned: column, constraint, index, policy or enum value; empty otherwise.
  std::string name;
  // For renames and moves: the old object name and old member name.
  QualifiedName old_object;
  std::string old_name;
  ChangeObject before;
  ChangeObject after;
  std::string detail;
};

// The kinds of object a rename question can be about.
// EnumValue: a label of one enum (scope: the enum), renamed in place so rows keep their value.
// Attribute: an attribute of one composite type (scope: the type), likewise.
enum class RenameKind {
  Schema,
  Enum,
  Sequence,
  Table,
  View,
  Column,
  Policy,
  EnumValue,
  Domain,
  CompositeType,
  RangeType,
  Attribute,
};

// "Was `created` made by renaming one of `candidates`?" `scope` names where (for a column:
// the table; for an enum value: the enum; for an attribute: the composite type; for a table:
// "" since tables may also move between schemas).
struct RenameQuestion {
  RenameKind kind;
  std::string scope;
  std::string created;                  // display name: "auth.users" or "email"
  std::vector<std::string> candidates;  // display names of what disappeared
};

// Answers rename questions: the candidate `created` was renamed from, or nullopt for "it is
// new". A resolver may throw sleet::Error to stop the diff (no terminal, no answer).
class RenameResolver {
 public:
  virtual ~RenameResolver() = default;
  virtual std::optional<std::string> renamed_from(const RenameQuestion& question) = 0;
};

// Every difference that turns `from` into `to`. Renames and moves come first, in the order
// they must run; the rest is in no particular order (the plan orders them). Questions go to
// `resolver` in a deterministic order (schemas, enums, then per enum its values, domains,
// composite types, range types, then per composite type its attributes, sequences, tables,
// views, then per table columns and policies), and only for a scope where something
// disappeared and something appeared. Throws sleet::Error (Usage) when the resolver names a
// candidate that was not offered; errors thrown by the resolver propagate.
std::vector<Change> diff_schemas(const Schema& from, const Schema& to, RenameResolver& resolver);

// `from` with the rename and move changes among `changes` applied, as PostgreSQL applies
// them: objects re-keyed, and references to them (column types, foreign keys, column lists,
// expressions, sequence ownership) follow. Other changes are ignored. This is the schema
// the other changes' names refer to.
Schema apply_renames(const Schema& from, const std::vector<Change>& changes);

// Applies one rename or move change to `schema` in place, as apply_renames does for each
// change; other kinds are ignored. The plan follows renames one at a time with it.
void apply_rename(Schema& schema, const Change& change);

// Whether `canonical` references a column named `column` (last name part). Unparsable text
// counts as a reference, so callers err on the side of recreating dependents.
bool expression_mentions_column(const std::string& canonical, const std::string& column);

// Whether `column`'s default is a date or time literal that the server reads once, when it
// creates the column ('now', 'now()', 'today', 'tomorrow', 'yesterday'), and stores as the
// constant it read then. diff takes such a default to be the same as any constant string of
// the column's type; push keeps it as declared rather than as the server renders it.
bool default_is_frozen_moment(const Column& column);

// The functions of `functions` in an order the server accepts when creating them: bodies it
// does not check when created (PL/pgSQL, C, ...) first, then SQL bodies, each after the SQL
// functions among them that it calls (matched by name; the call's schema when it names one).
// A body that does not parse keeps its place.
std::vector<const Function*> functions_in_creation_order(
    const std::map<QualifiedName, Function>& functions);

// A function's body as SQL that sql::named_relations and sql::called_functions read: a string
// body as it is; a SQL-standard body (RETURN expr, BEGIN ATOMIC ... END) inside a CREATE
// FUNCTION statement, which is how it parses.
std::string function_body_sql(const Function& function);

// A resolver that never sees a rename: every question is answered "it is new" (callers
// that must not ask, such as check and status drift, and tests).
class NoRenames : public RenameResolver {
 public:
  std::optional<std::string> renamed_from(const RenameQuestion&) override { return std::nullopt; }
};

// Display name of a change kind, e.g. "add column"; for messages and JSON.
std::string to_string(ChangeKind kind);

}  // namespace sleet
