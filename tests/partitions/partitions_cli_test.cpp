// tests/partitions: partitioned tables and partitions across the commands with the real binary
// (a program of its own, apart from tests/cli). Range, list and hash partitions with a default
// and a sub-partitioned one generated, migrated with rows, checked for drift, pushed; a bound
// changed keeps the rows; a changed partition key is refused; pull writes them back.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/postgres_clients.h"
#include "support/schema_project.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE events (
  id bigserial,
  happened_at timestamptz NOT NULL,
  kind text NOT NULL,
  PRIMARY KEY (id, happened_at, kind)
) PARTITION BY RANGE (happened_at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
  PARTITION BY LIST (kind);
CREATE TABLE events_2025_audit PARTITION OF events_2025 FOR VALUES IN ('audit');
CREATE TABLE events_2025_rest PARTITION OF events_2025 DEFAULT;
CREATE TABLE events_other PARTITION OF events DEFAULT;
CREATE INDEX events_kind ON events (kind);
CREATE INDEX events_2024_kind_at ON events_2024 (kind, happened_at);

CREATE TABLE accounts (id integer NOT NULL, name text) PARTITION BY HASH (id);
CREATE TABLE accounts_0 PARTITION OF accounts FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE accounts_1 PARTITION OF accounts FOR VALUES WITH (MODULUS 2, REMAINDER 1);
)sql";

std::string value(const std::string& sql, const std::string& database) {
  return std::string(test_cluster().execute(sql, database).value(0, 0));
}

TEST(CliPartitions, GeneratedMigratedPushedAndTheirBoundsChanged) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("partitions");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kSchema);

  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::string sql = read_file(migration_files(dir).at(0));
  std::size_t parent = sql.find("CREATE TABLE \"public\".\"events\" (");
  std::size_t partition = sql.find(
      "CREATE TABLE \"public\".\"events_2025_audit\" PARTITION OF \"public\".\"events_2025\" "
      "FOR VALUES IN ('audit')");
  ASSERT_NE(parent, std::string::npos) << sql;
  ASSERT_NE(partition, std::string::npos) << sql;
  EXPECT_LT(parent, partition) << sql;
  // The index on the parent is created once: the server builds each partition's own.
  EXPECT_FALSE(contains(sql, "ON \"public\".\"events_2025_audit\"")) << sql;

  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  cluster.execute(
      "INSERT INTO events (happened_at, kind) VALUES ('2024-06-01', 'login'), "
      "('2025-02-01', 'audit'), ('2025-03-01', 'login'), ('2030-01-01', 'login'); "
      "INSERT INTO accounts SELECT g, 'a' || g FROM generate_series(1, 10) g",
      database);
  EXPECT_EQ(value("select count(*) from events_2025_audit", database), "1");
  EXPECT_EQ(value("select count(*) from events_other", database), "1");
  // The parent's index reached every partition, sub-partitions included.
  EXPECT_EQ(value("select count(*) from pg_indexes where tablename = 'events_2025_rest'", database),
            "2");

  // Nothing to do or report: the catalog's partitions equal the declared ones (the bounds of
  // a timestamptz key are printed by the server with their time and zone).
  expect_nothing_to_do(dir);

  // A partition's own index dropped by hand is drift; push puts it back.
  cluster.execute("DROP INDEX events_2024_kind_at", database);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_EQ(drifted.exit_code, 1) << drifted.out << drifted.err;
  EXPECT_TRUE(contains(drifted.out, "events_2024_kind_at")) << drifted.out;
  ASSERT_EQ(run_sleet("push --force", dir.path(), "NO_COLOR=1").exit_code, 0);
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);
  // A partition detached by hand cannot be described as a plan: status says which table.
  cluster.execute("ALTER TABLE events DETACH PARTITION events_other", database);
  auto detached = run_sleet("status", dir.path());
  EXPECT_NE(detached.exit_code, 0) << detached.out << detached.err;
  EXPECT_TRUE(contains(detached.err, "table public.events_other changes from")) << detached.err;
  cluster.execute("ALTER TABLE events ATTACH PARTITION events_other DEFAULT", database);
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);

  // A bound widened: detached and attached again, its rows kept.
  std::string widened = kSchema;
  widened.replace(widened.find("FROM ('2024-01-01') TO ('2025-01-01')"), 37,
                  "FROM ('2023-01-01') TO ('2025-01-01')");
  dir.write("schema/app.sql", widened);
  auto changed = run_sleet("generate --name widen", dir.path());
  ASSERT_EQ(changed.exit_code, 0) << changed.out << changed.err;
  std::string alter = read_file(migration_files(dir).at(1));
  EXPECT_TRUE(contains(alter,
                       "ALTER TABLE \"public\".\"events\" DETACH PARTITION "
                       "\"public\".\"events_2024\""))
      << alter;
  EXPECT_TRUE(contains(alter,
                       "ATTACH PARTITION \"public\".\"events_2024\" FOR VALUES FROM "
                       "('2023-01-01') TO ('2025-01-01')"))
      << alter;
  EXPECT_FALSE(contains(alter, "DROP TABLE")) << alter;
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  EXPECT_EQ(value("select count(*) from events_2024", database), "1");
  EXPECT_EQ(value("select count(*) from events", database), "4");
  auto after = run_sleet("status", dir.path());
  EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
  auto pushed_again = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_TRUE(contains(pushed_again.out, "No changes")) << pushed_again.out << pushed_again.err;

  // A changed partition key cannot be done in place: refused, naming the table.
  std::string rekeyed = widened;
  rekeyed.replace(rekeyed.find("PARTITION BY HASH (id)"), 22, "PARTITION BY HASH (name)");
  dir.write("schema/app.sql", rekeyed);
  auto refused = run_sleet("generate --name rekey", dir.path());
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_TRUE(contains(refused.err,
                       "table public.accounts changes from partitioned by HASH (id) "
                       "to partitioned by HASH (name)"))
      << refused.err;
  EXPECT_TRUE(contains(refused.err, "custom migration")) << refused.err;
  EXPECT_EQ(migration_files(dir).size(), 2u);

  // A dropped partition is a dropped table: push asks before it loses rows.
  std::string fewer = widened;
  fewer.erase(fewer.find("CREATE TABLE events_other"),
              std::string("CREATE TABLE events_other PARTITION OF events DEFAULT;\n").size());
  dir.write("schema/app.sql", fewer);
  auto unconfirmed = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_NE(unconfirmed.exit_code, 0) << unconfirmed.out << unconfirmed.err;
  EXPECT_EQ(value("select count(*) from events_other", database), "1");
}

