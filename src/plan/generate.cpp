#include "sleet/generate.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <future>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "generate_v9.h"
#include "plan/folder_check_internal.h"
#include "sleet/custom_migrations.h"
#include "sleet/down_migration.h"
#include "sleet/down_scripts.h"
#include "sleet/error.h"
#include "sleet/journal.h"
#include "sleet/normalize.h"
#include "sleet/snapshot_v9.h"
#include "sleet/sources.h"
#include "sleet/sql.h"
#include "sql/tokens.h"

namespace sleet {

namespace fs = std::filesystem;

namespace {

// `sql` with `schema`'s qualifier dropped from every name: an identifier token spelling the
// schema and followed by a dot, found by the server's scanner (so never inside a string or a
// comment); everything else byte for byte.
std::string without_schema(const std::string& sql, const std::string& schema) {
  std::vector<sql::Token> tokens = sql::scan_tokens(sql, "the generated migration");
  const std::string quoted = sql::quote_identifier(schema);
  std::string out;
  std::size_t copied = 0;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    const sql::Token& token = tokens[i];
    if (token.kind != PG_QUERY__TOKEN__IDENT || tokens[i + 1].kind != PG_QUERY__TOKEN__ASCII_46)
      continue;
    if (i > 0 && tokens[i - 1].kind == PG_QUERY__TOKEN__ASCII_46) continue;  // a.public.b
    std::string_view text(sql.data() + token.start, token.end - token.start);
    if (text != quoted && text != schema) continue;
    out.append(sql, copied, token.start - copied);
    copied = tokens[i + 1].end;
  }
  out.append(sql, copied, std::string::npos);
  return out;
}

// drizzle-kit writes "prevId" as the second key, so the head of each file holds it; reading
// only that keeps generate fast on long histories of large snapshots.
std::string previous_id_of(const std::filesystem::path& snapshot) {
  std::ifstream in(snapshot, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  static const std::regex pattern("\"prevId\"\\s*:\\s*\"([^\"]*)\"");
  std::smatch match;
  return std::regex_search(head, match, pattern) ? match[1].str() : std::string();
}

// Two snapshots with the same parent mean two branches each generated a migration and were
// merged: a new migration on top would hide one of them (drizzle-kit refuses too).
void refuse_forked_history(const MigrationFolder& folder) {
  std::map<std::string, std::vector<std::string>> children;
  for (const auto& file : folder.snapshot_files()) {
    std::string parent = previous_id_of(file);
    if (!parent.empty()) children[parent].push_back(file.filename().string());
  }
  for (const auto& [parent, names] : children) {
    if (names.size() < 2) continue;
    throw Error(ErrorKind::Usage,
                fmt::format("snapshots {} both follow snapshot {}: two branches generated "
                            "migrations and were merged",
                            fmt::join(names, " and "), parent),
                folder.meta_directory().string(),
                "drop the newer branch's migration (sleet drop TAG --force), then run sleet "
                "generate again on top of the other; sleet check lists the problem too");
  }
}

// Two branches git merged into the folder. In a 0.x folder a migration on top would take the
// newest snapshot for the merged state and miss the other branch (re-creating what it made):
// generate refuses and points to rebase. In a v3 folder generate answers as drizzle-kit 1.0
// does: branches whose footprints conflict are refused, commuting ones are merged by the next
// migration, whose snapshot names every leaf (returned: the leaves' folder names).
std::vector<std::string> unmerged_leaves(const MigrationFolder& folder,
                                         std::optional<Error>& cannot_write) {
  if (folder.format() != FolderFormat::V3) {
    std::vector<UnmergedBranches> found = find_unmerged_branches(folder);
    if (!found.empty()) {
      const UnmergedBranches& branches = found.front();
      throw Error(ErrorKind::Usage, describe_unmerged_branches(branches, folder.format()),
                  folder.journal_file().string(),
                  fmt::format("nothing was written. Run 'sleet rebase' first: it keeps the branch "
                              "that landed first and moves the other's migrations after it ({} "
                              "after {}), or says which object both change; then run 'sleet "
                              "generate' again",
                              fmt::join(branches.second, ", "), branches.first.back()));
    }
    refuse_forked_history(folder);
    return {};
  }
  std::set<std::string> leaves;
  for (const plan_internal::V3BranchPair& pair : plan_internal::v3_branch_pairs(folder)) {
    if (!pair.conflicts.empty()) {
      const plan_internal::FootprintConflict& conflict = pair.conflicts.front();
      throw Error(
          ErrorKind::Usage,
          fmt::format("{} and {} both touch {} ({} and {}): the branches [{}] and [{}] merged "
                      "since {} do not commute, so no migration can merge them",
                      conflict.first_tag, conflict.second_tag, conflict.node,
                      conflict.first_statement, conflict.second_statement,
                      fmt::join(pair.first, ", "), fmt::join(pair.second, ", "),
                      pair.since.empty() ? "the first migration" : pair.since),
          folder.directory().string(),
          "nothing was written (drizzle-kit 1.0's generate refuses them too, and 'sleet rebase' "
          "cannot put them in one line). Decide the order by hand: keep the migration a database "
          "applied, drop the other (sleet drop) only if no database applied it, and generate its "
          "change again on top; 'sleet check' lists every conflict");
    }
    if (!pair.same.empty() && !cannot_write) {
      // Refused when written, not here: check compares the files with the same state and
      // reports such branches as commuting.
      const plan_internal::V3SameStatement& twin = pair.same.front();
      cannot_write = Error(
          ErrorKind::Usage,
          fmt::format("{} and {} both make {}: a migration merging the branches [{}] and [{}] "
                      "would have both run, and the second would fail",
                      twin.first_tag, twin.second_tag, twin.statement,
                      fmt::join(pair.first, ", "), fmt::join(pair.second, ", ")),
          folder.directory().string(),
          "nothing was written. Run 'sleet rebase': it keeps the branch a database applied and "
          "moves the other after it without the statement both made; then run 'sleet generate' "
          "again");
    }
    if (!pair.first.empty()) leaves.insert(pair.first.back());
    if (!pair.second.empty()) leaves.insert(pair.second.back());
  }
  return {leaves.begin(), leaves.end()};
}

void check_name(const std::string& name) {
  bool bad = std::any_of(name.begin(), name.end(), [](char c) {
    return c == '/' || c == '\\' || std::isspace(static_cast<unsigned char>(c)) ||
           static_cast<unsigned char>(c) < 0x20;
  });
  if (bad || name == "." || name == "..") {
    throw Error(ErrorKind::Usage, fmt::format("invalid migration name '{}'", name), "--name",
                "use letters, digits, '_' and '-' (it becomes part of the file name)");
  }
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The folder's journal, when it has one. A folder without meta/_journal.json is new (and
// must not hold snapshots: they would silently become the starting point).
std::optional<MigrationFolder> open_existing(const fs::path& out) {
  std::error_code error;
  if (detect_folder_format(out) == FolderFormat::V3) return MigrationFolder::open(out);
  if (fs::exists(out / "meta" / "_journal.json", error)) return MigrationFolder::open(out);
  if (fs::is_directory(out / "meta", error)) {
    for (const auto& item : fs::directory_iterator(out / "meta", error)) {
      std::string file = item.path().filename().string();
      if (!file.starts_with("_") && item.path().extension() == ".json") {
        throw Error(ErrorKind::Usage, "the migration folder has snapshots but no journal",
                    (out / "meta" / "_journal.json").string(),
                    "restore meta/_journal.json (from version control) or remove the snapshots");
      }
    }
  }
  if (fs::exists(out, error) && !fs::is_directory(out, error)) {
    throw Error(ErrorKind::Usage, "the migration folder is not a directory", out.string(),
                "set `out` in sleet.toml to a folder");
  }
  return std::nullopt;
}

}  // namespace

std::string random_uuid() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    throw Error(ErrorKind::Failure, "cannot get random bytes from OpenSSL for a snapshot id");
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string text;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += fmt::format("{:02x}", bytes[i]);
  }
  return text;
}

