// Filters, the tracking table, the number of catalog queries, and failures.
#include <fmt/format.h>

#include "inspect/roundtrip.h"

namespace sleet::testing {
namespace {

constexpr const char* kTwoSchemas = R"sql(
CREATE SCHEMA auth;
CREATE TABLE auth.users (id int PRIMARY KEY);
CREATE TABLE auth.sessions (id int PRIMARY KEY, user_id int REFERENCES auth.users (id));
CREATE TABLE public.posts (id serial PRIMARY KEY, title text);
CREATE TABLE public.post_tags (post_id int, tag text);
CREATE VIEW public.post_titles AS SELECT title FROM posts;
CREATE SCHEMA drizzle;
CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL,
                                           created_at bigint);
)sql";

std::vector<std::string> table_names(const Schema& schema) {
  std::vector<std::string> names;
  for (const auto& [name, table] : schema.tables) names.push_back(name.display());
  return names;
}

TEST(InspectOptions, DefaultReadsPublicOnly) {
  std::string database = load_database({{"two.sql", kTwoSchemas}});
  db::Connection connection = test_cluster().connect(database);
  Schema schema = inspect_database(connection);
  EXPECT_EQ(table_names(schema), (std::vector<std::string>{"public.post_tags", "public.posts"}));
  EXPECT_TRUE(schema.namespaces.empty());
  EXPECT_EQ(schema.views.size(), 1u);
  EXPECT_EQ(schema.tables.at({"public", "posts"}).columns[0].serial, Serial::Serial);
  EXPECT_TRUE(schema.sequences.empty());
}

TEST(InspectOptions, SchemaAndTableFilters) {
  std::string database = load_database({{"two.sql", kTwoSchemas}});
  db::Connection connection = test_cluster().connect(database);
  InspectOptions options;
  options.schema_filter = {"auth", "pub*"};
  options.tables_filter = {"post*", "auth.users"};
  Schema schema = inspect_database(connection, options);
  EXPECT_EQ(table_names(schema),
            (std::vector<std::string>{"auth.users", "public.post_tags", "public.posts"}));
  // Views are filtered by the same globs: post_titles matches post*.
  EXPECT_EQ(schema.views.size(), 1u);
  EXPECT_EQ(schema.namespaces.size(), 1u);
  EXPECT_TRUE(schema.namespaces.contains("auth"));
}

// "!glob" leaves tables out, as drizzle-kit's tablesFilter does (["!langchain_pg_*"]): alone,
// every other table is read; beside positive globs, it narrows what they select.
TEST(InspectOptions, ExclamationMarkGlobsLeaveTablesOut) {
  std::string database = load_database({{"two.sql", kTwoSchemas}});
  db::Connection connection = test_cluster().connect(database);
  InspectOptions options;
  options.schema_filter = {"auth", "public"};
  options.tables_filter = {"!post_*", "!auth.sessions"};
  EXPECT_EQ(table_names(inspect_database(connection, options)),
            (std::vector<std::string>{"auth.users", "public.posts"}));
  options.tables_filter = {"post*", "!post_tags"};
  Schema schema = inspect_database(connection, options);
  EXPECT_EQ(table_names(schema), (std::vector<std::string>{"public.posts"}));
  EXPECT_EQ(schema.views.size(), 1u);  // post_titles: selected by post*, not left out
  options.tables_filter = {"!post*"};
  EXPECT_TRUE(inspect_database(connection, options).views.empty());
}

