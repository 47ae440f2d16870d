// Internal: the state of one plan_changes call.
#pragma once

#include <array>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "plan/plan_internal.h"
#include "sleet/plan.h"

namespace sleet::plan_detail {

// Phases run in this order; see docs/diff.md.
enum Phase {
  kDropEventTriggers,  // first: an old event trigger does not fire on the plan's own DDL
  kCreateSchemas,
  kRoles,
  kExtensions,
  kRenames,
  kDefaultPrivileges,  // before objects are created, so new objects get them as `to` says
  kDropRules,          // before the views and tables their actions read or write
  kDropViews,
  kDropTriggers,
  kDropPolicies,
  kDropStatistics,  // before the columns they read are dropped or retyped
  kDropForeignKeys,
  kDropConstraints,        // and defaults calling a function created again
  kDropReplacedFunctions,  // functions created again, or holding a dropped table's row type
  kDropColumns,            // and dropped tables whose names `to` reuses (see dropped_tables_phase)
  kDropReplacedDomains,    // a domain or range type dropped to be created again
  kEnums,
  kDomains,  // domains, composite and range types: created and altered, by dependency depth
  kSequences,
  kFunctions,  // functions that need no table: defaults, checks and indexes may call them
  kRangesAfterFunctions,  // range types whose SUBTYPE_DIFF or CANONICAL function is created
  kColumnDropDefaults,
  kColumnTypes,
  kColumnSetDefaults,
  kColumnNullability,
  kColumnIdentity,
  kCreateTables,
  kAddColumns,
  kInheritance,  // ALTER TABLE ... INHERIT: after the columns it needs, before inherited checks
  kFunctionsAfterTables,  // ddl::function_needs_relations
  kSequenceOwnership,
  kAddConstraints,
  kMoveRows,  // rows of hash partitions re-laid out, into their parent once every partition is
              // attached (render_partitions.cpp)
  kCreateIndexes,
  kStatistics,  // after the columns and the functions their expressions call
  kAddForeignKeys,
  kRowLevelSecurity,
  kCreateViews,
  kTriggers,
  kRules,  // after every table and view their actions read or write
  kPolicies,
  kGrants,  // after every object is created, before dropped roles
  kComments,
  kDropTables,
  kDropFunctions,
  kDropDomains,  // and composite and range types: after what uses them, before enums
  kDropEnums,
  kDropSequences,
  kDropExtensions,
  kDropSchemas,
  kDropRoles,
  kEventTriggers,  // last: a new event trigger does not fire on the plan's own DDL
  kPhaseCount
};

using ColumnKey = std::pair<QualifiedName, std::string>;  // table and column (or member)

// SELECT count(*) FROM `table` [WHERE `condition`].
std::string count_rows(const QualifiedName& table, const std::string& condition = {});
// The number of key values held by more than one row (NULL keys conflict only with
// `nulls_not_distinct`), among the rows matching `predicate` when not empty.
std::string count_duplicate_keys(const QualifiedName& table, const std::vector<std::string>& keys,
                                 bool nulls_not_distinct, const std::string& predicate);
std::string count_duplicate_keys(const QualifiedName& table, const Index& index);

// Every relation a view reads, schema "public" where the query does not say.
std::vector<QualifiedName> view_reads(const View& view);

// The `wanted` views, each after the views (among all of `views`) it reads.
std::vector<QualifiedName> views_in_order(const std::map<QualifiedName, View>& views,
                                          const std::set<QualifiedName>& wanted);

class PlanBuilder {
 public:
  PlanBuilder(const std::vector<Change>& changes, const Schema& from, const Schema& to,
              const PlanOptions& options)
      : changes_(changes),
        work_(apply_renames(from, changes)),
        to_(to),
        renaming_(from),
        options_(options) {}
  Plan build();

 private:
  struct EnumSwap {
    ColumnKey column;
    const Column* before;
    const Column* after;
  };

