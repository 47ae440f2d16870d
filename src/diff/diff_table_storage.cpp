// A table's persistence (LOGGED / UNLOGGED), storage parameters (WITH (...)) and the settings
// pg_dump writes after CREATE TABLE (a column's statistics target, storage, compression and
// options; REPLICA IDENTITY; CLUSTER ON): altered in place, never by re-creating the table.
#include "diff/diff_internal.h"

namespace sleet::diff_detail {

namespace {

void setting_change(ChangeKind kind, const QualifiedName& table, const Column& from,
                    const Column& to, std::vector<Change>& out) {
  Change change = make_change(kind, table, to.name);
  change.before = from;
  change.after = to;
  out.push_back(std::move(change));
}

// Whether `out` drops the index (or the constraint's index) `name` of `table`: created again,
// it has lost the replica identity or cluster mark the server kept on it.
bool index_dropped(const QualifiedName& table, const std::string& name,
                   const std::vector<Change>& out) {
  if (name.empty()) return false;
  for (const Change& change : out) {
    if (change.object != table || change.name != name) continue;
    switch (change.kind) {
      case ChangeKind::DropIndex:
      case ChangeKind::DropPrimaryKey:
      case ChangeKind::DropUnique:
      case ChangeKind::DropExclusion:
        return true;
      default:
        break;
    }
  }
  return false;
}

}  // namespace

void diff_table_storage(const Table& from, const Table& to, std::vector<Change>& out) {
  if (from.unlogged != to.unlogged) {
    Change change =
        make_change(to.unlogged ? ChangeKind::SetUnlogged : ChangeKind::SetLogged, to.name);
    out.push_back(std::move(change));
  }
  if (from.with != to.with) {
    Change change = make_change(ChangeKind::SetStorageParameters, to.name);
    change.before = from;
    change.after = to;
    out.push_back(std::move(change));
  }
}

void diff_column_settings(const QualifiedName& table, const Column& from, const Column& to,
                          std::vector<Change>& out) {
  if (from.statistics != to.statistics)
    setting_change(ChangeKind::SetColumnStatistics, table, from, to, out);
  // A new type resets the storage mode to the type's own (ALTER COLUMN ... TYPE).
  bool retyped = from.type != to.type;
  if (retyped ? !to.storage.empty() : from.storage != to.storage)
    setting_change(ChangeKind::SetColumnStorage, table, from, to, out);
  if (from.compression != to.compression || (retyped && !to.compression.empty()))
    setting_change(ChangeKind::SetColumnCompression, table, from, to, out);
  if (from.options != to.options)
    setting_change(ChangeKind::SetColumnOptions, table, from, to, out);
}

void new_column_settings(const QualifiedName& table, const Column& column,
                         std::vector<Change>& out) {
  Column plain;
  plain.name = column.name;
  plain.type = column.type;
  diff_column_settings(table, plain, column, out);
}

void diff_table_settings(const Table& from, const Table& to, std::vector<Change>& out) {
  bool identity_changed = from.replica_identity != to.replica_identity ||
                          from.replica_identity_index != to.replica_identity_index;
  if (identity_changed ||
      (to.replica_identity == "index" && index_dropped(to.name, to.replica_identity_index, out))) {
    Change change = make_change(ChangeKind::SetReplicaIdentity, to.name);
    change.before = from;
    change.after = to;
    out.push_back(std::move(change));
  }
  if (from.cluster_on != to.cluster_on || index_dropped(to.name, to.cluster_on, out)) {
    Change change = make_change(ChangeKind::SetClusterOn, to.name);
    change.before = from;
    change.after = to;
    out.push_back(std::move(change));
  }
}

}  // namespace sleet::diff_detail