TEST(InspectOptions, TrackingSchemaAndTableAreNeverReported) {
  std::string database = load_database({{"two.sql", kTwoSchemas}});
  db::Connection connection = test_cluster().connect(database);
  InspectOptions options;
  options.schema_filter = {"*"};
  Schema schema = inspect_database(connection, options);
  EXPECT_FALSE(schema.namespaces.contains("drizzle"));
  for (const auto& [name, table] : schema.tables) EXPECT_NE(name.schema, "drizzle");
  for (const auto& [name, sequence] : schema.sequences) EXPECT_NE(name.schema, "drizzle");
  EXPECT_TRUE(schema.namespaces.contains("auth"));

  // With another table beside it, the schema itself is reported, the tracking table still not.
  test_cluster().execute("CREATE TABLE drizzle.notes (id int)", database);
  schema = inspect_database(connection, options);
  EXPECT_TRUE(schema.namespaces.contains("drizzle"));
  EXPECT_TRUE(schema.tables.contains({"drizzle", "notes"}));
  EXPECT_FALSE(schema.tables.contains({"drizzle", "__drizzle_migrations"}));
}

int count_queries(const std::string& database) {
  db::Connection connection = test_cluster().connect(database);
  int queries = 0;
  InspectOptions options;
  options.on_query = [&](std::string_view) { ++queries; };
  Schema schema = inspect_database(connection, options);
  EXPECT_FALSE(schema.tables.empty());
  return queries;
}

std::string many_tables(int count) {
  std::string sql;
  for (int i = 0; i < count; ++i) {
    sql += fmt::format(
        "CREATE TABLE t{0} (id serial PRIMARY KEY, name text NOT NULL DEFAULT 'x' "
        "CHECK (name <> ''), parent int REFERENCES t{0} (id));\n"
        "CREATE INDEX t{0}_name_idx ON t{0} (lower(name));\n"
        "COMMENT ON TABLE t{0} IS 'table {0}';\n",
        i);
  }
  return sql;
}

TEST(InspectOptions, QueryCountDoesNotGrowWithTables) {
  std::string small = load_database({{"small.sql", many_tables(10)}});
  std::string large = load_database({{"large.sql", many_tables(500)}});
  int small_count = count_queries(small);
  EXPECT_EQ(count_queries(large), small_count);
  // A fixed number: about one per kind of catalog object (25 with rules, event triggers, default
  // privileges, extended statistics and collations), sent as one pipeline.
  EXPECT_LE(small_count, 25);
  db::Connection connection = test_cluster().connect(large);
  EXPECT_EQ(inspect_database(connection).tables.size(), 500u);
}

TEST(InspectOptions, PermissionDeniedOnASchemaIsAClearError) {
  std::string database = load_database({{"two.sql", kTwoSchemas}});
  test_cluster().execute(
      "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'inspect_outsider') "
      "THEN CREATE ROLE inspect_outsider LOGIN PASSWORD 'outsider'; END IF; END $$;",
      database);
  test_cluster().execute("REVOKE ALL ON SCHEMA auth FROM PUBLIC", database);
  db::ConnectionSettings settings = test_cluster().settings(database);
  settings.user = "inspect_outsider";
  settings.password = "outsider";
  db::Connection connection(settings);
  InspectOptions options;
  options.schema_filter = {"public", "auth"};
  try {
    inspect_database(connection, options);
    FAIL() << "expected a permission error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Failure);
    EXPECT_NE(std::string(error.what()).find("permission denied for schema auth"),
              std::string::npos)
        << error.what();
    EXPECT_NE(error.hint().find("GRANT USAGE ON SCHEMA auth"), std::string::npos);
  }
}

TEST(InspectOptions, ServerClosingTheConnectionIsAConnectionError) {
  std::string database = load_database({{"two.sql", kTwoSchemas}});
  db::Connection connection = test_cluster().connect(database);
  std::string pid(connection.execute("select pg_backend_pid()").value(0, 0));
  InspectOptions options;
  int queries = 0;
  // Terminated from another connection in the middle of the inspection.
  options.on_query = [&](std::string_view) {
    if (++queries == 4) test_cluster().execute("select pg_terminate_backend(" + pid + ")");
  };
  try {
    inspect_database(connection, options);
    FAIL() << "expected a connection error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Connection) << error.what();
    EXPECT_NE(std::string(error.what()).find("lost the connection"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace sleet::testing
