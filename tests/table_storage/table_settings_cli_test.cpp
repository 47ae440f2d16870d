// tests/table_storage: the settings pg_dump writes after a CREATE TABLE — a column's statistics
// target, storage mode, compression and n_distinct, a table's REPLICA IDENTITY and CLUSTER ON —
// through the commands with the real binary: generated and migrated, drift found and repaired,
// a changed setting migrated, a psql-loaded schema that push leaves alone and that pg_dump writes
// back as the same schema, pulled; what the server would refuse refused at file:line:col.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "support/postgres_clients.h"
#include "support/schema_project.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = R"sql(
CREATE TABLE documents (
  id integer NOT NULL,
  slug text NOT NULL,
  body text COMPRESSION lz4,
  attachment bytea,
  score numeric,
  CONSTRAINT documents_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX documents_slug_idx ON documents (slug);
CREATE INDEX documents_score_idx ON documents (score);
ALTER TABLE ONLY documents ALTER COLUMN slug SET STATISTICS 500;
ALTER TABLE ONLY documents ALTER COLUMN attachment SET STORAGE EXTERNAL;
ALTER TABLE ONLY documents ALTER COLUMN score SET (n_distinct = -0.5);
ALTER TABLE documents REPLICA IDENTITY USING INDEX documents_slug_idx;
ALTER TABLE documents CLUSTER ON documents_score_idx;

CREATE TABLE audit_log (
  happened_at timestamptz NOT NULL DEFAULT now(),
  what text
);
ALTER TABLE audit_log REPLICA IDENTITY FULL;
)sql";

// The same tables with their settings changed: other targets and modes, the identity the
// primary key, clustered on the primary key, the audit log's identity back to the default.
constexpr const char* kEvolved = R"sql(
CREATE TABLE documents (
  id integer NOT NULL,
  slug text NOT NULL,
  body text COMPRESSION pglz,
  attachment bytea,
  score numeric,
  CONSTRAINT documents_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX documents_slug_idx ON documents (slug);
CREATE INDEX documents_score_idx ON documents (score);
ALTER TABLE ONLY documents ALTER COLUMN slug SET STATISTICS 100;
ALTER TABLE ONLY documents ALTER COLUMN body SET STORAGE MAIN;
ALTER TABLE documents REPLICA IDENTITY USING INDEX documents_pkey;
ALTER TABLE documents CLUSTER ON documents_pkey;

CREATE TABLE audit_log (
  happened_at timestamptz NOT NULL DEFAULT now(),
  what text
);
)sql";

std::string value(const std::string& sql, const std::string& database) {
  return std::string(test_cluster().execute(sql, database).value(0, 0));
}

// attstattarget, attstorage, attcompression and the n_distinct option of documents.`column`.
std::string column_settings(const std::string& column, const std::string& database) {
  return value(fmt::format("select format('%s %s %s %s', attstattarget, attstorage::text, "
                           "coalesce(nullif(attcompression::text, ''), '-'), "
                           "coalesce((select string_agg(o, ',') from unnest(attoptions) o "
                           "where o like 'n\\_distinct%'), '-')) "
                           "from pg_attribute where attrelid = 'documents'::regclass "
                           "and attname = '{}'",
                           column),
               database);
}

std::string identity_and_cluster(const std::string& table, const std::string& database) {
  return value(fmt::format("select c.relreplident::text || ' ' || "
                           "coalesce((select ic.relname from pg_index i join pg_class ic on "
                           "ic.oid = i.indexrelid where i.indrelid = c.oid and i.indisreplident), "
                           "'-') || ' ' || coalesce((select ic.relname from pg_index i join "
                           "pg_class ic on ic.oid = i.indexrelid where i.indrelid = c.oid and "
                           "i.indisclustered), '-') from pg_class c where c.relname = '{}'",
                           table),
               database);
}

