// plan_changes: dependency analysis and phase ordering. Statements are collected in phases
// that run in a fixed order (see docs/diff.md, "Plan order"); within a phase, in the order
// the changes came.
#include <fmt/format.h>

#include <array>
#include <functional>
#include <set>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"
#include "sleet/error.h"
#include "sleet/plan.h"
#include "sleet/sql.h"

namespace sleet {

std::vector<const PlannedStatement*> Plan::with_hazard(Hazard hazard) const {
  std::vector<const PlannedStatement*> out;
  for (const auto& statement : statements) {
    if (statement.hazards & hazard) out.push_back(&statement);
  }
  return out;
}

namespace plan_detail {

namespace {

template <typename T>
const T* get(const ChangeObject& object) {
  return std::get_if<T>(&object);
}

}  // namespace

std::vector<QualifiedName> view_reads(const View& view) {
  std::vector<QualifiedName> out;
  try {
    for (const auto& [schema, name] : sql::referenced_relations(view.query.canonical)) {
      out.push_back(QualifiedName{schema.empty() ? "public" : schema, name});
    }
  } catch (const Error&) {
    // An unreadable body cannot be analysed; the view is then only recreated when it changed.
  }
  return out;
}

std::vector<QualifiedName> views_in_order(const std::map<QualifiedName, View>& views,
                                          const std::set<QualifiedName>& wanted) {
  std::vector<QualifiedName> ordered;
  std::map<QualifiedName, int> state;
  std::function<void(const QualifiedName&)> visit = [&](const QualifiedName& name) {
    int& mark = state[name];
    if (mark != 0) return;
    mark = 1;
    for (const QualifiedName& read : view_reads(views.at(name))) {
      if (views.contains(read)) visit(read);
    }
    state[name] = 2;
    if (wanted.contains(name)) ordered.push_back(name);
  };
  for (const auto& [name, view] : views) visit(name);
  return ordered;
}

void PlanBuilder::emit(Phase phase, std::string sql, const QualifiedName& object, ChangeKind kind,
                       unsigned hazards, std::string explanation) {
  phases_[phase].push_back(
      PlannedStatement{std::move(sql) + ";", hazards, std::move(explanation), object, kind});
}

void PlanBuilder::analyse() {
  for (const Change& change : changes_) {
    if (change.kind == ChangeKind::CreateTable) created_tables_.insert(change.object);
    ColumnKey key{change.object, change.name};
    switch (change.kind) {
      case ChangeKind::DropColumn:
      case ChangeKind::AlterColumnCollation:
      case ChangeKind::SetGenerated:
      case ChangeKind::DropGenerated:
        affected_columns_.insert(key);
        structural_tables_.insert(change.object);
        break;
      case ChangeKind::AlterColumnType:
        affected_columns_.insert(key);
        retyped_columns_.insert(key);
        structural_tables_.insert(change.object);
        break;
      case ChangeKind::DropTable:
        structural_tables_.insert(change.object);
        break;
      case ChangeKind::SetColumnDefault:
        default_set_.insert(key);
        break;
      case ChangeKind::DropColumnDefault:
        default_dropped_.insert(key);
        break;
      case ChangeKind::DropPrimaryKey:
      case ChangeKind::DropUnique:
        key_dropped_tables_.insert(change.object);
        break;
      case ChangeKind::DropIndex:
        if (auto* index = get<Index>(change.before); index && index->unique)
          key_dropped_tables_.insert(change.object);
        changed_indexes_.insert(key);
        break;
      case ChangeKind::CreateIndex:
        changed_indexes_.insert(key);
        break;
      case ChangeKind::AddCheck:
      case ChangeKind::DropCheck:
        changed_checks_.insert(key);
        break;
      case ChangeKind::DropForeignKey:
      case ChangeKind::AddForeignKey:
        changed_foreign_keys_.insert(key);
        break;
      case ChangeKind::DropPolicy:
      case ChangeKind::CreatePolicy:
        changed_policies_.insert(key);
        break;
      case ChangeKind::DropView:
        dropped_views_.insert(change.object);
        break;
      case ChangeKind::CreateView:
        created_views_.insert(change.object);
        break;
      case ChangeKind::CreateFunction:
        created_functions_.insert(change.object);
        break;
      case ChangeKind::CreateDomain:
        created_domains_.insert(change.object);
        break;
      case ChangeKind::CreateRangeType:
        created_ranges_.insert(change.object);
        break;
      default:
        break;
    }
  }
  std::set<QualifiedName> dropped_names, created_names;
  for (const Change& change : changes_) {
    if (change.kind == ChangeKind::DropFunction)
      dropped_names.insert(std::get<Function>(change.before).name);
    if (change.kind == ChangeKind::CreateFunction)
      created_names.insert(std::get<Function>(change.after).name);
  }
  for (const QualifiedName& name : dropped_names)
    if (created_names.contains(name)) replaced_functions_.insert(name);
  created_function_names_ = created_names;
  if (!work_.dependencies.empty()) {
    std::set<ObjectId> roots;
    for (const Change& change : changes_)
      if (change.kind == ChangeKind::DropFunction)
        roots.insert({ObjectId::Kind::Function, change.object, ""});
    function_dependents_ = work_.dependencies.dependents_of(roots, /*through_data=*/false);
  }
  find_early_function_drops();
  find_enum_swaps();
  find_composite_swaps();
  find_dependent_views();
  find_function_dependents();
  find_dependent_policies();
  find_dependent_indexes_and_checks();
  find_disturbed_foreign_keys();
  find_rehomed_partitions();
  find_dependent_rules();
}

void PlanBuilder::find_enum_swaps() {
  for (const Change& change : changes_) {
    if (change.kind != ChangeKind::RecreateEnum) continue;
    for (const auto& [table_name, table] : work_.tables) {
      auto target = to_.tables.find(table_name);
      if (target == to_.tables.end()) continue;
      for (const Column& column : table.columns) {
        if (column.type.schema != change.object.schema || column.type.name != change.object.name)
          continue;
        ColumnKey key{table_name, column.name};
        const Column* next = target->second.find_column(column.name);
        if (!next || next->type != column.type || affected_columns_.contains(key)) continue;
        enum_swaps_.push_back({key, &column, next});
        affected_columns_.insert(key);
        retyped_columns_.insert(key);
        structural_tables_.insert(table_name);
      }
    }
  }
}

void PlanBuilder::find_dependent_views() {
  views_to_drop_ = dropped_views_;
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [name, view] : work_.views) {
      if (views_to_drop_.contains(name)) continue;
      bool dependent = work_.dependencies.empty()
                           ? calls_replaced_function(view.query.canonical, false)
                           : depends_on_dropped_function(ObjectId::Kind::View, name);
      for (const QualifiedName& read : view_reads(view)) {
        dependent = dependent || structural_tables_.contains(read) || views_to_drop_.contains(read);
      }
      if (dependent) {
        views_to_drop_.insert(name);
        grew = true;
      }
    }
  }
  for (const QualifiedName& name : views_to_drop_) {
    if (!dropped_views_.contains(name) && to_.views.contains(name)) recreated_views_.insert(name);
  }
}

