// The JSON API against a real database: schema, pages of rows (typed values, sort, filter,
// offset and keyset paging, counts), writes by primary key, the console, read-only mode, and
// hostile identifiers and values.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "studio_test_support.h"

namespace sleet::testing {
namespace {

using nlohmann::json;

constexpr const char* kSchema = R"(
CREATE TABLE authors (id bigserial PRIMARY KEY, name text NOT NULL, bio text);
CREATE TABLE posts (
  id integer PRIMARY KEY, author_id bigint REFERENCES authors(id), title text,
  score numeric(10,2), big bigint, flag boolean, data jsonb, raw json,
  at timestamptz, day date, ratio double precision);
CREATE TABLE log (line text);
CREATE VIEW titles AS SELECT id, title FROM posts;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
INSERT INTO authors (name, bio) VALUES ('ann', NULL), ('bob', '');
INSERT INTO posts SELECT g, 1 + g % 2, 'post ' || g, g * 1.5, 9007199254740993 + g, g % 2 = 0,
  '{"n": 1, "tags": ["a"]}', '{"k" : 2}', '2026-01-02 03:04:05+00', '2026-01-02', 0.5
  FROM generate_series(1, 250) g;
INSERT INTO log VALUES ('x');
ANALYZE;
)";

class StudioApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = new std::string(test_cluster().fresh_database("api"));
    test_cluster().execute(kSchema, *database_);
  }
  static std::string* database_;
};
std::string* StudioApi::database_ = nullptr;

TEST_F(StudioApi, SchemaListsTablesKeysAndEstimates) {
  RunningStudio studio(*database_);
  auto answer = studio.get("/api/schema");
  ASSERT_EQ(answer.status, 200) << answer.body.dump();
  const json& tables = answer.body["tables"];
  ASSERT_EQ(tables.size(), 3u) << answer.body.dump();
  const json* posts = nullptr;
  for (const json& table : tables) {
    if (table["name"] == "posts") posts = &table;
  }
  ASSERT_TRUE(posts);
  EXPECT_EQ((*posts)["estimated_rows"], 250);
  EXPECT_EQ((*posts)["primary_key"], json::array({"id"}));
  ASSERT_EQ((*posts)["foreign_keys"].size(), 1u);
  EXPECT_EQ((*posts)["foreign_keys"][0]["references"]["table"], "authors");
  EXPECT_EQ((*posts)["foreign_keys"][0]["columns"], json::array({"author_id"}));
  EXPECT_EQ((*posts)["columns"][3]["type"], "numeric(10,2)");
  EXPECT_EQ(answer.body["views"][0]["name"], "titles");
  EXPECT_EQ(answer.body["enums"][0]["values"], json::array({"sad", "ok", "happy"}));

  auto list = studio.get("/api/tables");
  ASSERT_EQ(list.status, 200) << list.body.dump();
  ASSERT_EQ(list.body["tables"].size(), 4u) << list.body.dump();
  EXPECT_EQ(list.body["tables"][2], json({{"schema", "public"},
                                          {"name", "posts"},
                                          {"kind", "table"},
                                          {"estimated_rows", 250},
                                          {"partitioned", false},
                                          {"partition_of", nullptr},
                                          {"partition_bound", nullptr},
                                          {"inherits", json::array()}}));
  EXPECT_EQ(list.body["tables"][3]["kind"], "view");
}