  void emit(Phase phase, std::string sql, const QualifiedName& object, ChangeKind kind,
            unsigned hazards = kNoHazard, std::string explanation = {});
  // Sets the last statement of `phase`'s member and rows query (row_counts.cpp).
  void count_affected_rows(Phase phase, std::string member, std::string query, std::string meaning);
  // count_affected_rows for a new primary key or unique constraint `name` on `table`: the
  // key values several rows hold (render_constraints.cpp).
  void count_duplicate_key_rows(const QualifiedName& table, const std::string& name,
                                const std::vector<std::string>& key_columns,
                                bool nulls_not_distinct);
  void analyse();
  void find_enum_swaps();
  // Columns of types a RecreateCompositeType replaces (render_composite_types.cpp).
  void find_composite_swaps();
  void find_dependent_views();
  void find_dependent_policies();
  void find_dependent_indexes_and_checks();
  void find_disturbed_foreign_keys();
  // Defaults, checks, indexes and policies that call a function this plan drops and creates
  // again: the server refuses the DROP FUNCTION while they exist.
  void find_function_dependents();
  bool calls_replaced_function(const std::string& sql, bool expression) const {
    return calls_any_of(sql, expression, replaced_functions_);
  }
  // Whether the catalog's graph (work_.dependencies, a database side) says `object` depends
  // on a function this plan drops; false without a graph.
  bool depends_on_dropped_function(ObjectId::Kind kind, const QualifiedName& name,
                                   const std::string& member = {}) const {
    return function_dependents_.contains({kind, name, member});
  }
  // Functions dropped for good that must go early, before a function the plan drops and
  // creates again: their SQL-standard body calls it (catalog graph, else the body's text).
  void find_early_function_drops();
  void plan_dependents();
  Phase dropped_tables_phase(const std::set<QualifiedName>& dropped) const;
  void plan_dropped_tables();
  // Hands `change` to its object family's renderer (plan_render.cpp); each renderer, in
  // render_<family>.cpp, emits the change's SQL in its phase with its hazards.
  void plan_change(const Change& change);
  // Whether statements on `table` take their online forms (render_online.cpp).
  bool online(const QualifiedName& table) const;
  // ALTER TABLE `table` ADD `clause` (a foreign key or check named `name`): plain, or online
  // as ADD ... NOT VALID then VALIDATE CONSTRAINT, which scans without blocking writes. An
  // `add_sql` already ending in NOT VALID (the model holds it so) is emitted alone.
  void emit_validated_constraint(Phase phase, const QualifiedName& table, const std::string& name,
                                 const std::string& add_sql, ChangeKind kind, unsigned hazards,
                                 const std::string& why);
  // SET NOT NULL on an existing column: online through CHECK (c IS NOT NULL) NOT VALID,
  // VALIDATE, SET NOT NULL (which then skips its scan) and dropping the check.
  // `backfilled`: an UPDATE gave the column's default to rows holding NULL just before.
  // `phase`: where the statements go (a column added and backfilled sets it in kAddColumns).
  void emit_set_not_null(const QualifiedName& table, const std::string& column, bool backfilled,
                         Phase phase = kColumnNullability);
  // A column with a volatile default added to an existing table in batches (PlanOptions::
  // backfill): ADD COLUMN without the default, SET DEFAULT, a committing DO block, NOT NULL.
  void plan_backfilled_column(const QualifiedName& table, const Column& column);
  // A unique or primary key constraint (`clause` is "UNIQUE" or "PRIMARY KEY") online: a
  // unique index built concurrently, then ADD CONSTRAINT ... USING INDEX.
  void emit_key_using_index(const QualifiedName& table, const std::string& name,
                            const std::vector<std::string>& columns, bool nulls_not_distinct,
                            const std::string& clause, const std::string& deferral,
                            ChangeKind kind);
  void plan_schema_change(const Change& change);  // schemas, extensions, roles
  void plan_enum_change(const Change& change);
  void plan_sequence_change(const Change& change);
  void plan_table_change(const Change& change);  // created tables, row-level security
  void plan_column_change(const Change& change);
  void plan_type_change(const QualifiedName& table, const Column& before, const Column& after);
  void plan_constraint_change(const Change& change);  // primary key, unique, check, foreign key
  void plan_exclusion_change(const Change& change);   // EXCLUDE constraints
  void plan_table_storage_change(const Change& change);  // SET [UN]LOGGED, SET/RESET (...)
  void plan_partition_change(const Change& change);      // a partition's bound: detach, attach
  // Partitions of a hash-partitioned table that `to` drops while it lays the table out again
  // (another modulus), whose rows go to the new partitions instead of being lost
  // (render_partitions.cpp): found by analyse, planned by plan_rehomed_partitions.
  void find_rehomed_partitions();
  void plan_rehomed_partitions();
  // The name of the CHECK that DETACH PARTITION ... CONCURRENTLY leaves on `partition` (a copy
  // of its bound), as the server chooses it (render_partitions.cpp).
  std::string detach_check_name(const Table& partition) const;
  // INSERT INTO `parent` SELECT ... FROM `source` (the columns both sides have, generated ones
  // left to the server, identity values kept), then DROP TABLE `source`, in kMoveRows.
  void move_rows_into(const QualifiedName& parent, const QualifiedName& source,
                      const std::string& why);
  // Whether statements on the partitioned table `table` take the online forms built
  // partition by partition (render_partitioned_indexes.cpp).
  bool online_partitioned(const QualifiedName& table) const;
  // CREATE INDEX on a partitioned table with rows, lock-safe: ON ONLY the parent (invalid),
  // then each partition's index CONCURRENTLY (sub-partitions recursively), attached to it.
  void plan_partitioned_index(const QualifiedName& table, const Index& index);
  void build_partition_indexes(const QualifiedName& parent, const Index& parent_index);
  // Records as taken the names the server gave the copies of `parent`'s existing `indexes`
  // (its primary key first when `primary_key`, then `unique_keys` unique constraints' indexes)
  // on its partitions, sub-partitions included: the model leaves those copies out.
  void predict_partition_indexes(const QualifiedName& parent, const std::vector<Index>& indexes,
                                 bool primary_key, std::size_t unique_keys);
  // A primary key or unique constraint (`clause`) on a partitioned table with rows,
  // lock-safe: each leaf partition's unique index built CONCURRENTLY and made its constraint
  // (USING INDEX, which the server refuses on a partitioned table), then the parent's ADD
  // CONSTRAINT, which attaches them and builds nothing.
  void plan_partitioned_key(const QualifiedName& table, const std::string& name,
                            const std::vector<std::string>& columns, bool nulls_not_distinct,
                            const std::string& clause, const std::string& deferral,
                            ChangeKind kind);
  void build_partition_keys(const QualifiedName& parent, const Index& key,
                            const std::string& clause, const std::string& deferral,
                            ChangeKind kind);
  // The partitions of `parent` in `to`, in name order.
  std::vector<const Table*> partitions_of(const QualifiedName& parent) const;
  // The name the server gives `index`'s copy on `partition` (label "idx", "key" or "pkey"),
  // free among the relations the plan knows; recorded as taken.
  std::string partition_index_name(const Table& partition, const Index& index,
                                   const std::string& label);
  void plan_inheritance_change(const Change& change);    // INHERIT, NO INHERIT
  void plan_index_change(const Change& change);
  void plan_policy_change(const Change& change);
  void plan_function_change(const Change& change);  // functions, procedures and triggers
  // Rules and event triggers (render_rules.cpp).
  void plan_rule_change(const Change& change);
  void plan_statistics_change(const Change& change);  // render_rules.cpp
  void plan_event_trigger_change(const Change& change);
  // Rules the changes do not mention whose table or view, or a relation their actions name,
  // the plan drops or alters structurally, or that call a function dropped and created again:
  // dropped before and created again after. Also the rules of views the plan recreates.
  void find_dependent_rules();
  void plan_dependent_rules();
  void plan_domain_change(const Change& change);
  void plan_collation_change(const Change& change);  // render_collations.cpp
  void plan_domain_alteration(const Domain& before, const Domain& after);
  void plan_comment_change(const Change& change);
  void plan_privilege_change(const Change& change);  // render_privileges.cpp
  // The privileges of views the plan drops and creates again on its own (a column they
  // read changed), which the diff does not know of (render_privileges.cpp).
  void plan_recreated_view_privileges();
  void plan_rename(const Change& change);  // renames and schema moves
  // The constructor functions and multirange type of the range `before`, renamed by
  // `change`, which the server leaves under the old names.
  void plan_range_follow(const Change& change, const RangeType& before);
  void plan_enum_swaps();
  // Composite and range types (render_composite_types.cpp).
  void plan_composite_change(const Change& change);
  void plan_range_change(const Change& change);
  void plan_composite_swaps();
  // Whether dropping `function` (as work_ holds it) cannot wait until the tables are gone:
  // ddl::function_needs_relations, but for a SQL function a table's default or check calls
  // (ddl::function_created_unchecked), which must outlive those tables.
  bool needs_relations_before_tables(const Function& function);