bool calls_any_of(const std::string& sql, bool expression,
                  const std::set<QualifiedName>& functions) {
  if (functions.empty()) return false;
  try {
    for (const auto& [schema, name] : sql::called_functions(expression ? "SELECT " + sql : sql)) {
      for (const QualifiedName& replaced : functions) {
        if (replaced.name == name && (schema.empty() || replaced.schema == schema)) return true;
      }
    }
  } catch (const Error&) {
    // Text that does not parse cannot be analysed; it is only recreated when it changed.
  }
  return false;
}

void PlanBuilder::find_early_function_drops() {
  std::set<QualifiedName> early;  // keys dropped in kDropReplacedFunctions for another reason
  std::map<QualifiedName, const Function*> late;
  for (const Change& change : changes_) {
    if (change.kind != ChangeKind::DropFunction) continue;
    const Function& function = std::get<Function>(change.before);
    if (created_functions_.contains(change.object) || replaced_functions_.contains(function.name) ||
        needs_relations_before_tables(function))
      early.insert(change.object);
    else
      late.emplace(change.object, &function);
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (auto it = late.begin(); it != late.end();) {
      bool calls_early = false;
      if (!work_.dependencies.empty()) {
        for (const QualifiedName& callee : early)
          calls_early = calls_early ||
                        work_.dependencies.depends_on({ObjectId::Kind::Function, it->first, ""},
                                                      {ObjectId::Kind::Function, callee, ""});
      } else if (it->second->sql_standard_body || it->second->aggregate) {
        std::set<QualifiedName> names;
        for (const QualifiedName& callee : early)
          names.insert(work_.functions.contains(callee) ? work_.functions.at(callee).name : callee);
        if (it->second->aggregate) {
          // An aggregate holds its support functions: it goes before them.
          for (const QualifiedName& support : it->second->aggregate->support_functions())
            calls_early = calls_early || names.contains(support);
        } else {
          calls_early = calls_any_of(function_body_sql(*it->second), false, names);
        }
      }
      if (!calls_early) {
        ++it;
        continue;
      }
      early.insert(it->first);
      early_function_drops_.insert(it->first);
      it = late.erase(it);
      grew = true;
    }
  }
}

