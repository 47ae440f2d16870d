// Interoperability with drizzle-kit 0.31 itself (tests/fixtures/drizzle): sleet continues a
// folder drizzle-kit wrote, and drizzle-kit accepts (check) and applies (migrate) a folder
// sleet wrote, giving the same database as loading the schema SQL directly.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "generate/generate_project.h"
#include "sleet/ddl.h"
#include "sleet/journal.h"
#include "sleet/snapshot.h"
#include "support/catalog_fingerprint.h"
#include "support/test_cluster.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

// Runs a fixture script; returns its exit code and fills `output` with stdout+stderr.
int run_script(const std::string& command, std::string& output) {
  TemporaryDirectory capture;
  fs::path log = capture.path() / "log";
  int status = std::system(fmt::format("{} >'{}' 2>&1", command, log.string()).c_str());
  output = read_file(log);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// Every key of `json` as a path, in document order: the layout without the values.
std::vector<std::string> key_paths(const nlohmann::ordered_json& json,
                                   const std::string& prefix = "") {
  std::vector<std::string> paths;
  if (!json.is_object()) return paths;
  for (const auto& [key, value] : json.items()) {
    paths.push_back(prefix + "/" + key);
    auto inner = key_paths(value, prefix + "/" + key);
    paths.insert(paths.end(), inner.begin(), inner.end());
  }
  return paths;
}

std::string fixture(const std::string& name) {
  return (source_dir() / "tests/fixtures/drizzle" / name).string();
}

TEST(GenerateDrizzle, ContinuesAFolderDrizzleKitWrote) {
  GenerateProject project("");
  std::string output;
  ASSERT_EQ(
      run_script(fmt::format("'{}' '{}'", fixture("generate.sh"), project.out().string()), output),
      0)
      << output;
  auto journal = project.json("drizzle/meta/_journal.json");
  ASSERT_EQ(journal["entries"].size(), 3u);
  std::string last_id = project.json("drizzle/meta/0002_snapshot.json")["id"];

  // The declared schema: drizzle-kit's last state written as SQL, plus one new table.
  Schema state = load_snapshot(project.read("drizzle/meta/0002_snapshot.json"), "0002");
  project.set_schema(ddl::create_script(state) +
                     "\nCREATE TABLE public.sleet_added (id integer PRIMARY KEY);\n");
  CommandResult result = project.sleet("generate --name sleet_added");
  ASSERT_EQ(result.exit_code, 0) << result.err;

  auto entries = project.json("drizzle/meta/_journal.json")["entries"];
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[3]["idx"], 3);
  EXPECT_EQ(entries[3]["tag"], "0003_sleet_added");
  EXPECT_EQ(entries[0], journal["entries"][0]);  // drizzle-kit's entries are untouched
  auto snapshot = project.json("drizzle/meta/0003_snapshot.json");
  EXPECT_EQ(snapshot["prevId"], last_id);
  EXPECT_TRUE(snapshot["tables"].contains("public.sleet_added"));
  // The new snapshot keeps drizzle-kit's layout (key order) for what did not change; the
  // expression texts are now the SQL schema's spelling, so only keys are compared.
  auto before = nlohmann::ordered_json::parse(project.read("drizzle/meta/0002_snapshot.json"));
  auto after = nlohmann::ordered_json::parse(project.read("drizzle/meta/0003_snapshot.json"));
  for (const auto& [key, table] : before["tables"].items()) {
    EXPECT_EQ(key_paths(after["tables"][key]), key_paths(table)) << key;
  }
  EXPECT_EQ(key_paths(after["enums"]), key_paths(before["enums"]));
  std::string sql = project.read("drizzle/0003_sleet_added.sql");
  std::vector<std::string> statements;
  for (const auto& chunk : split_migration(sql)) {
    std::string text = chunk.text;
    while (!text.empty() && text.front() == '\n') text.erase(0, 1);
    statements.push_back(text);
  }
  ASSERT_EQ(statements.size(), 1u) << sql;
  EXPECT_TRUE(statements[0].starts_with(R"(CREATE TABLE "public"."sleet_added")")) << sql;

  // drizzle-kit still finds the folder consistent.
  ASSERT_EQ(run_script(fmt::format("'{}' '{}' schema_v2.ts check", fixture("kit.sh"),
                                   project.out().string()),
                       output),
            0)
      << output;
  EXPECT_NE(output.find("Everything's fine"), std::string::npos) << output;
}

constexpr const char* kVersion1 = R"(
CREATE SCHEMA shop;
CREATE TYPE shop.status AS ENUM ('new', 'paid');
CREATE TABLE shop.customers (id serial PRIMARY KEY, name text NOT NULL, email text UNIQUE);
CREATE TABLE shop.orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES shop.customers ON DELETE CASCADE,
  status shop.status NOT NULL DEFAULT 'new',
  total numeric(10,2) NOT NULL DEFAULT 0
);
)";

// drizzle-orm's migrator runs every pending migration in one transaction, so the view must
// not use the enum value added in the same run ('shipped'): PostgreSQL refuses that.
constexpr const char* kVersion2 = R"(
CREATE SCHEMA shop;
CREATE TYPE shop.status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE shop.customers (id serial PRIMARY KEY, full_name text NOT NULL, email text UNIQUE);
CREATE TABLE shop.orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES shop.customers ON DELETE CASCADE,
  status shop.status NOT NULL DEFAULT 'new',
  total numeric(12,2) NOT NULL DEFAULT 0,
  placed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_placed_idx ON shop.orders (placed_at DESC);
CREATE VIEW shop.open_orders AS SELECT id, customer_id FROM shop.orders WHERE status <> 'paid';
CREATE AGGREGATE shop.order_total(numeric) (SFUNC = numeric_add, STYPE = numeric, INITCOND = '0');
)";

TEST(GenerateDrizzle, DrizzleKitChecksAndAppliesAFolderSleetWrote) {
  GenerateProject project(kVersion1);
  CommandResult init = project.sleet("generate --name init");
  ASSERT_EQ(init.exit_code, 0) << init.err;
  project.set_schema(kVersion2);
  CommandResult change =
      project.sleet("generate --name change --rename column:shop.customers.name=full_name");
  ASSERT_EQ(change.exit_code, 0) << change.err;
  ASSERT_EQ(project.sleet("generate --custom --name by_hand").exit_code, 0);

  std::string output;
  ASSERT_EQ(run_script(
                fmt::format("'{}' '{}' schema.ts check", fixture("kit.sh"), project.out().string()),
                output),
            0)
      << output;
  EXPECT_NE(output.find("Everything's fine"), std::string::npos) << output;

  TestCluster& cluster = test_cluster();
  std::string migrated = cluster.fresh_database("drizzle_migrated");
  ASSERT_EQ(
      run_script(fmt::format("SLEET_FIXTURE_URL='{}' '{}' '{}' schema.ts migrate",
                             cluster.url(migrated), fixture("kit.sh"), project.out().string()),
                 output),
      0)
      << output;
  EXPECT_EQ(
      cluster.execute("select count(*) from drizzle.__drizzle_migrations", migrated).value(0, 0),
      "3");

  std::string direct = cluster.fresh_database("drizzle_direct");
  cluster.execute(kVersion2, direct);
  auto expected = catalog_lines(cluster, direct);
  auto actual = catalog_lines(cluster, migrated);
  EXPECT_TRUE(expected == actual) << catalog_difference(expected, actual);
}

}  // namespace
}  // namespace sleet::testing