// A database partitioned by hand (the way pg_dump writes it: whole tables, then ATTACH),
// pulled: the files declare the partitions, and generate, push and status agree with them.
constexpr const char* kPulled = R"sql(
CREATE SCHEMA metrics;
CREATE TABLE metrics.samples (host text NOT NULL, at date NOT NULL, value double precision,
  CONSTRAINT samples_value_finite CHECK (value < 1e300)) PARTITION BY LIST (host);
CREATE TABLE metrics.samples_web (host text NOT NULL, at date NOT NULL, value double precision,
  CONSTRAINT samples_value_finite CHECK (value < 1e300));
ALTER TABLE metrics.samples ATTACH PARTITION metrics.samples_web FOR VALUES IN ('web1', 'web2');
CREATE TABLE metrics.samples_db PARTITION OF metrics.samples FOR VALUES IN ('db')
  PARTITION BY RANGE (at);
CREATE TABLE metrics.samples_db_2024 PARTITION OF metrics.samples_db
  FOR VALUES FROM (MINVALUE) TO ('2025-01-01');
CREATE INDEX samples_at ON metrics.samples (at);
CREATE INDEX samples_web_value ON metrics.samples_web (value);
)sql";

TEST(CliPartitions, PullWritesPartitionsAndGenerateAgrees) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("pull_partitions");
  cluster.execute(kPulled, database);
  cluster.execute(
      "INSERT INTO metrics.samples VALUES ('web1', '2024-01-01', 1), "
      "('db', '2024-02-01', 2)",
      database);
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            fmt::format("schema = \"schema\"\nurl = \"{}\"\nschema_filter = [\"metrics\"]\n",
                        cluster.url(database)));
  auto pulled = run_sleet("pull", dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  std::string metrics = read_file(dir.path() / "schema/metrics.sql");
  EXPECT_TRUE(contains(metrics,
                       "CREATE TABLE \"metrics\".\"samples_web\" PARTITION OF "
                       "\"metrics\".\"samples\" FOR VALUES IN ('web1', 'web2')"))
      << metrics;
  EXPECT_TRUE(contains(metrics,
                       "PARTITION OF \"metrics\".\"samples_db\" FOR VALUES FROM "
                       "(MINVALUE) TO ('2025-01-01')"))
      << metrics;
  EXPECT_TRUE(contains(metrics, "CREATE INDEX \"samples_web_value\"")) << metrics;
  // The copies of the parent's index and check on each partition are the parent's.
  EXPECT_FALSE(contains(metrics, "samples_web_at_idx")) << metrics;
  EXPECT_EQ(metrics.find("samples_value_finite"), metrics.rfind("samples_value_finite")) << metrics;
  expect_pulled_project_settled(dir, pulled);

  // The pulled files build the same partitions in an empty database.
  std::string rebuilt = cluster.fresh_database("pull_partitions_rebuilt");
  dir.write("sleet.toml",
            fmt::format("schema = \"schema\"\nurl = \"{}\"\nschema_filter = [\"metrics\"]\n",
                        cluster.url(rebuilt)));
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  cluster.execute("INSERT INTO metrics.samples VALUES ('db', '2024-02-01', 2)", rebuilt);
  EXPECT_EQ(value("select count(*) from metrics.samples_db_2024", rebuilt), "1");
  EXPECT_THROW(
      cluster.execute("INSERT INTO metrics.samples VALUES ('mail', '2024-02-01', 2)", rebuilt),
      std::exception);
}