void PlanBuilder::find_function_dependents() {
  // From a database, its catalog's graph says what depends on a dropped function, through any
  // name or overload; from files or a snapshot, the names the expressions call.
  const bool by_catalog = !work_.dependencies.empty();
  if (!by_catalog && replaced_functions_.empty()) return;
  auto calls = [&](const std::optional<Expression>& e) {
    return e && calls_replaced_function(e->canonical, true);
  };
  using Kind = ObjectId::Kind;
  std::set<QualifiedName> changed_domains;
  for (const Change& change : changes_) {
    if (change.kind == ChangeKind::CreateDomain || change.kind == ChangeKind::DropDomain ||
        change.kind == ChangeKind::AlterDomain)
      changed_domains.insert(change.object);
  }
  for (const auto& [domain_name, domain] : work_.domains) {
    auto target = to_.domains.find(domain_name);
    if (target == to_.domains.end() || target->second != domain ||
        changed_domains.contains(domain_name))
      continue;
    // The catalog records a domain's default with the type itself, not as an object of its own.
    if (by_catalog ? depends_on_dropped_function(Kind::Type, domain_name)
                   : calls(domain.default_value))
      recreated_domain_parts_.insert({domain_name, ""});
    for (const auto& [name, constraint] : domain.constraints) {
      if (by_catalog ? depends_on_dropped_function(Kind::DomainConstraint, domain_name, name)
                     : calls_replaced_function(constraint.expression.canonical, true))
        recreated_domain_parts_.insert({domain_name, name});
    }
  }
  for (const auto& [table_name, table] : work_.tables) {
    auto target = to_.tables.find(table_name);
    if (target == to_.tables.end()) continue;
    for (const Column& column : table.columns) {
      bool dependent =
          by_catalog ? depends_on_dropped_function(Kind::ColumnDefault, table_name, column.name) &&
                           column.default_value && !column.generated
                     : calls(column.default_value);
      if (dependent && target->second.find_column(column.name))
        recreated_defaults_.insert({table_name, column.name});
    }
    for (const auto& [name, policy] : table.policies) {
      bool dependent = by_catalog ? depends_on_dropped_function(Kind::Policy, table_name, name)
                                  : calls(policy.using_expression) || calls(policy.with_check);
      if (!changed_policies_.contains({table_name, name}) &&
          target->second.policies.contains(name) && dependent)
        recreated_policies_.insert({table_name, name});
    }
    for (const auto& [name, index] : table.indexes) {
      if (changed_indexes_.contains({table_name, name}) || !target->second.indexes.contains(name))
        continue;
      bool dependent = by_catalog ? depends_on_dropped_function(Kind::Index, table_name, name)
                                  : calls(index.where);
      for (const IndexElement& element : index.elements)
        dependent = dependent || (!by_catalog && calls(element.expression));
      if (dependent) recreated_indexes_.insert({table_name, name});
    }
    for (const auto& [name, check] : table.check_constraints) {
      bool dependent = by_catalog ? depends_on_dropped_function(Kind::Constraint, table_name, name)
                                  : calls(check.expression);
      if (!changed_checks_.contains({table_name, name}) &&
          target->second.check_constraints.contains(name) && dependent)
        recreated_checks_.insert({table_name, name});
    }
  }
}

void PlanBuilder::find_dependent_policies() {
  for (const auto& [table_name, table] : work_.tables) {
    if (!structural_tables_.contains(table_name) || !to_.tables.contains(table_name)) continue;
    const Table& target = to_.tables.at(table_name);
    for (const auto& [name, policy] : table.policies) {
      if (changed_policies_.contains({table_name, name}) || !target.policies.contains(name))
        continue;
      for (const auto& affected : affected_columns_) {
        if (affected.first != table_name) continue;
        const auto& column = affected.second;  // clang 14 cannot capture a structured binding
        auto reads = [&](const std::optional<Expression>& e) {
          return e && expression_mentions_column(e->canonical, column);
        };
        if (reads(policy.using_expression) || reads(policy.with_check)) {
          recreated_policies_.insert({table_name, name});
          break;
        }
      }
    }
  }
}

