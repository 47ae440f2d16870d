#include "sleet/custom_migrations.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "sleet/files.h"
#include "sleet/generate.h"
#include "sleet/snapshot_v9.h"
#include "sleet/sources.h"

namespace sleet {

namespace {

namespace fs = std::filesystem;

// `text` with the string values of its first "id" and "prevId" members blanked: two
// snapshots that differ only there hold the same schema.
std::string without_ids(std::string text) {
  for (std::string_view key : {"\"id\":", "\"prevId\":"}) {
    size_t at = text.find(key);
    if (at == std::string::npos) continue;
    size_t open = text.find('"', at + key.size());
    size_t close = open == std::string::npos ? open : text.find('"', open + 1);
    if (close == std::string::npos) continue;
    text.erase(open + 1, close - open - 1);
  }
  return text;
}

// Adds the entries of `folded` that `snapshot` lacks to `declared` when it lacks them too.
template <typename Map, typename Keep = bool (*)(const typename Map::mapped_type&)>
void keep_added(
    Map& declared, const Map& snapshot, const Map& folded,
    Keep keep = [](const typename Map::mapped_type&) { return true; }) {
  for (const auto& [key, value] : folded) {
    if (!snapshot.contains(key) && !declared.contains(key) && keep(value))
      declared.emplace(key, value);
  }
}

}  // namespace

Snapshot read_latest_snapshot(const MigrationFolder& folder, const fs::path& snapshot,
                              bool with_layout) {
  if (folder.format() != FolderFormat::V3) {
    return read_snapshot(read_text_file(snapshot), snapshot.string(), with_layout);
  }
  V9FolderState state = read_v9_folder_state(folder.snapshot_files());
  Snapshot read;
  read.header.id = state.leaf_ids.empty() ? kNoParentSnapshotId : state.leaf_ids.front();
  read.schema = std::move(state.schema);
  read.has_sleet_member = !state.sleet_member.is_null();
  return read;
}

bool is_custom_migration(const MigrationFolder& folder, std::size_t index) {
  const std::vector<Migration>& migrations = folder.migrations();
  const Migration& migration = migrations.at(index);
  if (std::string_view(migration.text).starts_with(kCustomMigrationTemplateLine)) return true;
  if (folder.format() == FolderFormat::V3) {
    // drizzle-kit 1.0's own rule: a diff snapshot without deltas. One with sleet's "sleet"
    // member is sleet's migration of what drizzle-kit does not model: the member says it all.
    fs::path file = folder.files_of(migration.entry.tag).snapshot;
    std::error_code error;
    if (!fs::exists(file, error)) return false;
    try {
      V9Snapshot snapshot = read_v9_snapshot(read_text_file(file), file);
      return !snapshot.base && snapshot.deltas.empty() && snapshot.sleet.is_null();
    } catch (const Error&) {
      return false;  // check and the state's reader report a broken snapshot
    }
  }
  if (index == 0) return false;
  fs::path snapshot = folder.meta_directory() / snapshot_file_name(migration.entry.tag);
  fs::path previous = folder.meta_directory() / snapshot_file_name(migrations[index - 1].entry.tag);
  // A copy has the same length (ids are UUIDs): only then are both files read.
  std::error_code error;
  auto size = fs::file_size(snapshot, error);
  if (error || snapshot == previous) return false;
  auto previous_size = fs::file_size(previous, error);
  if (error || size != previous_size) return false;
  return without_ids(read_text_file(snapshot)) == without_ids(read_text_file(previous));
}

CustomMigrationFold fold_custom_migrations(const MigrationFolder& folder, Schema& schema,
                                           const std::string& snapshot_file) {
  CustomMigrationFold fold;
  const std::vector<Migration>& migrations = folder.migrations();
  std::vector<SchemaSource> sources;
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (!is_custom_migration(folder, i)) continue;
    fold.tags.push_back(migrations[i].entry.tag);
    sources.push_back(SchemaSource{migrations[i].file.string(), migrations[i].text});
  }
  if (sources.empty()) return fold;
  fold.before = schema;
  ParseReport report = apply_migration_sql(std::move(schema), sources, snapshot_file);
  schema = std::move(report.schema);
  fold.notes = std::move(report.notes);
  return fold;
}