TEST(CliTableSettings, GeneratedMigratedDriftRepairedAndEvolved) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("table_settings");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kSchema);

  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::string sql = read_file(migration_files(dir).at(0));
  EXPECT_TRUE(contains(sql,
                       "ALTER TABLE ONLY \"public\".\"documents\" ALTER COLUMN \"slug\" SET "
                       "STATISTICS 500;"))
      << sql;
  EXPECT_TRUE(contains(sql, "ALTER COLUMN \"attachment\" SET STORAGE EXTERNAL;")) << sql;
  EXPECT_TRUE(contains(sql, "ALTER COLUMN \"body\" SET COMPRESSION lz4;")) << sql;
  EXPECT_TRUE(contains(sql, "ALTER COLUMN \"score\" SET (n_distinct=-0.5);")) << sql;
  // The identity and the cluster mark come after the indexes they name.
  std::size_t identity = sql.find("REPLICA IDENTITY USING INDEX \"documents_slug_idx\"");
  ASSERT_NE(identity, std::string::npos) << sql;
  EXPECT_LT(sql.find("CREATE UNIQUE INDEX \"documents_slug_idx\""), identity) << sql;
  EXPECT_LT(sql.find("CREATE INDEX \"documents_score_idx\""),
            sql.find("CLUSTER ON \"documents_score_idx\""))
      << sql;
  EXPECT_TRUE(contains(sql, "ALTER TABLE \"public\".\"audit_log\" REPLICA IDENTITY FULL;")) << sql;
  std::string snapshot = read_file(dir.path() / "drizzle/meta/0000_snapshot.json");
  EXPECT_TRUE(contains(snapshot, "\"replicaIdentityIndex\": \"documents_slug_idx\"")) << snapshot;
  EXPECT_TRUE(contains(snapshot, "\"statistics\": 500")) << snapshot;

  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  EXPECT_EQ(column_settings("slug", database), "500 x - -");
  EXPECT_EQ(column_settings("attachment", database), "-1 e - -");
  EXPECT_EQ(column_settings("body", database), "-1 x l -");
  EXPECT_EQ(column_settings("score", database), "-1 m - n_distinct=-0.5");
  EXPECT_EQ(identity_and_cluster("documents", database),
            "i documents_slug_idx documents_score_idx");
  EXPECT_EQ(identity_and_cluster("audit_log", database), "f - -");
  cluster.execute(
      "INSERT INTO documents VALUES (1, 'a', repeat('x', 10000), 'y', 1.5), "
      "(2, 'b', 'short', null, 2)",
      database);
  expect_nothing_to_do(dir);

  // Changed by hand: drift, which push --force repairs.
  cluster.execute(
      "ALTER TABLE documents ALTER COLUMN slug SET STATISTICS 5; "
      "ALTER TABLE documents SET WITHOUT CLUSTER",
      database);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_EQ(drifted.exit_code, 1) << drifted.out << drifted.err;
  EXPECT_TRUE(contains(drifted.out, "SET STATISTICS 5;")) << drifted.out;
  EXPECT_TRUE(contains(drifted.out, "SET WITHOUT CLUSTER;")) << drifted.out;
  auto forced = run_sleet("push --force", dir.path(), "NO_COLOR=1");
  ASSERT_EQ(forced.exit_code, 0) << forced.out << forced.err;
  EXPECT_EQ(column_settings("slug", database), "500 x - -");
  EXPECT_EQ(identity_and_cluster("documents", database),
            "i documents_slug_idx documents_score_idx");
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);

  // The evolution: each setting changed or dropped in place; the rows stay.
  write_schema_project(dir, database, kEvolved);
  auto evolved = run_sleet("generate --name evolve", dir.path());
  ASSERT_EQ(evolved.exit_code, 0) << evolved.out << evolved.err;
  std::string second = read_file(migration_files(dir).at(1));
  EXPECT_TRUE(contains(second, "ALTER COLUMN \"slug\" SET STATISTICS 100;")) << second;
  // Back to bytea's own mode, and to the server's default compression method.
  EXPECT_TRUE(contains(second, "ALTER COLUMN \"attachment\" SET STORAGE EXTENDED;")) << second;
  EXPECT_TRUE(contains(second, "ALTER COLUMN \"body\" SET COMPRESSION pglz;")) << second;
  EXPECT_TRUE(contains(second, "ALTER COLUMN \"body\" SET STORAGE MAIN;")) << second;
  EXPECT_TRUE(contains(second, "ALTER COLUMN \"score\" RESET (n_distinct);")) << second;
  EXPECT_TRUE(contains(second, "REPLICA IDENTITY USING INDEX \"documents_pkey\";")) << second;
  EXPECT_TRUE(contains(second, "CLUSTER ON \"documents_pkey\";")) << second;
  EXPECT_TRUE(contains(second, "ALTER TABLE \"public\".\"audit_log\" REPLICA IDENTITY DEFAULT;"))
      << second;
  EXPECT_FALSE(contains(second, "DROP TABLE")) << second;
  auto applied = run_sleet("migrate", dir.path());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(value("select count(*) from documents", database), "2");
  EXPECT_EQ(value("select length(body) from documents where id = 1", database), "10000");
  EXPECT_EQ(column_settings("slug", database), "100 x - -");
  EXPECT_EQ(column_settings("attachment", database), "-1 x - -");
  EXPECT_EQ(column_settings("body", database), "-1 m p -");
  EXPECT_EQ(column_settings("score", database), "-1 m - -");
  EXPECT_EQ(identity_and_cluster("documents", database), "i documents_pkey documents_pkey");
  EXPECT_EQ(identity_and_cluster("audit_log", database), "d - -");
  expect_nothing_to_do(dir);
}