// PostgreSQL rebuilds index predicates, index expressions and checks on a retyped column by
// deparsing and parsing them again against the new type; literals typed for the old type
// (an enum renamed to <name>_old) then no longer match. They are dropped before the type
// change and created again from `to`, like views.
void PlanBuilder::find_dependent_indexes_and_checks() {
  for (const auto& entry : work_.tables) {
    // Named, not a structured binding: clang 14 cannot capture one in a lambda.
    const QualifiedName& table_name = entry.first;
    const Table& table = entry.second;
    if (!structural_tables_.contains(table_name) || !to_.tables.contains(table_name)) continue;
    const Table& target = to_.tables.at(table_name);
    auto reads_retyped = [&](const std::optional<Expression>& e) {
      if (!e) return false;
      for (const auto& [key, column] : retyped_columns_) {
        if (key == table_name && expression_mentions_column(e->canonical, column)) return true;
      }
      return false;
    };
    for (const auto& [name, index] : table.indexes) {
      if (changed_indexes_.contains({table_name, name}) || !target.indexes.contains(name)) continue;
      bool reads = reads_retyped(index.where);
      for (const IndexElement& element : index.elements)
        reads = reads || reads_retyped(element.expression);
      if (reads) recreated_indexes_.insert({table_name, name});
    }
    for (const auto& [name, check] : table.check_constraints) {
      if (changed_checks_.contains({table_name, name}) || !target.check_constraints.contains(name))
        continue;
      if (reads_retyped(check.expression)) recreated_checks_.insert({table_name, name});
    }
  }
}

void PlanBuilder::find_disturbed_foreign_keys() {
  for (const auto& [table_name, table] : work_.tables) {
    auto target = to_.tables.find(table_name);
    if (target == to_.tables.end()) continue;
    for (const auto& [name, key] : table.foreign_keys) {
      if (changed_foreign_keys_.contains({table_name, name}) ||
          !target->second.foreign_keys.contains(name))
        continue;
      bool disturbed = key_dropped_tables_.contains(key.references);
      for (const std::string& column : key.columns)
        disturbed = disturbed || retyped_columns_.contains({table_name, column});
      for (const std::string& column : key.referenced_columns)
        disturbed = disturbed || retyped_columns_.contains({key.references, column});
      if (disturbed) disturbed_foreign_keys_.insert({table_name, name});
    }
  }
}

