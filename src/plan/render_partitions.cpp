// plan_changes: a partition's changed bound. The partition is detached with the constraints
// that are dropped, and attached again with its new bound with those that are added: after
// the new partitions are created and dropped ones are gone (dropped_tables_phase), so ranges
// that move from one partition to another do not overlap on the way. Its rows stay.
//
// A hash partition whose rows cannot all follow its new bound (another modulus or remainder)
// sends the rows that no longer fit to a table aside before it is attached; once every
// partition is attached (kMoveRows) they go back through the parent into the partitions that
// now take them. A hash partition dropped while its parent is laid out again (the partitions
// `to` declares still take every hash value) is detached and emptied into its parent the same
// way instead of losing its rows. docs/diff.md, "Partitioned tables".

#include <fmt/ranges.h>

#include <cstdio>
#include <numeric>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"

namespace sleet::plan_detail {

namespace {

struct HashBound {
  long modulus = 0;
  long remainder = 0;
};

std::optional<HashBound> hash_bound(const Table& partition) {
  HashBound bound;
  if (std::sscanf(partition.partition_bound.c_str(), "FOR VALUES WITH (MODULUS %ld, REMAINDER %ld)",
                  &bound.modulus, &bound.remainder) != 2 ||
      bound.modulus <= 0)
    return std::nullopt;
  return bound;
}

// Every row of a partition bounded by `before` satisfies `after`.
bool rows_follow(const HashBound& before, const HashBound& after) {
  return before.modulus % after.modulus == 0 && before.remainder % after.modulus == after.remainder;
}

// The table at the top of `table`'s partition tree in `schema` (it holds the columns).
const Table& root_of(const Schema& schema, const Table& table) {
  const Table* current = &table;
  while (current->partition_of) {
    auto parent = schema.tables.find(*current->partition_of);
    if (parent == schema.tables.end()) break;
    current = &parent->second;
  }
  return *current;
}

// The partition key's expressions: "HASH (a, lower(b))" gives "a, lower(b)".
std::string key_expressions(const std::string& partition_by) {
  std::size_t open = partition_by.find('(');
  if (open == std::string::npos || partition_by.back() != ')') return partition_by;
  return partition_by.substr(open + 1, partition_by.size() - open - 2);
}

}  // namespace

void PlanBuilder::plan_partition_change(const Change& change) {
  const QualifiedName& object = change.object;
  const auto& before = as<Table>(change.before);
  const auto& after = as<Table>(change.after);
  const QualifiedName& parent = *after.partition_of;
  // DETACH ... CONCURRENTLY (PostgreSQL 14) takes SHARE UPDATE EXCLUSIVE on the parent instead
  // of ACCESS EXCLUSIVE; the server refuses it while the parent has a default partition.
  bool concurrently = options_.online && !created_tables_.contains(parent);
  for (const auto& [name, table] : work_.tables) {
    if (table.partition_of == *before.partition_of && table.partition_bound == "DEFAULT")
      concurrently = false;
  }
  if (concurrently) {
    online_forms_used_ = true;
    emit(kDropConstraints, ddl::detach_partition(*before.partition_of, object) + " CONCURRENTLY",
         object, change.kind, kNoTransaction,
         "detaches the partition without blocking the partitioned table's queries (outside a "
         "transaction)");
    const std::string check = detach_check_name(before);
    emit(kDropConstraints,
         "-- DETACH CONCURRENTLY left a copy of the old bound as a CHECK on the partition (unless "
         "one of its checks implied it): it would refuse the rows of the new bound\n" +
             alter_table(object) + " DROP CONSTRAINT IF EXISTS " + quote_identifier(check),
         object, change.kind);
  } else {
    emit(kDropConstraints, ddl::detach_partition(*before.partition_of, object), object, change.kind,
         kExclusiveLock, "locks the partitioned table while the partition is detached");
  }
  auto old_bound = hash_bound(before);
  auto new_bound = hash_bound(after);
  if (old_bound && new_bound && !rows_follow(*old_bound, *new_bound)) {
    const QualifiedName aside{object.schema, make_object_name(object.name, "", "sleet_moving")};
    emit(kAddConstraints,
         fmt::format("-- hash partitions laid out again: the rows of {0} outside its new bound "
                     "(modulus {1}, remainder {2}) wait in {3} until every partition is "
                     "attached, then go back through {4}\n"
                     "CREATE TABLE {5} (LIKE {6})",
                     object.display(), new_bound->modulus, new_bound->remainder, aside.display(),
                     parent.display(), qualified(aside), qualified(object)),
         object, change.kind);
    emit(kAddConstraints,
         fmt::format(
             "WITH moved AS (DELETE FROM {0} WHERE NOT satisfies_hash_partition({1}::regclass, "
             "{2}, {3}, {4}) RETURNING *) INSERT INTO {5} SELECT * FROM moved",
             qualified(object), quote_literal(qualified(parent)), new_bound->modulus,
             new_bound->remainder, key_expressions(to_.tables.at(parent).partition_by),
             qualified(aside)),
         object, change.kind, kExclusiveLock,
         "moves the rows the new bound does not take out of the detached partition");
    move_rows_into(parent, aside,
                   aside.display() + " holds the rows " + object.display() + " gave up");
  }
  emit(kAddConstraints, ddl::attach_partition(*after.partition_of, after), object, change.kind,
       kMayFailOnData,
       "scans the partition to check its rows against the new bound (and a default partition "
       "for rows the bound now covers); fails on rows outside it");
}

std::string PlanBuilder::detach_check_name(const Table& partition) const {
  // The server's ChooseConstraintName: <partition>_<column>_check when the bound's expression
  // reads one column, else <partition>_check; then check1, check2, ... past the names the
  // schema's constraints hold.
  const Table& root = root_of(work_, partition);
  const Table& parent = work_.tables.at(*partition.partition_of);
  const std::string keys =
      sql::canonical_expression("ROW(" + key_expressions(parent.partition_by) + ")");
  std::vector<std::string> read;
  for (const Column& column : root.columns)
    if (expression_mentions_column(keys, column.name)) read.push_back(column.name);
  std::set<std::string> taken;
  for (const auto& [name, table] : work_.tables) {
    if (name.schema != partition.name.schema) continue;
    if (table.primary_key) taken.insert(table.primary_key->name);
    for (const auto& [key, item] : table.unique_constraints) taken.insert(key);
    for (const auto& [key, item] : table.check_constraints) taken.insert(key);
    for (const auto& [key, item] : table.foreign_keys) taken.insert(key);
    for (const auto& [key, item] : table.exclusion_constraints) taken.insert(key);
  }
  for (int pass = 0;; ++pass) {
    std::string name = make_object_name(partition.name.name, read.size() == 1 ? read[0] : "",
                                        pass == 0 ? "check" : "check" + std::to_string(pass));
    if (!taken.contains(name)) return name;
  }
}

void PlanBuilder::move_rows_into(const QualifiedName& parent, const QualifiedName& source,
                                 const std::string& why) {
  // Every column both sides have except generated ones (the server computes them again);
  // identity columns keep their values.
  const Table& target_root = root_of(to_, to_.tables.at(parent));
  auto source_root = work_.tables.find(target_root.name);
  std::vector<std::string> columns;
  bool identity_always = false;
  for (const Column& column : target_root.columns) {
    if (column.generated) continue;
    if (source_root != work_.tables.end() && !source_root->second.find_column(column.name))
      continue;
    columns.push_back(quote_identifier(column.name));
    identity_always |= column.identity && column.identity->kind == Identity::Kind::Always;
  }
  const std::string list = fmt::format("{}", fmt::join(columns, ", "));
  emit(kMoveRows,
       fmt::format("INSERT INTO {} ({}){} SELECT {} FROM {}", qualified(parent), list,
                   identity_always ? " OVERRIDING SYSTEM VALUE" : "", list, qualified(source)),
       parent, ChangeKind::SetPartitionBound, kMayFailOnData | kTableRewrite,
       why +
           ": each row goes into the partition that now takes it; fails on a row no partition "
           "takes");
  emit(kMoveRows, "DROP TABLE " + qualified(source), source, ChangeKind::SetPartitionBound,
       kExclusiveLock, "its rows were moved into " + parent.display() + " just before");
}

void PlanBuilder::find_rehomed_partitions() {
  for (const Change& change : changes_) {
    if (change.kind != ChangeKind::DropTable) continue;
    auto dropped = work_.tables.find(change.object);
    if (dropped == work_.tables.end() || !dropped->second.partition_of ||
        !dropped->second.partition_by.empty() || !hash_bound(dropped->second))
      continue;
    const QualifiedName& parent = *dropped->second.partition_of;
    if (!to_.tables.contains(parent) || created_tables_.contains(parent)) continue;
    // The partitions `to` declares take every hash value: the sum of 1/modulus is 1.
    std::vector<HashBound> bounds;
    long common = 1;
    for (const Table* partition : partitions_of(parent)) {
      auto bound = hash_bound(*partition);
      if (!bound) continue;
      bounds.push_back(*bound);
      common = std::lcm(common, bound->modulus);
    }
    long covered = 0;
    for (const HashBound& bound : bounds) covered += common / bound.modulus;
    if (!bounds.empty() && covered == common) rehomed_partitions_.insert(change.object);
  }
}

void PlanBuilder::plan_rehomed_partitions() {
  for (const QualifiedName& name : rehomed_partitions_) {
    const QualifiedName& parent = *work_.tables.at(name).partition_of;
    bool concurrently = options_.online;
    for (const auto& [other, table] : work_.tables) {
      if (table.partition_of == parent && table.partition_bound == "DEFAULT") concurrently = false;
    }
    if (concurrently) online_forms_used_ = true;
    emit(kDropConstraints,
         "-- hash partitions laid out again: " + name.display() +
             " leaves, and its rows go into the partitions that take them below\n" +
             ddl::detach_partition(parent, name) + (concurrently ? " CONCURRENTLY" : ""),
         name, ChangeKind::DropTable, concurrently ? kNoTransaction : kExclusiveLock,
         "detaches the partition " +
             std::string(concurrently ? "without blocking queries (outside a transaction)"
                                      : "under an ACCESS EXCLUSIVE lock on the partitioned table"));
    move_rows_into(parent, name, name.display() + " is dropped");
  }
}

}  // namespace sleet::plan_detail