constexpr const char* kHashed = R"sql(
CREATE TABLE accounts (
  id integer GENERATED ALWAYS AS IDENTITY,
  name text NOT NULL,
  name_length integer GENERATED ALWAYS AS (length(name)) STORED,
  PRIMARY KEY (id)
) PARTITION BY HASH (id);
CREATE INDEX accounts_name ON accounts (name);
)sql";

// `count` hash partitions accounts_0 ... of accounts.
std::string hash_layout(int count) {
  std::string schema = kHashed;
  for (int i = 0; i < count; ++i) {
    schema += fmt::format(
        "CREATE TABLE accounts_{0} PARTITION OF accounts FOR VALUES WITH (MODULUS {1}, "
        "REMAINDER {0});\n",
        i, count);
  }
  return schema;
}

// Every row of accounts, "id:name:name_length" in id order.
std::string account_rows(const std::string& database) {
  return value(
      "select string_agg(id || ':' || name || ':' || name_length, ',' order by id) from accounts",
      database);
}

// The rows of accounts that sit in a partition whose bound does not take them: none, when
// each row's partition (tableoid) is the one the hash of its key picks.
std::string misplaced_rows(const std::string& database, int count) {
  return value(fmt::format("select count(*) from accounts a where tableoid::regclass::text <> "
                           "'accounts_' || (select r from generate_series(0, {0} - 1) r where "
                           "satisfies_hash_partition('accounts'::regclass, {0}, r, a.id))",
                           count),
               database);
}