TEST_F(StudioApi, ValuesAreTypedFaithfully) {
  RunningStudio studio(*database_);
  auto authors = studio.get("/api/rows/public/authors");
  ASSERT_EQ(authors.status, 200) << authors.body.dump();
  EXPECT_EQ(authors.body["rows"][0], json::array({"1", "ann", nullptr}));  // bigint as text
  EXPECT_EQ(authors.body["rows"][1], json::array({"2", "bob", ""}));       // '' is not NULL
  EXPECT_EQ(authors.body["total"], 2);

  auto posts = studio.get("/api/rows/public/posts?limit=1");
  ASSERT_EQ(posts.status, 200) << posts.body.dump();
  const json& row = posts.body["rows"][0];
  EXPECT_EQ(row[0], 1);
  EXPECT_EQ(row[3], "1.50");
  EXPECT_EQ(row[4], "9007199254740994");
  EXPECT_EQ(row[5], false);
  EXPECT_EQ(row[6], json::parse(R"({"n": 1, "tags": ["a"]})"));
  EXPECT_EQ(row[7], json::parse(R"({"k": 2})"));
  EXPECT_EQ(row[8], "2026-01-02 03:04:05+00");  // with its zone, as the server prints it
  EXPECT_EQ(row[9], "2026-01-02");
  EXPECT_EQ(row[10], 0.5);
  EXPECT_EQ(posts.body["columns"][0]["primary_key"], true);
}

TEST_F(StudioApi, PagesByOffsetAndByKeySortedAndFiltered) {
  RunningStudio studio(*database_);
  auto first = studio.get("/api/rows/public/posts?limit=100");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body["rows"].size(), 100u);
  EXPECT_EQ(first.body["next_after"], json::array({100}));
  auto keyset = studio.get("/api/rows/public/posts?limit=100&after=%5B100%5D");
  ASSERT_EQ(keyset.status, 200) << keyset.body.dump();
  EXPECT_EQ(keyset.body["rows"][0][0], 101);
  auto offset = studio.get("/api/rows/public/posts?limit=100&offset=200");
  EXPECT_EQ(offset.body["rows"].size(), 50u);
  EXPECT_EQ(offset.body["rows"][0][0], 201);

  auto sorted = studio.get("/api/rows/public/posts?limit=3&order=title.desc");
  ASSERT_EQ(sorted.status, 200) << sorted.body.dump();
  EXPECT_EQ(sorted.body["rows"][0][2], "post 99");

  std::string filter = percent_encode(
      R"([{"column":"title","op":"contains","value":"post 2_"},{"column":"flag","op":"eq","value":true}])");
  auto filtered = studio.get("/api/rows/public/posts?filter=" + filter);
  ASSERT_EQ(filtered.status, 200) << filtered.body.dump();
  EXPECT_EQ(filtered.body["total"], 0);  // '_' is literal, not a wildcard
  filter = percent_encode(R"([{"column":"title","op":"contains","value":"POST 24"}])");
  filtered = studio.get("/api/rows/public/posts?filter=" + filter);
  EXPECT_EQ(filtered.body["total"], 11) << filtered.body.dump();  // 24, 240..249
  filter = percent_encode(R"([{"column":"bio","op":"is_null"}])");
  EXPECT_EQ(studio.get("/api/rows/public/authors?filter=" + filter).body["total"], 1);

  auto missing = studio.get("/api/rows/public/posts?order=nope.asc");
  EXPECT_EQ(missing.status, 400);
  auto bad = studio.get("/api/rows/public/posts?limit=ten");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(studio.get("/api/rows/public/nope").status, 404);
  EXPECT_EQ(studio.get("/api/rows/pg_catalog/pg_class").status, 404);  // not managed
}

TEST_F(StudioApi, BigTablesAreEstimatedUnlessCountedExactly) {
  std::string database = test_cluster().fresh_database("big");
  test_cluster().execute(
      "CREATE TABLE big (id int PRIMARY KEY); INSERT INTO big SELECT generate_series(1, 30000); "
      "ANALYZE big;",
      database);
  RunningStudio studio(database);
  auto page = studio.get("/api/rows/public/big?limit=10");
  ASSERT_EQ(page.status, 200);
  EXPECT_FALSE(page.body.contains("total"));
  EXPECT_NEAR(page.body["estimated_total"].get<double>(), 30000, 3000);
  auto exact = studio.get("/api/rows/public/big?limit=10&count=exact");
  EXPECT_EQ(exact.body["total"], 30000);
  std::string filter = percent_encode(R"([{"column":"id","op":"gt","value":5}])");
  auto filtered = studio.get("/api/rows/public/big?limit=10&filter=" + filter);
  EXPECT_EQ(filtered.body["total_at_least"], 10000) << filtered.body.dump();
}