void keep_custom_objects(Schema& declared, const Schema& snapshot, const Schema& folded) {
  keep_added(declared.namespaces, snapshot.namespaces, folded.namespaces);
  keep_added(declared.extensions, snapshot.extensions, folded.extensions);
  keep_added(declared.enums, snapshot.enums, folded.enums);
  keep_added(declared.sequences, snapshot.sequences, folded.sequences);
  keep_added(declared.tables, snapshot.tables, folded.tables);
  keep_added(declared.views, snapshot.views, folded.views);
  keep_added(declared.functions, snapshot.functions, folded.functions);
  keep_added(declared.domains, snapshot.domains, folded.domains);
  keep_added(declared.collations, snapshot.collations, folded.collations);
  keep_added(declared.composite_types, snapshot.composite_types, folded.composite_types);
  keep_added(declared.range_types, snapshot.range_types, folded.range_types);
  keep_added(declared.event_triggers, snapshot.event_triggers, folded.event_triggers);
  // Values an ALTER TYPE ... ADD VALUE added, each after the value it follows there.
  for (const auto& [name, type] : folded.enums) {
    auto before = snapshot.enums.find(name);
    auto kept = declared.enums.find(name);
    if (before == snapshot.enums.end() || kept == declared.enums.end()) continue;
    std::vector<std::string>& values = kept->second.values;
    auto holds = [](const std::vector<std::string>& list, const std::string& value) {
      return std::find(list.begin(), list.end(), value) != list.end();
    };
    for (size_t i = 0; i < type.values.size(); ++i) {
      const std::string& value = type.values[i];
      if (holds(before->second.values, value) || holds(values, value)) continue;
      auto at =
          i == 0 ? values.begin() : std::find(values.begin(), values.end(), type.values[i - 1]);
      values.insert(at == values.end() ? at : (i == 0 ? at : at + 1), value);
    }
  }
  for (const auto& [name, table] : folded.tables) {
    auto before = snapshot.tables.find(name);
    auto kept = declared.tables.find(name);
    if (before == snapshot.tables.end() || kept == declared.tables.end()) continue;
    for (const Column& column : table.columns) {
      const Column* earlier = before->second.find_column(column.name);
      Column* declared_column = kept->second.find_column(column.name);
      if (!earlier && !declared_column) kept->second.columns.push_back(column);
      // COMMENT ON COLUMN in a custom migration.
      if (earlier && declared_column && column.comment && !earlier->comment &&
          !declared_column->comment)
        declared_column->comment = column.comment;
    }
    if (table.comment && !before->second.comment && !kept->second.comment)
      kept->second.comment = table.comment;
    // What stands on columns the schema files dropped went with them.
    auto has_columns = [&](const auto& item) {
      return std::all_of(item.columns.begin(), item.columns.end(), [&](const std::string& c) {
        return kept->second.find_column(c) != nullptr;
      });
    };
    keep_added(
        kept->second.indexes, before->second.indexes, table.indexes, [&](const Index& index) {
          return std::all_of(
              index.elements.begin(), index.elements.end(), [&](const IndexElement& element) {
                return element.column.empty() || kept->second.find_column(element.column);
              });
        });
    keep_added(kept->second.foreign_keys, before->second.foreign_keys, table.foreign_keys,
               has_columns);
    keep_added(kept->second.unique_constraints, before->second.unique_constraints,
               table.unique_constraints, has_columns);
    keep_added(kept->second.check_constraints, before->second.check_constraints,
               table.check_constraints);
    keep_added(kept->second.policies, before->second.policies, table.policies);
    keep_added(kept->second.triggers, before->second.triggers, table.triggers);
    keep_added(kept->second.rules, before->second.rules, table.rules);
    keep_added(kept->second.statistics, before->second.statistics, table.statistics, has_columns);
  }
  for (const auto& [name, view] : folded.views) {
    auto before = snapshot.views.find(name);
    auto kept = declared.views.find(name);
    if (before != snapshot.views.end() && kept != declared.views.end()) {
      keep_added(kept->second.rules, before->second.rules, view.rules);
      // An index a custom migration put on a materialized view (the way before schema files
      // could declare one).
      keep_added(kept->second.indexes, before->second.indexes, view.indexes);
    }
  }
}

}  // namespace sleet
