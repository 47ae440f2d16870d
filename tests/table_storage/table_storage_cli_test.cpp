// tests/table_storage: UNLOGGED tables, storage parameters and EXCLUDE constraints through the
// commands with the real binary (a program of its own, apart from the large tests/cli):
// generated and migrated, enforced on rows, then push, generate and status find nothing; a
// table made logged by hand is drift; an evolution keeps the rows; pull writes them back.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "support/schema_project.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = R"sql(
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE UNLOGGED TABLE sessions (
  token text PRIMARY KEY,
  user_id integer NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor=70, autovacuum_enabled=false);

CREATE TABLE bookings (
  id serial PRIMARY KEY,
  room integer NOT NULL,
  during tsrange NOT NULL,
  cancelled boolean NOT NULL DEFAULT false,
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)
    WHERE (NOT cancelled)
);
CREATE INDEX bookings_room_idx ON bookings (room) WITH (fillfactor=60);
)sql";

// The same tables evolved: sessions logged again with other parameters, the exclusion
// constraint now counting cancelled bookings too and deferrable.
constexpr const char* kEvolved = R"sql(
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE sessions (
  token text PRIMARY KEY,
  user_id integer NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor=90);

CREATE TABLE bookings (
  id serial PRIMARY KEY,
  room integer NOT NULL,
  during tsrange NOT NULL,
  cancelled boolean NOT NULL DEFAULT false,
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)
    DEFERRABLE
);
CREATE INDEX bookings_room_idx ON bookings (room) WITH (fillfactor=60);
)sql";

std::string value(const std::string& sql, const std::string& database) {
  return std::string(test_cluster().execute(sql, database).value(0, 0));
}

TEST(CliTableStorage, GeneratedMigratedEnforcedAndEvolvedWithRows) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("table_storage");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kSchema);

  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::string sql = read_file(migration_files(dir).at(0));
  EXPECT_TRUE(contains(sql, "CREATE UNLOGGED TABLE \"public\".\"sessions\"")) << sql;
  EXPECT_TRUE(contains(sql, ") WITH (autovacuum_enabled=false, fillfactor=70);")) << sql;
  EXPECT_TRUE(contains(sql, "CONSTRAINT \"bookings_no_overlap\" EXCLUDE USING gist")) << sql;
  // The snapshot sleet wrote carries what drizzle-kit's keys cannot.
  std::string snapshot = read_file(dir.path() / "drizzle/meta/0000_snapshot.json");
  EXPECT_TRUE(contains(snapshot, "\"unlogged\": true")) << snapshot;
  EXPECT_TRUE(contains(snapshot, "\"exclusionConstraints\"")) << snapshot;

  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  EXPECT_EQ(value("select relpersistence from pg_class where relname = 'sessions'", database), "u");
  EXPECT_EQ(value("select reloptions::text from pg_class where relname = 'sessions'", database),
            "{autovacuum_enabled=false,fillfactor=70}");
  cluster.execute(
      "INSERT INTO sessions (token, user_id) VALUES ('a', 1), ('b', 2);"
      "INSERT INTO bookings (room, during, cancelled) VALUES "
      "(1, '[2026-01-01 10:00, 2026-01-01 11:00)', false), "
      "(1, '[2026-01-01 10:30, 2026-01-01 11:30)', true), "
      "(2, '[2026-01-01 10:00, 2026-01-01 11:00)', false)",
      database);
  // The constraint is enforced: an overlapping booking of room 1 is refused.
  EXPECT_THROW(cluster.execute("INSERT INTO bookings (room, during) VALUES "
                               "(1, '[2026-01-01 10:15, 2026-01-01 10:45)')",
                               database),
               std::exception);
  expect_nothing_to_do(dir);

  // Made logged by hand, and a parameter changed: drift, which push --force repairs.
  cluster.execute("ALTER TABLE sessions SET LOGGED; ALTER TABLE sessions SET (fillfactor=50)",
                  database);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_EQ(drifted.exit_code, 1) << drifted.out << drifted.err;
  // Said as SQL from the snapshot to the database.
  EXPECT_TRUE(contains(drifted.out, "ALTER TABLE \"public\".\"sessions\" SET LOGGED;"))
      << drifted.out;
  EXPECT_TRUE(contains(drifted.out, "SET (fillfactor=50)")) << drifted.out;
  auto forced = run_sleet("push --force", dir.path(), "NO_COLOR=1");
  ASSERT_EQ(forced.exit_code, 0) << forced.out << forced.err;
  EXPECT_EQ(value("select relpersistence from pg_class where relname = 'sessions'", database), "u");
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);

  // The evolution: a cancelled booking overlapping a live one would violate the new
  // constraint, so it is moved first; the rows stay.
  cluster.execute(
      "UPDATE bookings SET during = '[2026-01-02 10:30, 2026-01-02 11:30)' WHERE cancelled",
      database);
  write_schema_project(dir, database, kEvolved);
  auto evolved = run_sleet("generate --name evolve", dir.path());
  ASSERT_EQ(evolved.exit_code, 0) << evolved.out << evolved.err;
  std::string second = read_file(migration_files(dir).at(1));
  EXPECT_TRUE(contains(second, "ALTER TABLE \"public\".\"sessions\" SET LOGGED;")) << second;
  EXPECT_TRUE(contains(second, "RESET (autovacuum_enabled)")) << second;
  EXPECT_TRUE(contains(second, "SET (fillfactor=90)")) << second;
  EXPECT_LT(second.find("DROP CONSTRAINT \"bookings_no_overlap\""),
            second.find("ADD CONSTRAINT \"bookings_no_overlap\""))
      << second;
  auto applied = run_sleet("migrate", dir.path());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(value("select count(*) from bookings", database), "3");
  EXPECT_EQ(value("select count(*) from sessions", database), "2");
  EXPECT_EQ(value("select relpersistence from pg_class where relname = 'sessions'", database), "p");
  EXPECT_EQ(value("select condeferrable from pg_constraint where conname = "
                  "'bookings_no_overlap'",
                  database),
            "t");
  expect_nothing_to_do(dir);

  // pull writes the first version's tables back, and the pulled files agree with the database.
  std::string fresh = cluster.fresh_database("table_storage_pulled");
  cluster.execute(kSchema, fresh);
  TemporaryDirectory pulled_dir;
  pulled_dir.write("sleet.toml",
                   fmt::format("schema = \"schema\"\nurl = \"{}\"\n", cluster.url(fresh)));
  auto pulled = run_sleet("pull", pulled_dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  std::string written;
  for (const auto& entry : fs::recursive_directory_iterator(pulled_dir.path() / "schema"))
    if (entry.is_regular_file()) written += read_file(entry.path());
  EXPECT_TRUE(contains(written, "CREATE UNLOGGED TABLE \"public\".\"sessions\"")) << written;
  EXPECT_TRUE(contains(written, "WITH (autovacuum_enabled=false, fillfactor=70)")) << written;
  EXPECT_TRUE(contains(written,
                       "EXCLUDE USING gist (\"room\" WITH =, \"during\" WITH &&) "
                       "WHERE (NOT cancelled)"))
      << written;
  std::string said = pulled.out + pulled.err;
  EXPECT_FALSE(contains(said, "not pulled")) << said;
  auto agreed = run_sleet("generate", pulled_dir.path());
  EXPECT_TRUE(contains(agreed.out, "No schema changes")) << agreed.out << agreed.err;
  EXPECT_EQ(run_sleet("status", pulled_dir.path()).exit_code, 0);
}

}  // namespace
}  // namespace sleet::testing
