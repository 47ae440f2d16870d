// What each libFuzzer target (fuzz_<name>.cpp, run by scripts/fuzz) does with one input, in
// one place so that the regression test (tests/fuzz_regressions) replays the inputs that once
// broke sleet through exactly the same calls. A sleet::Error is a parser refusing the input,
// as it should, with a message; anything else that escapes (another exception, a crash, a
// sanitizer report, a leak) is a bug.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sleet/config.h"
#include "sleet/db.h"
#include "sleet/environment.h"
#include "sleet/error.h"
#include "sleet/journal.h"
#include "sleet/lint.h"
#include "sleet/migrate.h"
#include "sleet/snapshot.h"
#include "sleet/snapshot_v9.h"
#include "sleet/sources.h"
#include "sleet/sql.h"

namespace sleet::fuzz {

// Runs `parse`; a sleet::Error must carry a message a user can read.
inline void expect_clean_outcome(const std::function<void()>& parse) {
  try {
    parse();
  } catch (const sleet::Error& error) {
    if (error.describe().empty()) __builtin_trap();
  }
}

// Schema SQL files through the whole parse -> model path, then the model into a snapshot
// and back: what `generate`, `push` and `check` do with a file a user wrote.
inline void schema_sql(std::string_view text) {
  expect_clean_outcome([&] {
    Schema schema = parse_schema_sql(text, "fuzz.sql");
    load_snapshot(save_snapshot(schema, SnapshotHeader{}), "fuzz_snapshot.json");
  });
}

// sleet.toml with ${VAR} interpolation, against a fixed environment.
inline void config(std::string_view text) {
  static const Environment environment = Environment::from_map({
      {"DATABASE_URL", "postgres://app:secret@127.0.0.1:5432/app"},
      {"SERVICE", "auth"},
      {"EMPTY", ""},
      {"NESTED", "${DATABASE_URL}"},
  });
  expect_clean_outcome([&] { parse_config(text, "/project/sleet.toml", environment); });
}

// .env files.
inline void env_file(std::string_view text) {
  expect_clean_outcome([&] { parse_env_file(text, ".env"); });
}

// Connection URLs and libpq key=value strings, and password scrubbing of the same text.
inline void connection_url(std::string_view text) {
  expect_clean_outcome([&] {
    db::ConnectionSettings settings = db::parse_connection_string(text);
    db::scrub_password(std::string(text), settings.password);
  });
  db::scrub_password(std::string(text));
}

// drizzle-kit's meta/_journal.json.
inline void journal(std::string_view text) {
  expect_clean_outcome([&] { parse_journal(text, "meta/_journal.json"); });
}

// drizzle-kit snapshots (meta/NNNN_snapshot.json), read and written back.
inline void snapshot(std::string_view text) {
  expect_clean_outcome([&] {
    Snapshot read = read_snapshot(std::string(text), "0000_snapshot.json");
    save_snapshot(read.schema, read.header);
  });
}

// The snapshots of snapshot_v9's input: its form-feed separated parts (16 at most), each read
// as the snapshot.json of a folder of its own, in order.
inline std::vector<V9Snapshot> v9_snapshots_of(std::string_view text) {
  std::vector<V9Snapshot> snapshots;
  std::size_t start = 0;
  while (start <= text.size() && snapshots.size() < 16) {
    std::size_t end = std::min(text.find('\f', start), text.size());
    std::string file = std::to_string(20260101000000 + snapshots.size()) + "_fuzz/snapshot.json";
    snapshots.push_back(read_v9_snapshot(std::string(text.substr(start, end - start)), file));
    start = end + 1;
  }
  return snapshots;
}

// drizzle-kit 1.0 snapshots (a v3 folder's <name>/snapshot.json, version "9"): the input is
// one or more snapshot texts separated by form feeds, read as the snapshot files of one folder
// in that order and replayed into the folder's state (base ddl, deltas along prevIds, merge
// nodes), then the model of it — what migrate, check and generate do with a v3 folder.
inline void snapshot_v9(std::string_view text) {
  expect_clean_outcome([&] { v9_folder_state(v9_snapshots_of(text)); });
}

// A migration file as migrate and generate read it: the transaction directive, the
// statement-breakpoint chunks, the server parser's statements, and the schema the file
// leaves when folded over an empty one (custom migrations).
inline void migration_file(std::string_view text) {
  transaction_directive(text);
  split_migration(text);
  expect_clean_outcome([&] { sql::split_statements(text, "0000_fuzz.sql"); });
  expect_clean_outcome([&] {
    apply_migration_sql(Schema{}, {{"0000_fuzz.sql", std::string(text)}},
                        "meta/0000_snapshot.json");
  });
}

// `sleet lint` on one migration file: rules, plan awareness and `-- sleet:ignore` lines.
inline void lint(std::string_view text) {
  expect_clean_outcome([&] { lint_migrations({{"0000_fuzz.sql", std::string(text)}}); });
}

// Every target by name, for the regression test.
inline const std::map<std::string, void (*)(std::string_view)>& entry_points() {
  static const std::map<std::string, void (*)(std::string_view)> all = {
      {"schema_sql", schema_sql},
      {"config", config},
      {"env_file", env_file},
      {"connection_url", connection_url},
      {"journal", journal},
      {"snapshot", snapshot},
      {"snapshot_v9", snapshot_v9},
      {"migration_file", migration_file},
      {"lint", lint},
  };
  return all;
}

}  // namespace sleet::fuzz
