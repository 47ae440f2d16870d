// plan_changes: the lock-safe (online) form of an index on a partitioned table. The server
// cannot build a partitioned table's index CONCURRENTLY, and a plain CREATE INDEX holds a SHARE
// lock on every partition for the whole build; instead the parent's index is created ON ONLY
// the parent (invalid, nothing built), each partition's index is built CONCURRENTLY and
// attached to it, and the parent's index becomes valid when its last partition's is attached.
// Each partition's index takes the name the server would have given it, so the result equals
// a plain CREATE INDEX's. docs/commands/generate.md ("Online migrations") and docs/diff.md.

#include <fmt/ranges.h>

#include "plan/plan_builder.h"
#include "plan/render_support.h"
#include "sleet/ddl.h"
#include "sleet/index_names.h"

namespace sleet::plan_detail {

namespace {

// CREATE INDEX ... ON ONLY `table`: the partitioned table's own index, built on no partition.
std::string create_index_on_only(const QualifiedName& table, const Index& index) {
  std::string sql = ddl::create_index(table, index);
  const std::string on = " ON " + qualified(table) + " USING ";
  std::size_t at = sql.find(on);
  if (at != std::string::npos) sql.insert(at + 4, "ONLY ");
  return sql;
}

}  // namespace

bool PlanBuilder::online_partitioned(const QualifiedName& table) const {
  auto found = to_.tables.find(table);
  return options_.online && !created_tables_.contains(table) && found != to_.tables.end() &&
         !found->second.partition_by.empty();
}

std::vector<const Table*> PlanBuilder::partitions_of(const QualifiedName& parent) const {
  std::vector<const Table*> partitions;
  for (const auto& [name, table] : to_.tables) {
    if (table.partition_of == parent) partitions.push_back(&table);
  }
  return partitions;
}

std::string PlanBuilder::partition_index_name(const Table& partition, const Index& index,
                                              const std::string& label) {
  auto taken = [&](const std::string& schema) {
    return [&, schema](const std::string& name) {
      return taken_relations_.contains(QualifiedName{schema, name});
    };
  };
  if (taken_relations_.empty()) {
    // Every relation name either side holds, and the names the server gave the partitions'
    // copies of the indexes and keys their parents already have (the model leaves those out).
    for (const Schema* schema : std::array<const Schema*, 2>{&work_, &to_}) {
      for (const auto& [name, table] : schema->tables) {
        for (QualifiedName& held : relation_names(table)) taken_relations_.insert(std::move(held));
      }
      for (const auto& [name, view] : schema->views) taken_relations_.insert(name);
      for (const auto& [name, sequence] : schema->sequences) taken_relations_.insert(name);
    }
    for (const auto& [name, parent] : work_.tables) {
      if (parent.partition_by.empty() || !to_.tables.contains(name)) continue;
      std::vector<Index> existing;
      if (parent.primary_key) existing.push_back(Index{parent.primary_key->name});
      for (const auto& [key_name, unique] : parent.unique_constraints) {
        Index key{key_name};
        for (const std::string& column : unique.columns)
          key.elements.push_back(IndexElement{column});
        existing.push_back(std::move(key));
      }
      for (const auto& [index_name, index] : parent.indexes) existing.push_back(index);
      predict_partition_indexes(name, existing, parent.primary_key.has_value(),
                                parent.unique_constraints.size());
    }
  }
  const std::string& schema = partition.name.schema;
  std::string name = choose_index_name(partition.name.name, index, label, taken(schema));
  taken_relations_.insert({schema, name});
  return name;
}

void PlanBuilder::predict_partition_indexes(const QualifiedName& parent,
                                            const std::vector<Index>& indexes, bool primary_key,
                                            std::size_t unique_keys) {
  // The server names a copy on a sub-partition after the sub-partition, like any other.
  // Partitions this plan creates get their copies when created, before the new indexes.
  for (const Table* child : partitions_of(parent)) {
    const std::string& schema = child->name.schema;
    auto taken = [&](const std::string& name) {
      return taken_relations_.contains(QualifiedName{schema, name});
    };
    for (std::size_t i = 0; i < indexes.size(); ++i) {
      const std::string label = primary_key && i == 0                     ? "pkey"
                                : i < unique_keys + (primary_key ? 1 : 0) ? "key"
                                                                          : "idx";
      taken_relations_.insert(
          {schema, choose_index_name(child->name.name, indexes[i], label, taken)});
    }
    if (!child->partition_by.empty())
      predict_partition_indexes(child->name, indexes, primary_key, unique_keys);
  }
}

void PlanBuilder::plan_partitioned_index(const QualifiedName& table, const Index& index) {
  online_forms_used_ = true;
  Index parent_index = index;
  parent_index.concurrently = false;
  emit(kCreateIndexes, create_index_on_only(table, parent_index), table, ChangeKind::CreateIndex,
       kNoHazard,
       "creates the partitioned table's index without building it: invalid until each "
       "partition's index below is attached");
  if (index.unique) {
    count_affected_rows(kCreateIndexes, index.name, count_duplicate_keys(table, index),
                        "key values held by more than one row");
  }
  build_partition_indexes(table, parent_index);
}

void PlanBuilder::build_partition_indexes(const QualifiedName& parent, const Index& parent_index) {
  const QualifiedName parent_name{parent.schema, parent_index.name};
  for (const Table* partition : partitions_of(parent)) {
    Index own = parent_index;
    own.comment.reset();
    own.name = partition_index_name(*partition, parent_index, "idx");
    if (!partition->partition_by.empty()) {
      emit(kCreateIndexes, create_index_on_only(partition->name, own), partition->name,
           ChangeKind::CreateIndex, kNoHazard,
           "the sub-partitioned table's index, valid once its partitions' are attached");
      build_partition_indexes(partition->name, own);
    } else {
      own.concurrently = true;
      emit(kCreateIndexes, ddl::create_index(partition->name, own), partition->name,
           ChangeKind::CreateIndex, kNoTransaction | (own.unique ? kMayFailOnData : kNoHazard),
           std::string("builds the partition's index without blocking writes (CONCURRENTLY, "
                       "outside a transaction)") +
               (own.unique ? "; fails on duplicate keys" : ""));
    }
    emit(kCreateIndexes,
         "ALTER INDEX " + qualified(parent_name) + " ATTACH PARTITION " +
             qualified(QualifiedName{partition->name.schema, own.name}),
         parent, ChangeKind::CreateIndex, kNoHazard,
         "attaches the partition's index to " + parent_index.name + " (a catalog change)");
  }
}

void PlanBuilder::plan_partitioned_key(const QualifiedName& table, const std::string& name,
                                       const std::vector<std::string>& columns,
                                       bool nulls_not_distinct, const std::string& clause,
                                       const std::string& deferral, ChangeKind kind) {
  online_forms_used_ = true;
  Index key;
  key.name = name;
  key.unique = true;
  key.nulls_not_distinct = nulls_not_distinct;
  for (const std::string& column : columns) key.elements.push_back(IndexElement{column});
  build_partition_keys(table, key, clause, deferral, kind);
  std::vector<std::string> quoted;
  for (const std::string& column : columns) quoted.push_back(quote_identifier(column));
  emit(kAddConstraints,
       "-- sleet:ignore disallowed-unique-constraint each partition holds this key already: the "
       "server attaches their constraints and builds nothing\n" +
           alter_table(table) + " ADD CONSTRAINT " + quote_identifier(name) + " " + clause + " (" +
           fmt::format("{}", fmt::join(quoted, ", ")) + ")" + deferral,
       table, kind, kNoHazard,
       "attaches each partition's constraint (its sub-partitioned tables' made by the server); "
       "no index is built");
  count_duplicate_key_rows(table, name, columns, clause == "PRIMARY KEY" || nulls_not_distinct);
}

void PlanBuilder::build_partition_keys(const QualifiedName& parent, const Index& key,
                                       const std::string& clause, const std::string& deferral,
                                       ChangeKind kind) {
  for (const Table* partition : partitions_of(parent)) {
    if (!partition->partition_by.empty()) {
      // The parent's ADD CONSTRAINT creates a sub-partitioned table's own and attaches it.
      build_partition_keys(partition->name, key, clause, deferral, kind);
      continue;
    }
    Index own = key;
    own.name = partition_index_name(*partition, key, clause == "PRIMARY KEY" ? "pkey" : "key");
    own.concurrently = true;
    emit(kAddConstraints, ddl::create_index(partition->name, own), partition->name, kind,
         kMayFailOnData | kNoTransaction,
         "builds the partition's unique index without blocking writes (outside a transaction); "
         "fails on duplicate keys");
    emit(kAddConstraints,
         alter_table(partition->name) + " ADD CONSTRAINT " + quote_identifier(own.name) + " " +
             clause + " USING INDEX " + quote_identifier(own.name) + deferral,
         partition->name, kind);
  }
}

}  // namespace sleet::plan_detail
