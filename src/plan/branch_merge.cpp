// Two branches merged into one drizzle-kit 0.x folder: the commutativity check on the schema
// model (object by object) and the rebase that puts their migrations in one line.
#include "sleet/branch_merge.h"

#include "plan/branch_rebase_internal.h"
#include "plan/folder_check_internal.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <optional>

#include "sleet/down_scripts.h"
#include "sleet/error.h"
#include "sleet/files.h"
#include "sleet/generate.h"
#include "sleet/snapshot.h"
#include "sleet/sources.h"
#include "sleet/sql.h"

namespace sleet {

namespace fs = std::filesystem;

namespace {

std::string key_name(const std::string& name) {
  return name;
}
std::string key_name(const QualifiedName& name) {
  return name.display();
}
std::string key_name(const Grant& grant) {
  std::string object = grant.name.empty() ? grant.schema : grant.schema + "." + grant.name;
  if (!grant.column.empty()) object += "." + grant.column;
  return fmt::format("{} on {} {} to {}", grant.privilege, grant.object_kind, object,
                     grant.grantee);
}

// Calls `visit(kind, map of a, map of b)` for every kind of object a Schema holds.
template <class A, class B, class Visit>
void for_each_kind(A& a, B& b, Visit visit) {
  visit("schema", a.namespaces, b.namespaces);
  visit("extension", a.extensions, b.extensions);
  visit("enum", a.enums, b.enums);
  visit("sequence", a.sequences, b.sequences);
  visit("collation", a.collations, b.collations);
  visit("domain", a.domains, b.domains);
  visit("composite type", a.composite_types, b.composite_types);
  visit("range type", a.range_types, b.range_types);
  visit("function", a.functions, b.functions);
  visit("table", a.tables, b.tables);
  visit("view", a.views, b.views);
  visit("role", a.roles, b.roles);
  visit("privilege", a.grants, b.grants);
}

// The objects ("table public.users") that differ between two states: created, dropped or
// changed.
std::set<std::string> changed_objects(const Schema& before, const Schema& after) {
  std::set<std::string> out;
  for_each_kind(before, after, [&](const char* kind, const auto& old_map, const auto& new_map) {
    for (const auto& [key, value] : old_map) {
      auto it = new_map.find(key);
      if (it == new_map.end() || !(it->second == value))
        out.insert(fmt::format("{} {}", kind, key_name(key)));
    }
    for (const auto& [key, value] : new_map) {
      if (!old_map.contains(key)) out.insert(fmt::format("{} {}", kind, key_name(key)));
    }
  });
  return out;
}

// `object` in `from` copied into `into` (or removed from it when `from` has none).
void take_object(Schema& into, const Schema& from, const std::string& object) {
  for_each_kind(into, from, [&](const char* kind, auto& to_map, const auto& from_map) {
    std::string prefix = std::string(kind) + " ";
    if (!object.starts_with(prefix)) return;
    std::string name = object.substr(prefix.size());
    for (auto it = to_map.begin(); it != to_map.end();) {
      it = key_name(it->first) == name ? to_map.erase(it) : std::next(it);
    }
    for (const auto& [key, value] : from_map) {
      if (key_name(key) == name) to_map.emplace(key, value);
    }
  });
}

std::string relation_object(const Schema& state, const QualifiedName& name) {
  return fmt::format("{} {}", state.views.contains(name) ? "view" : "table", name.display());
}

// What the objects in `written` stand on in `state`: their schema, the enum types and
// tables they use, the relations a view reads.
std::set<std::string> objects_read(const Schema& state, const std::set<std::string>& written) {
  std::set<std::string> out;
  auto schema_of = [&](const std::string& schema) {
    if (state.namespaces.contains(schema)) out.insert("schema " + schema);
  };
  auto type_of = [&](const TypeName& type) {
    if (!type.is_user_defined()) return;
    QualifiedName name{type.schema, type.name};
    const char* kind = state.domains.contains(name)           ? "domain"
                       : state.composite_types.contains(name) ? "composite type"
                       : state.range_types.contains(name)     ? "range type"
                                                              : "enum";
    out.insert(fmt::format("{} {}", kind, name.display()));
  };
  for (const auto& [name, table] : state.tables) {
    if (!written.contains("table " + name.display())) continue;
    schema_of(name.schema);
    for (const Column& column : table.columns) type_of(column.type);
    for (const auto& [key_name_, key] : table.foreign_keys)
      out.insert(relation_object(state, key.references));
    for (const auto& [policy_name, policy] : table.policies) {
      for (const std::string& role : policy.roles) {
        if (state.roles.contains(role)) out.insert("role " + role);
      }
    }
  }
  for (const auto& [name, view] : state.views) {
    if (!written.contains("view " + name.display())) continue;
    schema_of(name.schema);
    try {
      for (const auto& [schema, relation] : sql::referenced_relations(view.query.canonical)) {
        out.insert(relation_object(state, {schema.empty() ? "public" : schema, relation}));
      }
    } catch (const Error&) {
      // A body the parser cannot read: its table dependencies stay unknown.
    }
  }
  for (const auto& [name, value] : state.enums) {
    if (written.contains("enum " + name.display())) schema_of(name.schema);
  }
  for (const auto& [name, value] : state.sequences) {
    if (written.contains("sequence " + name.display())) schema_of(name.schema);
  }
  return out;
}

// One migration of a branch: the state after it, what it changed and what that stands on.
struct Step {
  std::string tag;
  Schema state;
  std::set<std::string> writes;
  std::set<std::string> reads;
  bool replayed = false;              // no snapshot of its own: its SQL applied to the state before
  std::vector<std::string> left_out;  // statements of a replay the model could not apply
};

Schema read_state(const fs::path& file) {
  return read_snapshot(read_text_file(file), file.string(), false).schema;
}

// A migration replayed from its SQL: the state after it, and the statements the model could
// not apply ("file:line:col: ... left out").
struct Replay {
  Schema state;
  std::vector<std::string> left_out;
};

Replay replay(const Schema& before, const Migration& migration) {
  ParseReport report = apply_migration_sql(before, {{migration.file.string(), migration.text}},
                                           migration.file.string());
  Replay out{std::move(report.schema), {}};
  for (const std::string& note : report.notes) {
    if (note.find("left out") != std::string::npos) out.left_out.push_back(note);
  }
  return out;
}

// Every relation a migration's statements name, as written to: what a replayed migration
// may have changed beyond what the model applied.
std::set<std::string> named_objects(const Schema& state, const Migration& migration) {
  std::set<std::string> out;
  try {
    for (const sql::StatementText& statement :
         sql::split_statements(migration.text, migration.file.string())) {
      for (const auto& [schema, relation] : sql::named_relations(statement.text))
        out.insert(relation_object(state, {schema.empty() ? "public" : schema, relation}));
    }
  } catch (const Error&) {
    // Does not parse: the replay already said so.
  }
  return out;
}

// The snapshot files two or more migrations share (0001_a and 0001_b: meta/0001_snapshot.json).
std::set<std::string> shared_snapshot_files(const MigrationFolder& folder) {
  std::map<std::string, int> count;
  for (const Migration& migration : folder.migrations())
    ++count[snapshot_file_name(migration.entry.tag)];
  std::set<std::string> shared;
  for (const auto& [file, n] : count) {
    if (n > 1) shared.insert(file);
  }
  return shared;
}

Schema state_before(const MigrationFolder& folder, const UnmergedBranches& branches) {
  if (branches.since.empty()) return {};
  fs::path file = folder.files_of(branches.since).snapshot;
  std::error_code error;
  if (!fs::exists(file, error)) {
    throw Error(ErrorKind::Usage,
                fmt::format("{}, where the two branches start, has no snapshot", branches.since),
                file.string(), "restore it from version control");
  }
  return read_state(file);
}

std::vector<Step> branch_steps(const MigrationFolder& folder, const Schema& start,
                               const std::vector<std::string>& tags,
                               const std::set<std::string>& shared) {
  std::vector<Step> steps;
  const Schema* before = &start;
  std::error_code error;
  for (const std::string& tag : tags) {
    const Migration* migration = folder.find(tag);
    Step step{tag};
    fs::path file = folder.files_of(tag).snapshot;
    if (!shared.contains(snapshot_file_name(tag)) && fs::exists(file, error)) {
      step.state = read_state(file);
    } else {
      Replay replayed = replay(*before, *migration);
      step.state = std::move(replayed.state);
      step.left_out = std::move(replayed.left_out);
      step.replayed = true;
    }
    step.writes = changed_objects(*before, step.state);
    // A statement the model left out still changed something: count every relation the
    // migration names as written, so the check errs towards a conflict.
    if (step.replayed) step.writes.merge(named_objects(step.state, *migration));
    step.reads = objects_read(step.state, step.writes);
    steps.push_back(std::move(step));
    before = &steps.back().state;
  }
  return steps;
}

const Schema& after_steps(const std::vector<Step>& steps, const Schema& start) {
  return steps.empty() ? start : steps.back().state;
}

// The object two steps both touch, or empty when they commute.
std::string clash(const Step& one, const Step& other) {
  for (const auto& [x, y] : {std::pair(&one, &other), std::pair(&other, &one)}) {
    for (const std::string& object : x->writes) {
      if (y->writes.contains(object)) {
        Schema mine;
        Schema theirs;
        take_object(mine, x->state, object);
        take_object(theirs, y->state, object);
        // The same change made on both sides (only when the model applied all of both).
        if (mine == theirs && x->left_out.empty() && y->left_out.empty()) continue;
        return object;
      }
      if (y->reads.contains(object)) return object;
    }
  }
  return {};
}

std::vector<BranchConflict> conflicts_of(const std::vector<Step>& first,
                                         const std::vector<Step>& second) {
  std::vector<BranchConflict> out;
  for (const Step& x : first) {
    for (const Step& y : second) {
      std::string object = clash(x, y);
      if (!object.empty()) out.push_back({x.tag, y.tag, object});
    }
  }
  return out;
}

// A statement of a migration file: its text trimmed (to compare) and the piece of the file it
// stands in (to write the file again without it).
struct Piece {
  std::string normalized;  // empty: whitespace or a comment only
  std::string text;
};

std::vector<Piece> pieces_of(const Migration& migration) {
  std::vector<Piece> out;
  if (migration.text.find(kStatementBreakpoint) != std::string::npos) {
    for (const MigrationChunk& chunk : split_migration(migration.text)) {
      std::vector<std::string> statement = plan_internal::v3_statements(chunk.text);
      out.push_back({statement.size() == 1 ? statement.front() : std::string(), chunk.text});
    }
    return out;
  }
  try {
    for (const sql::StatementText& statement :
         sql::split_statements(migration.text, migration.file.string())) {
      std::vector<std::string> trimmed = plan_internal::v3_statements(statement.text);
      out.push_back({trimmed.size() == 1 ? trimmed.front() : std::string(), statement.text + ";"});
    }
  } catch (const Error&) {
    out.clear();  // does not parse: nothing is taken out of it
  }
  return out;
}

std::string join_pieces(const std::vector<Piece>& pieces, bool breakpoints) {
  std::string out;
  for (const Piece& piece : pieces) {
    std::string text = piece.text;
    if (out.empty()) text.erase(0, std::min(text.size(), text.find_first_not_of("\r\n")));
    if (!out.empty()) out += breakpoints ? std::string(kStatementBreakpoint) : std::string("\n");
    out += text;
  }
  return out;
}

// The statement's first line, to name it.
std::string first_line(const std::string& statement) {
  std::string line = statement.substr(0, statement.find('\n'));
  return line.size() > 80 ? line.substr(0, 77) + "..." : line;
}

}  // namespace

BranchAnalysis analyze_branches(const MigrationFolder& folder, const UnmergedBranches& branches) {
  std::set<std::string> shared = shared_snapshot_files(folder);
  Schema start = state_before(folder, branches);
  std::vector<Step> first = branch_steps(folder, start, branches.first, shared);
  std::vector<Step> second = branch_steps(folder, start, branches.second, shared);
  return {branches, conflicts_of(first, second)};
}

namespace plan_internal {

std::string migration_name_part(const std::string& tag) {
  std::size_t underscore = tag.find('_');
  if (underscore == std::string::npos || underscore + 1 == tag.size()) return tag;
  return tag.substr(underscore + 1);
}

bool any_applied(const std::vector<std::string>& tags, const std::set<std::string>& applied) {
  return std::any_of(tags.begin(), tags.end(),
                     [&](const std::string& tag) { return applied.contains(tag); });
}

}  // namespace plan_internal

namespace {

bool index_prefixed(const std::string& tag) {
  return tag.size() > 5 && tag[4] == '_' &&
         std::all_of(tag.begin(), tag.begin() + 4, [](char c) { return c >= '0' && c <= '9'; });
}

std::string snapshot_id(const fs::path& file) {
  return read_snapshot(read_text_file(file), file.string(), false).header.id;
}

}  // namespace

RebaseResult rebase_branches(const MigrationFolder& folder, const std::set<std::string>& applied,
                             bool dry_run) {
  std::vector<UnmergedBranches> found = find_unmerged_branches(folder);
  const fs::path where = folder.journal_file();
  if (found.empty()) {
    throw Error(ErrorKind::Usage, "the folder's migrations are already in one line", where.string(),
                "nothing to rebase; 'sleet check' checks the rest");
  }
  if (folder.format() == FolderFormat::V3) {
    if (found.size() > 1) {
      throw Error(
          ErrorKind::Usage,
          fmt::format("more than two branches end unmerged ({} pairs of leaves)", found.size()),
          where.string(),
          "rebase puts two branches in one line: drop (sleet drop) or merge the others "
          "first; 'sleet check' names them");
    }
    return plan_internal::rebase_v3_branches(folder, found.front(), applied, dry_run);
  }
  const UnmergedBranches& branches = found.front();
  RebaseResult result;
  bool first_applied = plan_internal::any_applied(branches.first, applied);
  bool second_applied = plan_internal::any_applied(branches.second, applied);
  if (first_applied && second_applied) {
    throw Error(ErrorKind::Failure,
                fmt::format("both branches have migrations the database shows applied ([{}] and "
                            "[{}]); moving either would make that database run it again",
                            fmt::join(branches.first, ", "), fmt::join(branches.second, ", ")),
                folder.journal_file().string(),
                "put them in one line by hand: keep every applied migration's file and `when`, "
                "and mark the moved one applied where it ran (sleet migrate --mark-applied)");
  }
  bool keep_first = true;
  if (first_applied || second_applied) {
    keep_first = first_applied;
    result.reason = "its migrations are applied in the database";
  } else {
    keep_first = folder.find(branches.first.front())->entry.when <=
                 folder.find(branches.second.front())->entry.when;
    result.reason = "its first migration has the earlier journal `when`";
  }
  const std::vector<std::string>& kept = keep_first ? branches.first : branches.second;
  const std::vector<std::string>& moved = keep_first ? branches.second : branches.first;

  // Every migration after the fork belongs to one branch.
  const auto& migrations = folder.migrations();
  std::size_t fork = 0;
  if (!branches.since.empty()) {
    while (migrations[fork].entry.tag != branches.since) ++fork;
    ++fork;
  }
  if (migrations.size() - fork != kept.size() + moved.size()) {
    throw Error(ErrorKind::Usage,
                fmt::format("migrations after {} belong to neither branch ([{}] and [{}])",
                            branches.since.empty() ? "the start" : branches.since,
                            fmt::join(kept, ", "), fmt::join(moved, ", ")),
                folder.journal_file().string(),
                "run 'sleet check' and put the folder right by hand");
  }

  std::set<std::string> shared = shared_snapshot_files(folder);
  Schema start = state_before(folder, branches);
  std::vector<Step> kept_steps = branch_steps(folder, start, kept, shared);
  std::vector<Step> moved_steps = branch_steps(folder, start, moved, shared);
  std::vector<BranchConflict> conflicts = conflicts_of(kept_steps, moved_steps);
  if (!conflicts.empty()) {
    const BranchConflict& conflict = conflicts.front();
    throw Error(ErrorKind::Failure,
                fmt::format("{} and {} both change {}, so the branches do not commute: the "
                            "order they run in changes the result",
                            conflict.first_tag, conflict.second_tag, conflict.object),
                folder.journal_file().string(),
                fmt::format("nothing was changed. Decide the order by hand: keep {} (the "
                            "branch that landed first), drop {} only if no database applied "
                            "it, and generate its change again on top",
                            conflict.first_tag, conflict.second_tag));
  }
  for (const std::vector<Step>* steps : {&kept_steps, &moved_steps}) {
    for (const Step& step : *steps) {
      if (step.left_out.empty()) continue;
      throw Error(ErrorKind::Usage,
                  fmt::format("the merge left {} without a snapshot of its own, and its SQL "
                              "cannot be replayed into one: {}",
                              step.tag, step.left_out.front()),
                  folder.files_of(step.tag).snapshot.string(),
                  fmt::format("nothing was changed. Take {}'s snapshot from its branch (git show "
                              "BRANCH:<folder>/meta/{}) into the folder under a number of its "
                              "own, with its journal entry renumbered to match, then run "
                              "'sleet rebase' again",
                              step.tag, snapshot_file_name(step.tag)));
    }
  }
  result.kept = kept;

  // The same statement made on both sides (an object both leave identical, created or changed
  // by the same text) runs once: the kept branch's copy; a moved migration left without
  // statements goes whole.
  std::map<std::string, std::string> new_sql;
  std::set<std::string> emptied;
  for (const Step& y : moved_steps) {
    const Migration* migration = folder.find(y.tag);
    std::map<std::string, std::string> kept_statement;  // normalized -> the kept tag making it
    std::set<std::string> same_objects;
    for (const Step& x : kept_steps) {
      bool shared = false;
      for (const std::string& object : y.writes) {
        if (x.writes.contains(object)) {
          shared = true;
          same_objects.insert(object);
        }
      }
      if (!shared) continue;
      for (const Piece& piece : pieces_of(*folder.find(x.tag))) {
        if (!piece.normalized.empty()) kept_statement.emplace(piece.normalized, x.tag);
      }
    }
    if (same_objects.empty()) continue;
    std::vector<Piece> left;
    bool statements_left = false;
    for (const Piece& piece : pieces_of(*migration)) {
      auto twin = kept_statement.find(piece.normalized);
      if (!piece.normalized.empty() && twin != kept_statement.end()) {
        result.duplicates.push_back({y.tag, twin->second, first_line(piece.normalized)});
        continue;
      }
      statements_left = statements_left || !piece.normalized.empty();
      left.push_back(piece);
    }
    // An object both create, with statements that differ in text: the moved copy would fail.
    for (const Piece& piece : left) {
      if (piece.normalized.empty()) continue;
      std::set<std::string> named = named_objects(y.state, Migration{{}, {}, piece.normalized});
      for (const std::string& object : same_objects) {
        Schema existed;
        take_object(existed, start, object);
        if (!named.contains(object) || !(existed == Schema{})) continue;
        throw Error(ErrorKind::Failure,
                    fmt::format("both branches create {} the same, but {} does it with other "
                                "statements than the kept branch, so running it after the kept "
                                "branch would create it twice",
                                object, y.tag),
                    migration->file.string(),
                    fmt::format("nothing was changed. Remove the statements creating {} from {} "
                                "(no database applied it), then run 'sleet rebase' again",
                                object, y.tag));
      }
    }
    if (left.size() == pieces_of(*migration).size()) continue;  // nothing taken out
    if (!statements_left) {
      emptied.insert(y.tag);
      result.removed.push_back(y.tag);
    } else if (left.size() != pieces_of(*migration).size()) {
      new_sql[y.tag] = join_pieces(left, migration->entry.breakpoints);
      if (fs::exists(down_script_file(migration->file))) result.down_removed.push_back(y.tag);
    }
  }

  // The new journal: the common part, the kept branch, then the moved one renumbered.
  Journal journal = folder.journal();
  journal.entries.resize(fork);
  for (const std::string& tag : kept) journal.entries.push_back(folder.find(tag)->entry);
  struct Move {
    const Migration* migration;
    JournalEntry entry;
    std::size_t step;  // in moved_steps
  };
  std::vector<Move> moves;
  for (std::size_t step = 0; step < moved.size(); ++step) {
    const std::string& tag = moved[step];
    if (emptied.contains(tag)) continue;
    const Migration* migration = folder.find(tag);
    JournalEntry entry = migration->entry;
    int idx = static_cast<int>(journal.entries.size());
    entry.idx = idx;
    entry.when = std::max(entry.when, journal.entries.back().when + 1);
    if (index_prefixed(tag)) entry.tag = fmt::format("{:04}_{}", idx, plan_internal::migration_name_part(tag));
    if (entry.tag != tag && folder.find(entry.tag)) {
      throw Error(
          ErrorKind::Usage,
          fmt::format("{} would be renamed {}, which another migration has", tag, entry.tag),
          folder.journal_file().string(), "rename one of them by hand");
    }
    journal.entries.push_back(entry);
    moves.push_back({migration, entry, step});
    result.moved.emplace_back(tag, entry.tag);
  }
  for (std::size_t i = 0; i < journal.entries.size(); ++i)
    journal.entries[i].idx = static_cast<int>(i);
  if (dry_run) return result;

  // Snapshots: the kept branch's stay unless the merge left one of them holding the other
  // branch's state (a shared number); the moved ones are the kept leaf plus what they change.
  fs::path meta = folder.meta_directory();
  std::error_code error;
  std::optional<SnapshotHeader> layout_source;
  auto header_for = [&](const std::string& id, const std::string& prev_id) {
    SnapshotHeader header;
    header.id = id;
    header.prev_id = prev_id;
    if (!layout_source) {
      std::optional<fs::path> any = folder.latest_snapshot();
      if (any) layout_source = read_snapshot(read_text_file(*any), any->string(), true).header;
    }
    if (layout_source) header.layout = layout_source->layout;
    return header;
  };
  std::string previous_id = branches.since.empty()
                                ? kNoParentSnapshotId
                                : snapshot_id(folder.files_of(branches.since).snapshot);
  std::map<fs::path, std::string> to_write;
  for (std::size_t i = 0; i < kept_steps.size(); ++i) {
    const Step& step = kept_steps[i];
    fs::path file = folder.files_of(step.tag).snapshot;
    if (!step.replayed) {
      previous_id = snapshot_id(file);
      continue;
    }
    // The snapshot the merge kept under this number may be the kept migration's (then it
    // changes what the replay changes) or the other branch's.
    if (fs::exists(file, error) && changed_objects(i == 0 ? start : kept_steps[i - 1].state,
                                                   read_state(file)) == step.writes) {
      previous_id = snapshot_id(file);
      continue;
    }
    std::string id = random_uuid();
    to_write[file] = save_snapshot(step.state, header_for(id, previous_id));
    previous_id = id;
  }
  const Schema& kept_leaf = after_steps(kept_steps, start);
  std::set<std::string> moved_writes;
  for (std::size_t i = 0; i < moves.size(); ++i) {
    // A migration removed before this one still counts: what it wrote the kept branch made.
    for (std::size_t step = i == 0 ? 0 : moves[i - 1].step + 1; step <= moves[i].step; ++step)
      moved_writes.insert(moved_steps[step].writes.begin(), moved_steps[step].writes.end());
    Schema merged = kept_leaf;
    for (const std::string& object : moved_writes)
      take_object(merged, moved_steps[moves[i].step].state, object);
    std::string id = random_uuid();
    to_write[meta / snapshot_file_name(moves[i].entry.tag)] =
        save_snapshot(merged, header_for(id, previous_id));
    previous_id = id;
  }

  // Moved files first, then snapshots, the journal last; old names that nothing reuses go.
  auto normal = [](const fs::path& file) { return fs::absolute(file).lexically_normal(); };
  std::set<fs::path> keep_files;
  for (const auto& [file, text] : to_write) keep_files.insert(normal(file));
  for (const JournalEntry& entry : journal.entries) {
    keep_files.insert(normal(folder.directory() / (entry.tag + ".sql")));
    keep_files.insert(normal(meta / snapshot_file_name(entry.tag)));
  }
  for (const Move& move : moves) {
    auto sql = new_sql.find(move.migration->entry.tag);
    if (move.entry.tag == move.migration->entry.tag) {
      if (sql == new_sql.end()) continue;
      write_text_file(move.migration->file, sql->second);
      fs::remove(down_script_file(move.migration->file), error);
      continue;
    }
    fs::path file = folder.directory() / (move.entry.tag + ".sql");
    write_text_file(file, sql == new_sql.end() ? move.migration->text : sql->second);
    fs::path down = down_script_file(move.migration->file);
    // A migration that lost statements loses its down script: it reversed those too.
    if (sql == new_sql.end() && fs::exists(down, error))
      write_text_file(down_script_file(file), read_text_file(down));
  }
  for (const auto& [file, text] : to_write) write_text_file(file, text);
  write_text_file(folder.journal_file(), format_journal(journal));
  std::vector<const Migration*> gone;
  for (const Move& move : moves) {
    if (move.entry.tag != move.migration->entry.tag) gone.push_back(move.migration);
  }
  for (const std::string& tag : emptied) gone.push_back(folder.find(tag));
  for (const Migration* migration : gone) {
    fs::path old_file = migration->file;
    fs::path old_down = down_script_file(old_file);
    fs::path old_snapshot = meta / snapshot_file_name(migration->entry.tag);
    for (const fs::path& file : {old_file, old_down, old_snapshot}) {
      if (!keep_files.contains(normal(file))) fs::remove(file, error);
    }
  }
  return result;
}

}  // namespace sleet