std::vector<std::string> migration_statements(const Plan& plan) {
  std::vector<std::string> statements;
  for (const auto& statement : plan.statements) statements.push_back(statement.sql);
  if (!statements.empty() && plan.statement_by_statement) {
    statements.front() = kNoTransactionHeader + statements.front();
  }
  return statements;
}

PreparedMigration prepare_migration(const GenerateOptions& options, RenameResolver& resolver) {
  PreparedMigration migration;
  migration.options = options;
  if (!options.name.empty()) check_name(options.name);
  if (migration.options.name.empty()) migration.options.name = random_migration_name();
  if (migration.options.when == 0) migration.options.when = now_ms();

  std::optional<MigrationFolder> folder = open_existing(options.out);
  Snapshot previous;
  previous.header.id = kNoParentSnapshotId;
  // Reading the previous snapshot (JSON, expressions, the file's layout) and parsing the
  // schema files are independent and each about a third of the work: the snapshot is read
  // on a second thread meanwhile. libpg_query keeps its parser state per thread.
  // The comparison sees both sides normalised (copies: the new snapshot keeps what the files
  // say), so that a spelling the catalog, and so a pulled schema, differs in from what
  // drizzle-kit wrote ('0' for 0, "t"."c" for c, text_ops) is no change.
  // The previous snapshot with what custom migrations created (folded before normalising,
  // so the starting state is normalised once).
  struct PreviousRead {
    Snapshot snapshot;
    CustomMigrationFold fold;
    Schema normalized;
  };
  std::future<PreviousRead> previous_read;
  if (folder) {
    migration.merged_leaves = unmerged_leaves(*folder, migration.cannot_write);
    migration.previous_snapshot = folder->latest_snapshot();
    if (migration.previous_snapshot) {
      const MigrationFolder* read_from = &*folder;
      previous_read =
          std::async(std::launch::async, [file = *migration.previous_snapshot, read_from] {
            PreviousRead read{read_latest_snapshot(*read_from, file, true), {}, {}};
            read.fold = fold_custom_migrations(*read_from, read.snapshot.schema, file.string());
            read.normalized = read.snapshot.schema;
            normalize::normalize_schema(read.normalized);
            return read;
          });
    }
    const auto& entries = folder->journal().entries;
    migration.idx = entries.empty() ? 0 : entries.back().idx + 1;
    // `when` orders migrations for drizzle's migrator: never let a new one sort before the
    // last (a clock set back, two runs in one millisecond).
    if (!entries.empty() && options.when == 0 && migration.options.when <= entries.back().when) {
      migration.options.when = entries.back().when + 1;
    }
  }
  std::optional<ParseReport> report;
  std::exception_ptr parse_error;
  if (!options.custom) {
    try {
      // One core is busy reading the snapshot: the parser gets the others.
      unsigned cores = std::max(1u, std::thread::hardware_concurrency());
      unsigned threads = previous_read.valid() ? std::max(1u, cores - 1) : cores;
      report = parse_schema_files_with_notes(options.schema_files, threads, options.typescript);
    } catch (...) {
      parse_error = std::current_exception();
    }
  }
  // A broken snapshot is reported before a broken schema file, as when run one after the
  // other (the future rethrows the reader's error).
  // What custom migrations created is in no snapshot: it joins the starting state.
  Schema from_normalized;
  CustomMigrationFold fold;
  if (previous_read.valid()) {
    PreviousRead read = previous_read.get();
    previous = std::move(read.snapshot);
    fold = std::move(read.fold);
    from_normalized = std::move(read.normalized);
  }
  if (parse_error) std::rethrow_exception(parse_error);
  migration.from = std::move(previous.schema);
  if (folder && !migration.previous_snapshot) {
    // No snapshot yet: custom migrations alone make the starting state.
    fold = fold_custom_migrations(*folder, migration.from, "the empty schema");
    if (!fold.tags.empty()) {
      from_normalized = migration.from;
      normalize::normalize_schema(from_normalized);
    }
  }
  migration.custom_migrations = fold.tags;
  migration.notes = std::move(fold.notes);

  migration.tag =
      migration_tag(options.prefix, migration.idx, migration.options.when, migration.options.name);
  if (folder && folder->find(migration.tag)) {
    throw Error(ErrorKind::Usage, fmt::format("a migration named {} already exists", migration.tag),
                options.out.string(), "choose another --name");
  }

  bool v3 = folder ? folder->format() == FolderFormat::V3
                   : options.new_folder_format == FolderFormat::V3;
  if (v3) {
    std::string last = folder && !folder->migrations().empty()
                           ? folder->migrations().back().entry.tag
                           : std::string();
    migration.tag = v3_migration_name(migration.options.when, last, migration.options.name);
  }
  std::vector<Change> changes;
  Schema to_normalized;
  if (options.custom) {
    migration.down = custom_down_script(migration.tag);
    // A copy of the previous snapshot, as drizzle-kit writes it.
    migration.to = fold.tags.empty() ? migration.from : fold.before;
    migration.statements = {kCustomMigrationText};
  } else {
    migration.to = std::move(report->schema);
    for (std::string& note : report->notes) migration.notes.push_back(std::move(note));
    // Both sides compared normalised. The snapshot holds the declared schema; the diff keeps
    // what custom migrations made and the schema files do not declare.
    to_normalized = migration.to;
    normalize::normalize_schema(to_normalized);
    if (!fold.tags.empty()) keep_custom_objects(to_normalized, fold.before, from_normalized);
    RecordingRenameResolver recording(resolver);
    changes = diff_schemas(from_normalized, to_normalized, recording);
    migration.plan =
        plan_changes(changes, from_normalized, to_normalized, PlanOptions{options.online, options.backfill, options.backfill_batch_rows});
    if (!migration.plan.empty() && options.down_script) {
      migration.down = plan_down_script(migration.tag, from_normalized, to_normalized,
                                        recording.answers(), options.breakpoints);
    }
    migration.statements = migration_statements(migration.plan);
    if (!options.unqualified_schema.empty()) {
      for (std::string& statement : migration.statements) {
        statement = without_schema(statement, options.unqualified_schema);
      }
      if (!migration.down.text.empty()) {
        migration.down.text = without_schema(migration.down.text, options.unqualified_schema);
      }
    }
  }

  MigrationFiles files =
      migration_files(v3 ? FolderFormat::V3 : FolderFormat::Journal, options.out, migration.tag);
  migration.sql_file = files.sql;
  migration.down_file = down_script_file(migration.sql_file);
  migration.snapshot_file = files.snapshot;
  migration.sql_text = join_statements(migration.statements, options.breakpoints);
  // A new snapshot keeps the previous file's layout, so a folder drizzle-kit wrote keeps
  // drizzle-kit's key order and spellings.
  migration.header.id = random_uuid();
  migration.header.prev_id = previous.header.id.empty() ? kNoParentSnapshotId : previous.header.id;
  migration.header.layout = std::move(previous.header.layout);
  // Nothing is written without changes: no need to render the new snapshot.
  if (!migration.no_changes() && v3) {
    // A drizzle-kit 1.0 folder: a diff snapshot whose parents are the folder's leaves.
    V9FolderState state;
    if (folder) state = read_v9_folder_state(folder->snapshot_files());
    plan_internal::V9Changes v9;
    // drizzle-kit 1.0's migrator runs every file in a transaction (ADD VALUE may run there).
    bool outside = std::any_of(migration.plan.statements.begin(), migration.plan.statements.end(),
                               [](const PlannedStatement& statement) {
                                 return (statement.hazards & kNoTransaction) &&
                                        statement.kind != ChangeKind::AddEnumValue;
                               });
    if (outside) {
      throw Error(ErrorKind::Usage,
                  "this migration must run outside a transaction (CONCURRENTLY or a batched "
                  "backfill), which drizzle-kit 1.0's migrator cannot do",
                  options.out.string(),
                  "generate it without --backfill and with online = false for a drizzle-kit 1.0 "
                  "(v3) folder");
    }
    if (!options.custom) {
      try {
        v9 = plan_internal::v9_changes(changes, migration.plan, state.rows, to_normalized,
                                       options.out);
      } catch (const Error& error) {
        migration.cannot_write = error;
      }
      // What drizzle-kit 1.0 does not model: the whole state after this migration, written when
      // it changed (or the migration has no deltas: a diff snapshot without deltas nor member
      // is a custom migration). Without it, the nearest member along prevIds still holds.
      nlohmann::ordered_json member =
          migration.cannot_write
              ? v9_sleet_member(migration.to)
              : v9_sleet_member(migration.to,
                                v9_rows_after(state.rows, v9.deltas, options.out.string()));
      bool had = !state.sleet_member.is_null();
      bool changed = had ? member != state.sleet_member : !member.empty();
      if (changed || (v9.deltas.empty() && (had || !member.empty()))) v9.sleet = std::move(member);
    }
    migration.header.prev_id = state.leaf_ids.empty() ? kNoParentSnapshotId : state.leaf_ids[0];
    if (state.leaf_ids.empty() && !migration.cannot_write) {
      // The folder's first migration: a "base" snapshot holding the whole schema.
      migration.snapshot_json = plan_internal::v9_base_snapshot_text(
          migration.header.id, v9, migration.snapshot_file.string());
    } else {
      migration.snapshot_json =
          plan_internal::v9_snapshot_text(migration.header.id, state.leaf_ids, v9);
    }
  } else if (!migration.no_changes()) {
    migration.snapshot_json = save_snapshot(migration.to, migration.header);
  }
  return migration;
}

void write_migration(const PreparedMigration& migration) {
  if (migration.no_changes()) return;
  if (migration.cannot_write) throw *migration.cannot_write;
  MigrationFolder folder =
      MigrationFolder::open_or_create(migration.options.out, migration.options.new_folder_format);
  NewMigration entry;
  entry.name = migration.options.name;
  entry.statements = migration.statements;
  entry.breakpoints = migration.options.breakpoints;
  entry.snapshot_json = migration.snapshot_json;
  entry.prefix = migration.options.prefix;
  entry.when = migration.options.when;
  const Migration& added = folder.append(entry);
  if (migration.options.down_script) {
    write_text_file(down_script_file(added.file), migration.down.text);
  }
}

}  // namespace sleet