// Dependent objects the changes themselves do not mention: views, policies and foreign
// keys dropped before the change that disturbs them and recreated as `to` has them.
void PlanBuilder::plan_dependents() {
  std::vector<QualifiedName> drop_order = views_in_order(work_.views, views_to_drop_);
  for (auto it = drop_order.rbegin(); it != drop_order.rend(); ++it) {
    const View& view = work_.views.at(*it);
    emit(kDropViews,
         fmt::format("DROP {}VIEW {}", view.materialized ? "MATERIALIZED " : "",
                     ddl::qualified(*it)),
         *it, ChangeKind::DropView);
  }
  std::set<QualifiedName> to_create = created_views_;
  to_create.insert(recreated_views_.begin(), recreated_views_.end());
  for (const QualifiedName& name : views_in_order(to_.views, to_create)) {
    const View& view = to_.views.at(name);
    emit(kCreateViews, ddl::create_view(view), name, ChangeKind::CreateView);
    // A materialized view's indexes right after it: views created after it may need a unique
    // one no more than the REFRESH ... CONCURRENTLY that follows a deploy does.
    for (auto [index_name, index] : view.indexes) {
      index.concurrently = false;  // nobody reads the new view yet; this runs in the transaction
      emit(kCreateViews, ddl::create_index(name, index), name, ChangeKind::CreateIndex,
           index.unique ? kMayFailOnData : kNoHazard,
           index.unique ? "fails on duplicate keys" : "");
      phases_[kCreateViews].back().member = index_name;
    }
    if (recreated_views_.contains(name) && view.comment) {
      emit(kComments,
           comment_statement(
               comment_target(view.materialized ? "MATERIALIZED VIEW" : "VIEW", name, ""),
               view.comment),
           name, ChangeKind::SetComment);
    }
    if (recreated_views_.contains(name)) {
      for (const auto& [index_name, index] : view.indexes) {
        if (!index.comment) continue;
        emit(kComments, comment_statement(comment_target("INDEX", name, index_name), index.comment),
             name, ChangeKind::SetComment);
      }
    }
  }
  for (const auto& [table, name] : recreated_defaults_) {
    emit(kDropConstraints, alter_column(table, name) + " DROP DEFAULT", table,
         ChangeKind::DropColumnDefault);
    const Column* column = to_.tables.at(table).find_column(name);
    if (column->default_value && !default_set_.contains({table, name})) {
      // After every function is created, those that need tables included.
      emit(kAddConstraints,
           alter_column(table, name) + " SET DEFAULT " + column->default_value->written(), table,
           ChangeKind::SetColumnDefault);
    }
  }
  for (const auto& [domain_name, name] : recreated_domain_parts_) {
    const Domain& domain = to_.domains.at(domain_name);
    const std::string target = "ALTER DOMAIN " + ddl::qualified(domain_name);
    if (name.empty()) {
      emit(kDropConstraints, target + " DROP DEFAULT", domain_name, ChangeKind::AlterDomain);
      emit(kAddConstraints, target + " SET DEFAULT " + domain.default_value->written(),
           domain_name, ChangeKind::AlterDomain);
      continue;
    }
    emit(kDropConstraints, fmt::format("{} DROP CONSTRAINT {}", target, sql::quote_identifier(name)),
         domain_name, ChangeKind::AlterDomain);
    emit(kAddConstraints,
         fmt::format("{} ADD {}", target, ddl::domain_check_clause(domain.constraints.at(name))),
         domain_name, ChangeKind::AlterDomain, kMayFailOnData,
         "checks every value of the domain's columns against the condition again");
  }
  for (const auto& [table, name] : recreated_policies_) {
    emit(kDropPolicies,
         fmt::format("DROP POLICY {} ON {}", sql::quote_identifier(name), ddl::qualified(table)),
         table, ChangeKind::DropPolicy);
    const Policy& policy = to_.tables.at(table).policies.at(name);
    emit(kPolicies, ddl::create_policy(table, policy), table, ChangeKind::CreatePolicy);
    if (policy.comment) {
      emit(kComments, comment_statement(comment_target("POLICY", table, name), policy.comment),
           table, ChangeKind::SetComment);
    }
  }
  for (const auto& [table, name] : recreated_indexes_) {
    const Index& index = to_.tables.at(table).indexes.at(name);
    if (!structural_tables_.contains(table)) {
      // Only a function it calls is created again: dropped and created like any changed
      // index (concurrently when the plan is online).
      Change drop{.kind = ChangeKind::DropIndex, .object = table, .name = name};
      drop.before = work_.tables.at(table).indexes.at(name);
      plan_index_change(drop);
      Change create{.kind = ChangeKind::CreateIndex, .object = table, .name = name};
      create.after = index;
      plan_index_change(create);
      if (index.comment) {
        emit(kComments, comment_statement(comment_target("INDEX", table, name), index.comment),
             table, ChangeKind::SetComment);
      }
      continue;
    }
    emit(kDropConstraints, "DROP INDEX " + ddl::qualified(QualifiedName{table.schema, name}), table,
         ChangeKind::DropIndex);
    Index plain = index;
    plain.concurrently = false;  // the table is locked by the type change anyway
    emit(kCreateIndexes, ddl::create_index(table, plain), table, ChangeKind::CreateIndex,
         index.unique ? kMayFailOnData : kNoHazard, index.unique ? "fails on duplicate keys" : "");
    if (index.unique) {
      count_affected_rows(kCreateIndexes, name, count_duplicate_keys(table, index),
                          "key values held by more than one row");
    }
    if (index.comment) {
      emit(kComments, comment_statement(comment_target("INDEX", table, name), index.comment), table,
           ChangeKind::SetComment);
    }
  }
  for (const auto& [table, name] : recreated_checks_) {
    emit(kDropConstraints,
         fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", ddl::qualified(table),
                     sql::quote_identifier(name)),
         table, ChangeKind::DropCheck);
    const CheckConstraint& check = to_.tables.at(table).check_constraints.at(name);
    emit_validated_constraint(
        kAddConstraints, table, name,
        fmt::format("ALTER TABLE {} ADD {}", ddl::qualified(table), ddl::check_clause(check)),
        ChangeKind::AddCheck, kMayFailOnData | kExclusiveLock,
        "checks every existing row against the condition again");
    count_affected_rows(kAddConstraints, name,
                        count_rows(table, "NOT (" + check.expression.canonical + ")"),
                        "rows violating " + name);
    if (check.comment) {
      emit(kComments, comment_statement(comment_target("CONSTRAINT", table, name), check.comment),
           table, ChangeKind::SetComment);
    }
  }
  for (const auto& [table, name] : disturbed_foreign_keys_) {
    emit(kDropForeignKeys,
         fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", ddl::qualified(table),
                     sql::quote_identifier(name)),
         table, ChangeKind::DropForeignKey);
    const ForeignKey& key = to_.tables.at(table).foreign_keys.at(name);
    emit_validated_constraint(kAddForeignKeys, table, name, ddl::add_foreign_key(table, key),
                              ChangeKind::AddForeignKey, kMayFailOnData,
                              "re-adds the foreign key and checks every existing row");
    if (key.comment) {
      emit(kComments, comment_statement(comment_target("CONSTRAINT", table, name), key.comment),
           table, ChangeKind::SetComment);
    }
  }
}