TEST_F(StudioApi, WritesReturnTheStoredRow) {
  std::string database = test_cluster().fresh_database("writes");
  test_cluster().execute(kSchema, database);
  RunningStudio studio(database);
  std::string path = "/api/rows/public/authors";
  auto inserted = studio.send("POST", path, {{"values", {{"name", "cy"}, {"bio", "x"}}}});
  ASSERT_EQ(inserted.status, 200) << inserted.body.dump();
  EXPECT_EQ(inserted.body["row"], json::array({"3", "cy", "x"}));
  EXPECT_NE(inserted.body["sql"].get<std::string>().find("INSERT INTO \"public\".\"authors\""),
            std::string::npos);

  auto to_null = studio.send("PATCH", path, {{"key", {{"id", "3"}}}, {"set", {{"bio", nullptr}}}});
  ASSERT_EQ(to_null.status, 200) << to_null.body.dump();
  EXPECT_EQ(to_null.body["row"][2], nullptr);
  EXPECT_TRUE(test_cluster()
                  .execute("SELECT bio IS NULL FROM authors WHERE id = 3", database)
                  .value(0, 0) == "t");
  auto to_empty = studio.send("PATCH", path, {{"key", {{"id", "3"}}}, {"set", {{"bio", ""}}}});
  EXPECT_EQ(to_empty.body["row"][2], "");
  EXPECT_TRUE(
      test_cluster().execute("SELECT bio = '' FROM authors WHERE id = 3", database).value(0, 0) ==
      "t");

  auto preview = studio.send(
      "PATCH", path, {{"key", {{"id", "3"}}}, {"set", {{"name", "zed"}}}, {"dry_run", true}});
  EXPECT_EQ(preview.body["sql"],
            "UPDATE \"public\".\"authors\" SET \"name\" = $1 WHERE \"id\" = $2 RETURNING \"id\", "
            "\"name\", \"bio\"");
  EXPECT_EQ(preview.body["parameters"], json::array({"zed", "3"}));
  EXPECT_FALSE(preview.body.contains("row"));
  EXPECT_EQ(test_cluster().execute("SELECT name FROM authors WHERE id = 3", database).value(0, 0),
            "cy");

  auto json_set = studio.send("PATCH", "/api/rows/public/posts",
                              {{"key", {{"id", 1}}}, {"set", {{"data", {{"a", {1, 2}}}}}}});
  ASSERT_EQ(json_set.status, 200) << json_set.body.dump();
  EXPECT_EQ(json_set.body["row"][6], json::parse(R"({"a":[1,2]})"));

  auto deleted = studio.send("DELETE", path, {{"key", {{"id", "3"}}}});
  ASSERT_EQ(deleted.status, 200);
  EXPECT_EQ(deleted.body["row"][1], "cy");
  auto again = studio.send("DELETE", path, {{"key", {{"id", "3"}}}});
  EXPECT_EQ(again.status, 404);

  auto bad_value = studio.send("PATCH", "/api/rows/public/posts",
                               {{"key", {{"id", 1}}}, {"set", {{"big", "many"}}}});
  EXPECT_EQ(bad_value.status, 400);
  EXPECT_EQ(bad_value.body["error"]["sqlstate"], "22P02") << bad_value.body.dump();
  auto partial_key = studio.send("DELETE", path, {{"key", json::object()}});
  EXPECT_EQ(partial_key.status, 400);
  auto no_pk = studio.send("POST", "/api/rows/public/log", {{"values", {{"line", "y"}}}});
  EXPECT_EQ(no_pk.status, 409);
  EXPECT_NE(no_pk.body["error"]["message"].get<std::string>().find("no primary key"),
            std::string::npos);
  auto page = studio.get("/api/rows/public/log");
  EXPECT_EQ(page.body["read_only"], true);
  EXPECT_NE(page.body["read_only_reason"].get<std::string>().find("primary key"),
            std::string::npos);
  EXPECT_EQ(studio.send("DELETE", "/api/rows/public/titles", {{"key", {{"id", 1}}}}).status, 409);
}