  const std::vector<Change>& changes_;
  Schema work_;
  const Schema& to_;
  Schema renaming_;  // `from` as the renames are replayed, for serial sequence names
  PlanOptions options_;
  bool online_forms_used_ = false;  // Plan::statement_by_statement
  std::array<std::vector<PlannedStatement>, kPhaseCount> phases_;

  // ddl::functions_called_by_tables of to_ and of work_, read the first time a SQL function
  // needs them.
  std::optional<std::set<std::pair<std::string, std::string>>> called_by_tables_;
  std::optional<std::set<std::pair<std::string, std::string>>> called_by_tables_before_;
  std::set<QualifiedName> structural_tables_;  // columns dropped/retyped: views must go
  std::set<QualifiedName> created_tables_;     // created by this plan: they hold no rows
  std::set<ColumnKey> readded_parent_checks_;  // a parent's check dropped for INHERIT, re-added
  std::set<ColumnKey> affected_columns_;       // dropped, retyped or re-added columns
  std::set<ColumnKey> retyped_columns_;        // type changes, enum swaps included
  std::set<ColumnKey> default_set_, default_dropped_;
  std::set<QualifiedName> key_dropped_tables_;  // lost a primary key or unique key
  std::set<ColumnKey> changed_foreign_keys_, changed_policies_;
  std::set<QualifiedName> dropped_views_, created_views_;
  std::set<QualifiedName> views_to_drop_, recreated_views_;
  std::set<ColumnKey> recreated_policies_, disturbed_foreign_keys_;
  std::set<ColumnKey> changed_indexes_, changed_checks_;      // dropped or created by the diff
  std::set<ColumnKey> recreated_indexes_, recreated_checks_;  // read a retyped column
  std::vector<EnumSwap> enum_swaps_;
  struct CompositeSwap {
    ColumnKey column;
    const Column* before;
    const Column* after;
    const CompositeType* old_type;
    const CompositeType* new_type;
  };
  std::vector<CompositeSwap> composite_swaps_;
  std::set<QualifiedName> created_functions_;  // CreateFunction keys: a drop of one is a swap
  std::set<QualifiedName> created_domains_;    // CreateDomain objects: a drop of one is a swap
  // Schema and plain name of functions dropped and created again (another result, or another
  // signature under the same name): what calls them is dropped before and created after.
  std::set<QualifiedName> replaced_functions_;
  std::set<QualifiedName> created_function_names_;  // schema and plain name of CreateFunction
  // What the catalog's graph says depends on the functions the plan drops (empty when the
  // from side was not read from a database): these are dropped before and created after.
  std::set<ObjectId> function_dependents_;
  // DropFunction keys dropped early (kDropReplacedFunctions) although not created again.
  std::set<QualifiedName> early_function_drops_;
  std::set<ColumnKey> recreated_defaults_;  // column defaults calling a replaced function
  // Checks (by name) and defaults (empty name) of unchanged domains calling a replaced function.
  std::set<ColumnKey> recreated_domain_parts_;
  std::set<QualifiedName> created_ranges_;     // CreateRangeType objects: likewise
  std::set<ColumnKey> changed_rules_;          // relation and rule of the diff's rule changes
  std::set<ColumnKey> dropped_rules_;          // rules the plan drops on its own
  std::set<ColumnKey> recreated_rules_;        // rules the plan creates again on its own
  std::set<QualifiedName> rehomed_partitions_;  // dropped hash partitions whose rows move
  std::set<QualifiedName> taken_relations_;     // partition_index_name's, filled on first use
};

}  // namespace sleet::plan_detail
