// diff_schemas: extended statistics. A statistics object is matched by its own name wherever
// its table went (renames are applied to `from` already, and the server follows a table or
// column rename); a changed definition, a move to another table, or a column it reads that
// `out` drops or retypes is drop + create; the target alone is ALTER STATISTICS, the comment
// alone a SetComment.
#include <set>

#include "diff/diff_internal.h"

namespace sleet::diff_detail {

namespace {

struct Held {
  QualifiedName table;
  const Statistics* statistics = nullptr;
};

std::map<QualifiedName, Held> all_statistics(const Schema& schema) {
  std::map<QualifiedName, Held> out;
  for (const auto& [table_name, table] : schema.tables)
    for (const auto& [name, statistics] : table.statistics) out[name] = {table_name, &statistics};
  return out;
}

bool same_definition(const Statistics& a, const Statistics& b) {
  return a.kinds == b.kinds && a.columns == b.columns && a.expressions == b.expressions;
}

}  // namespace

void diff_statistics(const Schema& from, const Schema& to, std::vector<Change>& out) {
  // Columns `out` drops or retypes: the statistics reading them are made again after.
  std::set<std::pair<QualifiedName, std::string>> disturbed;
  std::set<QualifiedName> disturbed_tables;
  for (const Change& change : out) {
    if (change.kind != ChangeKind::DropColumn && change.kind != ChangeKind::AlterColumnType)
      continue;
    disturbed.insert({change.object, change.name});
    disturbed_tables.insert(change.object);
  }
  auto reads_disturbed = [&](const QualifiedName& table, const Statistics& statistics) {
    for (const std::string& column : statistics.columns)
      if (disturbed.contains({table, column})) return true;
    // An expression may read any column of its table.
    return !statistics.expressions.empty() && disturbed_tables.contains(table);
  };
  auto emit = [&](ChangeKind kind, const QualifiedName& table, const Statistics* before,
                  const Statistics* after) {
    Change change = make_change(kind, table, (after ? after : before)->name.name);
    if (before) change.before = *before;
    if (after) change.after = *after;
    out.push_back(change);
  };
  std::map<QualifiedName, Held> old_ones = all_statistics(from);
  std::map<QualifiedName, Held> new_ones = all_statistics(to);
  for (const auto& [name, held] : old_ones) {
    auto it = new_ones.find(name);
    if (it == new_ones.end() || it->second.table != held.table ||
        !same_definition(*held.statistics, *it->second.statistics) ||
        reads_disturbed(held.table, *held.statistics))
      emit(ChangeKind::DropStatistics, held.table, held.statistics, nullptr);
  }
  for (const auto& [name, held] : new_ones) {
    const Statistics& statistics = *held.statistics;
    auto it = old_ones.find(name);
    if (it == old_ones.end() || it->second.table != held.table ||
        !same_definition(*it->second.statistics, statistics) ||
        reads_disturbed(held.table, *it->second.statistics)) {
      emit(ChangeKind::CreateStatistics, held.table, nullptr, &statistics);
      continue;
    }
    const Statistics& old = *it->second.statistics;
    if (old.target != statistics.target)
      emit(ChangeKind::AlterStatistics, held.table, &old, &statistics);
    if (old.comment != statistics.comment) {
      Change change = make_change(ChangeKind::SetComment, name);
      change.detail = "STATISTICS";
      if (statistics.comment) change.after = *statistics.comment;
      out.push_back(change);
    }
  }
}

}  // namespace sleet::diff_detail