TEST_F(StudioApi, ConsoleRunsCapsAndReportsPositions) {
  studio::StudioOptions options;
  options.console_row_limit = 10;
  options.statement_timeout = std::chrono::milliseconds(300);
  RunningStudio studio(*database_, options);
  auto rows = studio.send("POST", "/api/sql", {{"sql", "select id, title from posts order by id"}});
  ASSERT_EQ(rows.status, 200) << rows.body.dump();
  EXPECT_EQ(rows.body["rows"].size(), 10u);
  EXPECT_EQ(rows.body["truncated"], true);
  EXPECT_EQ(rows.body["columns"][0], json({{"name", "id"}, {"type", "integer"}}));
  auto several = studio.send("POST", "/api/sql",
                             {{"sql",
                               "create temp table t (a int); insert into t values (1), (2); "
                               "select count(*) from t"}});
  ASSERT_EQ(several.status, 200) << several.body.dump();
  EXPECT_EQ(several.body["rows"][0][0], "2");
  EXPECT_EQ(several.body["truncated"], false);

  auto error = studio.send("POST", "/api/sql", {{"sql", "select 1;\nselect nope from posts"}});
  ASSERT_EQ(error.status, 400);
  EXPECT_EQ(error.body["error"]["sqlstate"], "42703");
  EXPECT_EQ(error.body["error"]["position"], 18) << error.body.dump();
  EXPECT_EQ(error.body["error"]["line"], 2);
  EXPECT_EQ(error.body["error"]["column"], 8);
  auto syntax = studio.send("POST", "/api/sql", {{"sql", "selec 1"}});
  EXPECT_EQ(syntax.status, 400);
  EXPECT_EQ(syntax.body["error"]["position"], 1) << syntax.body.dump();
  auto slow = studio.send("POST", "/api/sql", {{"sql", "select pg_sleep(5)"}});
  EXPECT_EQ(slow.body["error"]["sqlstate"], "57014") << slow.body.dump();
  auto commit = studio.send("POST", "/api/sql", {{"sql", "commit; delete from log"}});
  EXPECT_EQ(commit.status, 400);
  EXPECT_EQ(test_cluster().execute("select count(*) from log", *database_).value(0, 0), "1");
}

TEST_F(StudioApi, ReadOnlyRefusesEveryWrite) {
  studio::StudioOptions options;
  options.read_only = true;
  RunningStudio studio(*database_, options);
  EXPECT_EQ(studio.send("POST", "/api/rows/public/authors", {{"values", {{"name", "x"}}}}).status,
            403);
  EXPECT_EQ(studio
                .send("PATCH", "/api/rows/public/authors",
                      {{"key", {{"id", "1"}}}, {"set", {{"name", "x"}}}})
                .status,
            403);
  EXPECT_EQ(studio.send("DELETE", "/api/rows/public/authors", {{"key", {{"id", "1"}}}}).status,
            403);
  auto write = studio.send("POST", "/api/sql", {{"sql", "delete from log"}});
  EXPECT_EQ(write.status, 400);
  EXPECT_EQ(write.body["error"]["sqlstate"], "25006") << write.body.dump();
  auto escape =
      studio.send("POST", "/api/sql", {{"sql", "set transaction read write; delete from log"}});
  EXPECT_EQ(escape.status, 400) << escape.body.dump();
  auto session = studio.send("POST", "/api/sql",
                             {{"sql", "set session characteristics as transaction read write"}});
  auto after = studio.send("POST", "/api/sql", {{"sql", "delete from log"}});
  EXPECT_EQ(after.status, 400) << session.body.dump();
  EXPECT_EQ(test_cluster().execute("select count(*) from log", *database_).value(0, 0), "1");
  auto read = studio.send("POST", "/api/sql", {{"sql", "select count(*) from posts"}});
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(studio.get("/api/info").body["read_only"], true);
}

