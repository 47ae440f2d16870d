// The browser tests (tests/studio/browser/studio.test.mjs: playwright-core driving Debian's
// chromium) against a project prepared here: a migrated database with data (100,000 rows,
// foreign keys, hostile names and values), a pending migration, schema files that drop a
// column, and two studios, one of them --read-only.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "studio_objects_fixture.h"
#include "studio_process.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchemaV1 =
    R"(CREATE TABLE authors (id bigserial PRIMARY KEY, name text NOT NULL, bio text);
CREATE TABLE posts (id serial PRIMARY KEY, author_id bigint NOT NULL REFERENCES authors(id), title text NOT NULL, body text);
CREATE TABLE big (id integer PRIMARY KEY, label text);
CREATE TABLE "<script>alert(1)</script>" (id integer PRIMARY KEY, "a""; DROP TABLE x; --" text);
)";
constexpr const char* kSchemaV2 = "CREATE TABLE extra (id integer PRIMARY KEY);\n";
constexpr const char* kSchemaV3 =
    R"(CREATE TABLE authors (id bigserial PRIMARY KEY, name text NOT NULL, bio text);
CREATE TABLE posts (id serial PRIMARY KEY, author_id bigint NOT NULL REFERENCES authors(id), title text NOT NULL);
CREATE TABLE big (id integer PRIMARY KEY, label text);
CREATE TABLE "<script>alert(1)</script>" (id integer PRIMARY KEY, "a""; DROP TABLE x; --" text);
CREATE TABLE extra (id integer PRIMARY KEY);
)";
constexpr const char* kData = R"(
INSERT INTO authors (name, bio) VALUES ('Ada', 'first'), ('Grace', ''), ('Alan', NULL);
INSERT INTO posts (author_id, title, body) SELECT 1 + g % 3, 'post ' || g, 'body' FROM generate_series(1, 200) g;
INSERT INTO big SELECT g, 'row ' || g FROM generate_series(1, 100000) g;
INSERT INTO "<script>alert(1)</script>" VALUES (1, '<img src=x onerror="window.pwned=1">');
ANALYZE;
)";

fs::path browser_directory() {
  return source_dir() / "tests/studio/browser";
}

// playwright-core in tests/studio/browser (npm ci when missing); false when there is no
// Debian chromium.
bool browser_ready() {
  if (!fs::exists("/usr/bin/chromium")) return false;
  if (!fs::exists(browser_directory() / "node_modules/playwright-core")) {
    std::string install = fmt::format("cd '{}' && npm ci --no-audit --no-fund >/dev/null 2>&1",
                                      browser_directory().string());
    EXPECT_EQ(std::system(install.c_str()), 0) << "npm ci in tests/studio/browser failed";
  }
  return true;
}

TEST(StudioBrowser, FlowsInChromium) {
  if (!browser_ready()) GTEST_SKIP() << "no /usr/bin/chromium (apt-get install chromium)";
  TemporaryDirectory dir;
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("browser");
  dir.write("sleet.toml",
            fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\n", cluster.url(database)));
  dir.write("schema/app.sql", kSchemaV1);
  ASSERT_EQ(run_sleet("generate --name init", dir.path()).exit_code, 0);
  ASSERT_EQ(run_sleet("migrate", dir.path()).exit_code, 0);
  cluster.execute(kData, database);
  dir.write("schema/extra.sql", kSchemaV2);
  ASSERT_EQ(run_sleet("generate --name extra", dir.path()).exit_code, 0);  // pending
  fs::remove(dir.path() / "schema/extra.sql");
  dir.write("schema/app.sql", kSchemaV3);  // the plan drops posts.body

  StudioProcess studio("studio --no-open --port 0", dir.path());
  ASSERT_GT(studio.port, 0) << studio.output();
  StudioProcess read_only("studio --no-open --read-only --port 0", dir.path());
  ASSERT_GT(read_only.port, 0) << read_only.output();

  TemporaryDirectory capture;
  std::string command = fmt::format(
      "cd '{}' && STUDIO_URL='{}' STUDIO_READONLY_URL='{}' SLEET_BINARY='{}' PROJECT_DIR='{}' "
      "node --test --test-concurrency=1 studio.test.mjs >'{}' 2>&1",
      browser_directory().string(), studio.url(), read_only.url(), SLEET_BINARY,
      dir.path().string(), (capture.path() / "out").string());
  int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << read_file(capture.path() / "out");
  EXPECT_EQ(studio.stop(SIGINT), 0);
  EXPECT_EQ(read_only.stop(SIGINT), 0);
}

// The schema view's objects (tests/studio/browser/schema.test.mjs) over a database loaded from
// studio_objects_fixture.h: sections, filter, partitions, trigger → function. With
// SLEET_STUDIO_SCREENSHOTS=DIR set, each page visited is also saved there as a PNG.
TEST(StudioBrowser, SchemaObjectsInChromium) {
  if (!browser_ready()) GTEST_SKIP() << "no /usr/bin/chromium (apt-get install chromium)";
  TemporaryDirectory dir;
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("browser_objects");
  cluster.execute(kObjectsSchema, database);
  dir.write("sleet.toml", fmt::format("url = \"{}\"\n", cluster.url(database)));

  StudioProcess studio("studio --no-open --port 0", dir.path());
  ASSERT_GT(studio.port, 0) << studio.output();
  const char* screenshots = std::getenv("SLEET_STUDIO_SCREENSHOTS");
  TemporaryDirectory capture;
  std::string command = fmt::format(
      "cd '{}' && STUDIO_URL='{}' SCREENSHOT_DIR='{}' "
      "node --test --test-concurrency=1 schema.test.mjs >'{}' 2>&1",
      browser_directory().string(), studio.url(), screenshots ? screenshots : "",
      (capture.path() / "out").string());
  int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << read_file(capture.path() / "out");
  EXPECT_EQ(studio.stop(SIGINT), 0);
}

}  // namespace
}  // namespace sleet::testing