// A hash partitioned table laid out again, 2 partitions to 4 and back, online and not: every
// row is kept with its identity value and lands in the partition its hash picks; new rows
// continue the identity and go where they belong; nothing is left to do afterwards.
TEST(CliPartitions, HashPartitionsLaidOutAgainKeepEveryRowInItsPartition) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("hash_layout");
  TemporaryDirectory dir;
  write_schema_project(dir, database, hash_layout(2));
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  cluster.execute(
      "INSERT INTO accounts (name) SELECT 'account ' || g FROM generate_series(1, 60) g", database);
  const std::string rows = account_rows(database);
  ASSERT_EQ(value("select count(*) from accounts", database), "60");

  for (int count : {4, 2}) {
    SCOPED_TRACE(fmt::format("{} partitions", count));
    if (count == 2) {
      // Back to 2 with online = true: detached CONCURRENTLY, outside a transaction.
      dir.write("sleet.toml",
                fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\nonline = true\n",
                            cluster.url(database)));
    }
    dir.write("schema/app.sql", hash_layout(count));
    auto generated = run_sleet(fmt::format("generate --name hash_{}", count), dir.path());
    ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
    std::string sql = read_file(migration_files(dir).back());
    EXPECT_TRUE(contains(sql, "-- hash partitions laid out again")) << sql;
    EXPECT_FALSE(contains(sql, "DROP TABLE \"public\".\"accounts\";")) << sql;
    auto migrated = run_sleet("migrate", dir.path());
    ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err << sql;
    EXPECT_EQ(account_rows(database), rows) << sql;
    EXPECT_EQ(misplaced_rows(database, count), "0");
    for (int i = 0; i < count; ++i) {
      EXPECT_NE(value(fmt::format("select count(*) from only accounts_{}", i), database), "0");
    }
    expect_nothing_to_do(dir);
  }
  EXPECT_TRUE(contains(read_file(migration_files(dir).back()), "CONCURRENTLY"));
  EXPECT_EQ(value("select to_regclass('accounts_3') is null", database), "t");

  // The identity goes on after the kept ids, and new rows find their partition.
  cluster.execute("INSERT INTO accounts (name) VALUES ('new one'), ('new two')", database);
  EXPECT_EQ(
      value("select string_agg(id::text, ',' order by id) from accounts where id > 60", database),
      "61,62");
  EXPECT_EQ(misplaced_rows(database, 2), "0");
}

constexpr const char* kOnlineBefore = R"sql(
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text NOT NULL, note text)
  PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
  PARTITION BY LIST (kind);
CREATE TABLE events_2025_audit PARTITION OF events_2025 FOR VALUES IN ('audit');
CREATE TABLE events_2025_rest PARTITION OF events_2025 DEFAULT;
CREATE INDEX events_kind ON events (kind);
)sql";

// With online = true, an index and a primary key added to a partitioned table holding rows are
// built partition by partition: sleet lint finds nothing in the file, the parent's index is
// valid afterwards, every copy is attached, and push, status and generate find nothing left.
// The index dropped again stays a plain DROP INDEX, whose accepted finding the file names.
TEST(CliPartitions, OnlineIndexAndKeyOnAPartitionedTableWithRows) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("partitions_online");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kOnlineBefore);
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  cluster.execute(
      "INSERT INTO events SELECT g, date '2024-06-01' + g, CASE WHEN g % 3 = 0 THEN 'audit' "
      "ELSE 'login' END, 'note ' || g FROM generate_series(1, 400) g",
      database);
  dir.write("sleet.toml", fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\nonline = true\n",
                                      cluster.url(database)));
  std::string after = kOnlineBefore;
  after.replace(after.find(", note text)"), 12, ", note text, PRIMARY KEY (id, at, kind))");
  after += "CREATE INDEX events_note ON events (lower(note));\n";
  dir.write("schema/app.sql", after);
  auto generated = run_sleet("generate --name online", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::string sql = read_file(migration_files(dir).back());
  EXPECT_TRUE(contains(sql, "CREATE INDEX \"events_note\" ON ONLY \"public\".\"events\"")) << sql;
  EXPECT_TRUE(contains(sql,
                       "CREATE INDEX CONCURRENTLY \"events_2025_audit_lower_idx\" ON "
                       "\"public\".\"events_2025_audit\""))
      << sql;
  EXPECT_TRUE(contains(sql, "ADD CONSTRAINT \"events_2024_pkey\" PRIMARY KEY USING INDEX")) << sql;
  auto linted = run_sleet("lint " + migration_files(dir).back().string(), dir.path(), "NO_COLOR=1");
  EXPECT_EQ(linted.exit_code, 0) << linted.out << linted.err;
  EXPECT_TRUE(contains(linted.err, "0 errors, 0 warnings, 0 info"))
      << linted.out << linted.err << sql;

  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  EXPECT_TRUE(contains(migrated.out, "outside a transaction")) << migrated.out;
  EXPECT_EQ(value("select string_agg(indisvalid::text, ',') from pg_index where indexrelid in "
                  "('events_note'::regclass, 'events_pkey'::regclass)",
                  database),
            "true,true");
  // Every leaf's copy is attached to the tree of events_note.
  EXPECT_EQ(value("select count(*) from pg_partition_tree('events_note') where isleaf", database),
            "3");
  EXPECT_EQ(value("select count(*) from events", database), "400");
  expect_nothing_to_do(dir);

  dir.write("schema/app.sql", kOnlineBefore);
  ASSERT_EQ(run_sleet("generate --name back", dir.path()).exit_code, 0);
  std::string back = read_file(migration_files(dir).back());
  EXPECT_TRUE(
      contains(back,
               "-- sleet:ignore require-concurrent-index-deletion PostgreSQL cannot drop a "
               "partitioned table's index concurrently\nDROP INDEX \"public\".\"events_note\""))
      << back;
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  expect_nothing_to_do(dir);
}