TEST_F(StudioApi, HostileIdentifiersAndValuesStayData) {
  std::string database = test_cluster().fresh_database("hostile");
  test_cluster().execute(R"(
CREATE SCHEMA "we""ird;s/";
CREATE TABLE "we""ird;s/"."<script>alert(1)</script>" (
  "id" int PRIMARY KEY, "a""; DROP TABLE x; --" text, "<img src=x onerror=alert(2)>" text);
INSERT INTO "we""ird;s/"."<script>alert(1)</script>" VALUES (1, '<script>alert(3)</script>', '''; --');
)",
                         database);
  studio::StudioOptions options;
  options.inspect.schema_filter = {"public", "we\"ird;s/"};
  RunningStudio studio(database, options);
  std::string schema = "we\"ird;s/", table = "<script>alert(1)</script>";
  std::string path = rows_path(schema, table);
  auto page = studio.get(path);
  ASSERT_EQ(page.status, 200) << page.body.dump();
  EXPECT_EQ(page.body["rows"][0], json::array({1, "<script>alert(3)</script>", "'; --"}));
  EXPECT_EQ(page.body["columns"][1]["name"], "a\"; DROP TABLE x; --");

  std::string column = "a\"; DROP TABLE x; --";
  auto filter = percent_encode(
      json::array({{{"column", column}, {"op", "eq"}, {"value", "<script>alert(3)</script>"}}})
          .dump());
  auto filtered =
      studio.get(path + "?filter=" + filter + "&order=" + percent_encode(column + ".desc"));
  ASSERT_EQ(filtered.status, 200) << filtered.body.dump();
  EXPECT_EQ(filtered.body["total"], 1);

  auto inserted = studio.send("POST", path,
                              {{"values",
                                {{"id", 2},
                                 {column, "'); DROP TABLE y; --"},
                                 {"<img src=x onerror=alert(2)>", "\"quoted\""}}}});
  ASSERT_EQ(inserted.status, 200) << inserted.body.dump();
  EXPECT_EQ(inserted.body["row"], json::array({2, "'); DROP TABLE y; --", "\"quoted\""}));
  auto updated = studio.send("PATCH", path, {{"key", {{"id", 2}}}, {"set", {{column, nullptr}}}});
  EXPECT_EQ(updated.body["row"][1], nullptr);
  EXPECT_EQ(studio.send("DELETE", path, {{"key", {{"id", 2}}}}).status, 200);

  auto schema_doc = studio.get("/api/schema");
  ASSERT_EQ(schema_doc.status, 200);
  EXPECT_EQ(schema_doc.body["tables"][0]["name"], table);
  EXPECT_EQ(schema_doc.body["tables"][0]["schema"], schema);
  EXPECT_EQ(test_cluster()
                .execute("select count(*) from pg_tables where schemaname = 'we\"ird;s/'", database)
                .value(0, 0),
            "1");
}

TEST_F(StudioApi, MigrationsAndPlanComeFromTheProviders) {
  studio::StudioOptions options;
  options.migrations = [] { return nlohmann::ordered_json{{"status", "fine"}}; };
  RunningStudio studio(*database_, options);
  EXPECT_EQ(studio.get("/api/migrations").body["status"], "fine");
  EXPECT_EQ(studio.get("/api/plan").status, 404);
}

}  // namespace
}  // namespace sleet::testing