// Dropped tables normally go near the end, after everything is created. When `to` reuses a
// name a dropped table holds (an index name, say), the tables are dropped before anything
// is created instead. (A sequence one of them owns that survives is released before.)
namespace {

// Whether a column default of `table` calls nextval() on a sequence `owner`'s columns hold.
bool calls_sequence_of(const Table& table, const Table& owner) {
  std::vector<QualifiedName> sequences = column_sequences(owner);
  if (sequences.empty()) return false;
  for (const Column& column : table.columns) {
    if (!column.default_value) continue;
    const std::string& text = column.default_value->canonical;
    if (text.find("nextval(") == std::string::npos) continue;
    for (const QualifiedName& sequence : sequences) {
      if (text.find(sequence.name + "'") != std::string::npos) return true;
    }
  }
  return false;
}

}  // namespace

Phase PlanBuilder::dropped_tables_phase(const std::set<QualifiedName>& dropped) const {
  std::set<QualifiedName> wanted;
  for (const auto& [name, table] : to_.tables) {
    for (QualifiedName& held : relation_names(table)) wanted.insert(std::move(held));
  }
  for (const auto& [name, view] : to_.views) wanted.insert(name);
  for (const auto& [name, sequence] : to_.sequences) wanted.insert(name);
  // A table's name is also its row type's, which an enum cannot take.
  for (const auto& [name, type] : to_.enums) wanted.insert(name);
  bool reused = false;
  for (const QualifiedName& name : dropped) {
    // A dropped partition goes early too: a partition attached later may take its range.
    reused |= work_.tables.at(name).partition_of.has_value();
    for (const QualifiedName& held : relation_names(work_.tables.at(name))) {
      reused |= wanted.contains(held);
    }
  }
  return reused ? kDropColumns : kDropTables;
}