// A team adopting sleet from a database loaded with psql: push finds nothing to do, pg_dump's
// file (with its ALTER TABLE ONLY ... SET STATISTICS and friends) is the same schema as the
// files, and pull writes the settings back.
TEST(CliTableSettings, PsqlLoadPgDumpAndPullAgree) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("table_settings_dump");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kSchema);
  auto [loaded, load_said] = load_with_psql(database, kSchema);
  ASSERT_EQ(loaded, 0) << load_said;
  auto pushed = run_sleet("push", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(pushed.exit_code, 0) << pushed.out << pushed.err;
  EXPECT_TRUE(contains(pushed.out, "No changes")) << pushed.out << pushed.err;

  auto [dumped, dump] = shell(client("pg_dump", database) + " --schema-only --no-owner");
  ASSERT_EQ(dumped, 0) << dump;
  EXPECT_TRUE(contains(dump,
                       "ALTER TABLE ONLY public.documents ALTER COLUMN slug SET "
                       "STATISTICS 500;"))
      << dump;
  EXPECT_TRUE(contains(dump, "REPLICA IDENTITY USING INDEX documents_slug_idx")) << dump;
  dir.write("dump.sql", dump);
  for (const char* direction :
       {"--from dump.sql --to schema/app.sql", "--from schema/app.sql --to dump.sql"}) {
    auto compared = run_sleet(fmt::format("diff {}", direction), dir.path(), "NO_COLOR=1");
    EXPECT_EQ(compared.exit_code, 0) << compared.out << compared.err;
    EXPECT_TRUE(compared.out.empty()) << direction << "\n" << compared.out;
    EXPECT_TRUE(contains(compared.err, "No differences")) << compared.err;
  }

  TemporaryDirectory pulled_dir;
  pulled_dir.write("sleet.toml",
                   fmt::format("schema = \"schema\"\nurl = \"{}\"\n", cluster.url(database)));
  auto pulled = run_sleet("pull", pulled_dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  std::string written;
  for (const auto& entry : fs::recursive_directory_iterator(pulled_dir.path() / "schema"))
    if (entry.is_regular_file()) written += read_file(entry.path());
  EXPECT_TRUE(contains(written, "ALTER COLUMN \"slug\" SET STATISTICS 500;")) << written;
  EXPECT_TRUE(contains(written, "ALTER COLUMN \"attachment\" SET STORAGE EXTERNAL;")) << written;
  EXPECT_TRUE(contains(written, "ALTER COLUMN \"body\" SET COMPRESSION lz4;")) << written;
  EXPECT_TRUE(contains(written, "SET (n_distinct=-0.5)")) << written;
  EXPECT_TRUE(contains(written, "REPLICA IDENTITY USING INDEX \"documents_slug_idx\";")) << written;
  EXPECT_TRUE(contains(written, "CLUSTER ON \"documents_score_idx\";")) << written;
  EXPECT_TRUE(contains(written, "\"audit_log\" REPLICA IDENTITY FULL;")) << written;
  EXPECT_FALSE(contains(written, "pg_attver")) << written;
  expect_pulled_project_settled(pulled_dir, pulled);
}

// What the server would refuse is refused in the schema file, at the statement, saying what to
// do; `SET STATISTICS` itself (once "not supported yet") is accepted.
TEST(CliTableSettings, RefusedAtTheStatement) {
  TemporaryDirectory dir;
  dir.write("ok.sql",
            "create table t (a int, b text);\n"
            "alter table only t alter column a set statistics 500;\n");
  auto exported = run_sleet("export --schema ok.sql", dir.path());
  EXPECT_EQ(exported.exit_code, 0) << exported.out << exported.err;
  EXPECT_TRUE(contains(exported.out, "ALTER COLUMN \"a\" SET STATISTICS 500;")) << exported.out;

  struct Refused {
    const char* sql;
    const char* said;
  };
  for (const Refused& refused : {
           Refused{"create table t (a int, b text);\n"
                   "alter table t alter column b set storage compressed;\n",
                   "bad.sql:2:1: unknown storage mode compressed for column b"},
           Refused{"create table t (a int, b text);\n"
                   "alter table t alter column a set storage external;\n",
                   "bad.sql:2:1: column public.t.a of type integer can only have storage PLAIN"},
           Refused{"create table t (a int not null, b text);\n"
                   "create index t_a on t (a);\n"
                   "alter table t replica identity using index t_a;\n",
                   "bad.sql:3:1: REPLICA IDENTITY USING INDEX: index t_a of table public.t "
                   "cannot be a replica identity"},
           Refused{"create table t (a int, b text);\n"
                   "create unique index t_a on t (a);\n"
                   "alter table t replica identity using index t_a;\n",
                   "bad.sql:3:1: REPLICA IDENTITY USING INDEX: index t_a of table public.t is "
                   "on column a, which may be null"},
           Refused{"create table t (a int, b text);\n"
                   "alter table t cluster on t_missing;\n",
                   "bad.sql:2:1: CLUSTER ON: table public.t has no index named t_missing"},
           Refused{"create table t (a int, b text compression zstd);\n",
                   "bad.sql:1:24: unknown compression method zstd for column b"},
       }) {
    dir.write("bad.sql", refused.sql);
    auto result = run_sleet("export --schema bad.sql", dir.path());
    EXPECT_NE(result.exit_code, 0) << refused.sql;
    EXPECT_TRUE(contains(result.err, refused.said)) << refused.sql << "\n" << result.err;
  }
}

}  // namespace
}  // namespace sleet::testing