// Partitioned tables with indexes, a primary key, a unique constraint and foreign keys, loaded
// with psql the way a team adopting sleet has them: push leaves the database alone, and the
// schema pg_dump --schema-only writes (indexes ON ONLY the parent, partitions' indexes attached
// with ALTER INDEX) is the same schema as the files.
constexpr const char* kIndexed = R"sql(
CREATE TABLE kinds (name text PRIMARY KEY);
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text REFERENCES kinds (name),
  code integer, PRIMARY KEY (id, at), UNIQUE (code, id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
  PARTITION BY RANGE (id);
CREATE TABLE events_2024_low PARTITION OF events_2024 FOR VALUES FROM (0) TO (1000);
CREATE TABLE events_2024_rest PARTITION OF events_2024 DEFAULT;
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_kind_idx ON events (kind);
CREATE INDEX events_2024_id_idx ON events_2024 (id DESC);
CREATE UNIQUE INDEX events_2024_low_code ON events_2024_low (code);
CREATE INDEX events_2025_code_idx ON events_2025 (code) WHERE code > 0;
CREATE TABLE notes (id integer PRIMARY KEY, event_id bigint, event_at date,
  FOREIGN KEY (event_id, event_at) REFERENCES events (id, at));
)sql";

TEST(CliPartitions, PgDumpOfIndexedPartitionsReadsAsTheFilesAndPushChangesNothing) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("partitions_dump");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kIndexed);
  auto [loaded, load_said] =
      shell(fmt::format("{} -X -q -v ON_ERROR_STOP=1 -f '{}'", client("psql", database),
                        (dir.path() / "schema/app.sql").string()));
  ASSERT_EQ(loaded, 0) << load_said;
  auto pushed = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(pushed.exit_code, 0) << pushed.out << pushed.err;
  EXPECT_TRUE(contains(pushed.out, "No changes")) << pushed.out << pushed.err;

  auto [dumped, dump] = shell(client("pg_dump", database) + " --schema-only --no-owner");
  ASSERT_EQ(dumped, 0) << dump;
  ASSERT_TRUE(contains(dump, "CREATE INDEX events_kind_idx ON ONLY public.events")) << dump;
  ASSERT_TRUE(contains(dump, "ALTER INDEX public.events_pkey ATTACH PARTITION")) << dump;
  dir.write("dump.sql", dump);
  auto compared = run_sleet("diff --from dump.sql --to schema/app.sql", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(compared.exit_code, 0) << compared.out << compared.err;
  EXPECT_TRUE(compared.out.empty()) << compared.out;
  EXPECT_TRUE(contains(compared.err, "No differences")) << compared.err;

  // The dump loaded into an empty database with psql: push after it has nothing to do either.
  std::string restored = cluster.fresh_database("partitions_restored");
  auto [reloaded, reload_said] =
      shell(fmt::format("{} -X -q -v ON_ERROR_STOP=1 -f '{}'", client("psql", restored),
                        (dir.path() / "dump.sql").string()));
  ASSERT_EQ(reloaded, 0) << reload_said;
  write_schema_project(dir, restored, kIndexed);
  auto again = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_TRUE(contains(again.out, "No changes")) << again.out << again.err;
}

}  // namespace
}  // namespace sleet::testing