void PlanBuilder::plan_dropped_tables() {
  std::set<QualifiedName> dropped;
  for (const Change& change : changes_) {
    if (change.kind == ChangeKind::DropTable && !rehomed_partitions_.contains(change.object))
      dropped.insert(change.object);
  }
  plan_rehomed_partitions();
  if (dropped.empty()) return;
  const Phase phase = dropped_tables_phase(dropped);
  // A table is dropped before the dropped tables it references; a cycle is broken by
  // dropping the foreign key that closes it.
  // Referencing tables first: visit in reverse so that a referenced table waits.
  std::vector<QualifiedName> order;
  std::map<QualifiedName, int> mark;
  std::function<void(const QualifiedName&)> post = [&](const QualifiedName& name) {
    if (mark[name]) return;
    mark[name] = 1;
    for (const auto& [key_name, key] : work_.tables.at(name).foreign_keys) {
      if (dropped.contains(key.references) && key.references != name) post(key.references);
    }
    // A partition is dropped before its parent (whose DROP would take it along).
    const auto& parent = work_.tables.at(name).partition_of;
    if (parent && dropped.contains(*parent)) post(*parent);
    // So is an inheriting table (DROP TABLE refuses a parent that has children).
    for (const QualifiedName& inherited : work_.tables.at(name).inherits)
      if (dropped.contains(inherited)) post(inherited);
    // So is a table whose default calls a dropped table's serial sequence (a LIKE copy's).
    for (const QualifiedName& other : dropped) {
      if (other != name && calls_sequence_of(work_.tables.at(name), work_.tables.at(other)))
        post(other);
    }
    order.push_back(name);
  };
  for (const QualifiedName& name : dropped) post(name);
  // `order` lists referenced tables before referencing ones; drop in reverse.
  std::set<QualifiedName> done;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    for (const auto& [key_name, key] : work_.tables.at(*it).foreign_keys) {
      // A key to a table that stays, whose key or referenced columns this plan drops or
      // changes first, would stop that change: drop the key first.
      bool disturbed = false;
      if (!dropped.contains(key.references)) {
        disturbed = key_dropped_tables_.contains(key.references);
        for (const std::string& column : key.referenced_columns) {
          disturbed = disturbed || affected_columns_.contains({key.references, column});
        }
      }
      // A key to a table already dropped closes a cycle: drop the key first.
      if (disturbed || (key.references != *it && done.contains(key.references))) {
        emit(kDropForeignKeys,
             fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", ddl::qualified(*it),
                         sql::quote_identifier(key_name)),
             *it, ChangeKind::DropForeignKey);
      }
    }
    done.insert(*it);
    emit(phase, "DROP TABLE " + ddl::qualified(*it), *it, ChangeKind::DropTable,
         kDataLoss | kExclusiveLock, "drops the table and all its rows");
    count_affected_rows(phase, "", count_rows(*it), "rows in the table");
  }
}

namespace {

bool is_rename(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::RenameDomain:
    case ChangeKind::MoveDomain:
    case ChangeKind::RenameCompositeType:
    case ChangeKind::MoveCompositeType:
    case ChangeKind::RenameCompositeAttribute:
    case ChangeKind::RenameRangeType:
    case ChangeKind::MoveRangeType:
    case ChangeKind::RenameSchema:
    case ChangeKind::RenameEnum:
    case ChangeKind::MoveEnum:
    case ChangeKind::RenameEnumValue:
    case ChangeKind::RenameSequence:
    case ChangeKind::MoveSequence:
    case ChangeKind::RenameTable:
    case ChangeKind::MoveTable:
    case ChangeKind::RenameColumn:
    case ChangeKind::RenameView:
    case ChangeKind::MoveView:
    case ChangeKind::RenamePolicy:
    case ChangeKind::RenameConstraint:
    case ChangeKind::RenameIndex:
      return true;
    default:
      return false;
  }
}

}  // namespace

Plan PlanBuilder::build() {
  analyse();
  plan_dependents();
  plan_dependent_rules();
  plan_recreated_view_privileges();
  for (const Change& change : changes_) {
    std::array<std::size_t, kPhaseCount> sizes;
    for (int phase = 0; phase < kPhaseCount; ++phase) sizes[phase] = phases_[phase].size();
    plan_change(change);
    // The member a change is about, for messages: its statements may not have set one.
    for (int phase = 0; phase < kPhaseCount; ++phase) {
      for (std::size_t i = sizes[phase]; i < phases_[phase].size(); ++i) {
        PlannedStatement& statement = phases_[phase][i];
        if (statement.member.empty()) statement.member = change.name;
        if (statement.kind != change.kind || !is_rename(change.kind)) continue;
        if (!change.old_name.empty()) {
          statement.renamed_from = change.old_name;
        } else if (!change.old_object.name.empty()) {
          statement.renamed_from = change.old_object.display();
        } else {
          statement.renamed_from = change.old_object.schema;  // a schema
        }
      }
    }
  }
  plan_enum_swaps();
  plan_composite_swaps();
  plan_dropped_tables();
  Plan plan;
  for (auto& phase : phases_) {
    for (auto& statement : phase) plan.statements.push_back(std::move(statement));
  }
  plan.statement_by_statement = online_forms_used_ || !plan.with_hazard(kNoTransaction).empty();
  return plan;
}

}  // namespace plan_detail

Plan plan_changes(const std::vector<Change>& changes, const Schema& from, const Schema& to,
                  const PlanOptions& options) {
  if (changes.empty()) return {};  // nothing to order: no copy of `from` with renames applied
  return plan_detail::PlanBuilder(changes, from, to, options).build();
}

}  // namespace sleet
