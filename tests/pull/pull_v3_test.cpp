// sleet pull with format = "v3": the baseline written as a drizzle-kit 1.0 migration folder
// (`<timestamp>_baseline/` with migration.sql and a base snapshot.json), recorded as applied as
// the journal flavour's is, and held to drizzle-kit 1.0.0-rc.5 (tests/fixtures/drizzle1): its
// check accepts the folder and its migrate skips the baseline on the pulled database and builds
// the same schema from it on an empty one. A kind its snapshot cannot hold is refused by name.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "migrate/drizzle_kit.h"
#include "migrate/migrate_test_support.h"
#include "sleet/journal.h"
#include "support/catalog_fingerprint.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kShopSchema = R"sql(
CREATE SCHEMA shop;
CREATE TYPE shop.status AS ENUM ('new', 'paid');
CREATE TABLE shop.customers (
  id serial PRIMARY KEY,
  email varchar(120) NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE shop.orders (
  id bigserial PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES shop.customers (id) ON DELETE CASCADE,
  status shop.status NOT NULL DEFAULT 'new',
  total numeric(10, 2) DEFAULT '0',
  note text
);
CREATE INDEX orders_customer_idx ON shop.orders (customer_id);
CREATE TABLE public.settings (key text PRIMARY KEY, value jsonb);
)sql";

constexpr const char* kV3Project =
    "schema = \"schema\"\nout = \"drizzle\"\nformat = \"v3\"\n"
    "schema_filter = [\"public\", \"shop\"]\n";

// The pulled v3 folder `out` of `project` is sound for both tools: drizzle-kit's check accepts
// it (warning only that pull_shop.ts, which declares less, differs from the folder's state),
// sleet sees no change between it and the pulled files, nor drift in `database`; and from
// empty databases `<prefix>_kit` and `<prefix>_sleet` (returned) drizzle-kit's migrate and
// sleet's build the pulled catalog again, which sleet diff confirms.
std::pair<std::string, std::string> expect_pulled_folder_rebuilds(const TemporaryDirectory& project,
                                                                  const fs::path& out,
                                                                  const std::string& database,
                                                                  const std::string& prefix) {
  std::string url = test_cluster().url(database);
  std::string log = kit1(out, "pull_shop.ts", "check");
  EXPECT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(log.find("rror"), std::string::npos) << log;
  CommandResult generated = run_sleet("generate", project.path());
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_NE(generated.out.find("No schema changes"), std::string::npos) << generated.out;
  CommandResult status = run_sleet(fmt::format("status --url '{}'", url), project.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;

  std::vector<std::string> original = catalog_lines(test_cluster(), database);
  std::string by_kit = test_cluster().fresh_database(prefix + "_kit");
  std::string by_sleet = test_cluster().fresh_database(prefix + "_sleet");
  log = kit1(out, "pull_shop.ts", "migrate", by_kit);
  EXPECT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(migrate_cli(by_sleet, out).exit_code, 0);
  EXPECT_EQ(catalog_difference(original, catalog_lines(test_cluster(), by_kit)), "");
  EXPECT_EQ(catalog_difference(original, catalog_lines(test_cluster(), by_sleet)), "");
  for (const std::string& built : {by_kit, by_sleet}) {
    CommandResult compared = run_sleet(
        fmt::format("diff --from '{}' --to '{}'", url, test_cluster().url(built)), project.path());
    EXPECT_EQ(compared.exit_code, 0) << compared.err;
    EXPECT_EQ(compared.out, "") << built << ": " << compared.err;
  }
  return {by_kit, by_sleet};
}

TEST(PullV3, TheBaselineIsAV3FolderThatDrizzleKitChecksAndSkips) {
  std::string database = test_cluster().fresh_database("pull_v3");
  test_cluster().execute(kShopSchema, database);
  TemporaryDirectory project;
  project.write("sleet.toml", kV3Project);
  std::string url = test_cluster().url(database);
  CommandResult pulled = run_sleet(fmt::format("pull --url '{}'", url), project.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;

  // One folder, <timestamp>_baseline, with its SQL and a base snapshot; no journal.
  fs::path out = project.path() / "drizzle";
  EXPECT_FALSE(fs::exists(out / "meta"));
  MigrationFolder folder = MigrationFolder::open(out);
  ASSERT_EQ(folder.format(), FolderFormat::V3);
  ASSERT_EQ(folder.migrations().size(), 1u);
  const Migration& baseline = folder.migrations().front();
  EXPECT_TRUE(baseline.entry.tag.ends_with("_baseline")) << baseline.entry.tag;
  EXPECT_NE(pulled.out.find("wrote baseline drizzle/" + baseline.entry.tag + "/migration.sql"),
            std::string::npos)
      << pulled.out;
  EXPECT_NE(baseline.text.find("CREATE TABLE"), std::string::npos) << baseline.text;
  auto snapshot = nlohmann::json::parse(read_file(out / baseline.entry.tag / "snapshot.json"));
  EXPECT_EQ(snapshot["type"], "base");
  EXPECT_EQ(snapshot["version"], "9");
  EXPECT_EQ(snapshot["prevIds"], nlohmann::json::array({"00000000-0000-0000-0000-000000000000"}));
  EXPECT_FALSE(snapshot["ddl"].empty());

  // Recorded as applied, with the row drizzle-orm 1.0's migrator writes for it.
  std::vector<std::string> rows = named_tracking_rows(database);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], fmt::format("{}|{}|{}", baseline.entry.tag, baseline.hash,
                                 *v3_folder_millis(baseline.entry.tag)));

  // pull_shop.ts declares the same schema in TypeScript: drizzle-kit finds the folder sound
  // and its latest state the schema.
  std::string log = kit1(out, "pull_shop.ts", "check");
  EXPECT_NE(log.find("Everything's fine"), std::string::npos)
      << log << kit1(out, "pull_shop.ts", "generate --explain");
  log = kit1(out, "pull_shop.ts", "generate");
  EXPECT_NE(log.find("No schema changes"), std::string::npos) << log;

  // The pulled database: nothing to apply for either tool, and no drift.
  CommandResult migrated = migrate_cli(database, out);
  EXPECT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_NE(migrated.out.find("nothing to apply"), std::string::npos) << migrated.out;
  CommandResult status = run_sleet(fmt::format("status --url '{}'", url), project.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  log = kit1(out, "pull_shop.ts", "migrate", database);
  EXPECT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(named_tracking_rows(database), rows);
  CommandResult generated = run_sleet("generate", project.path());
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_NE(generated.out.find("No schema changes"), std::string::npos) << generated.out;

  // An empty database: each tool builds the pulled schema from the baseline, with one row.
  std::vector<std::string> original = catalog_lines(test_cluster(), database);
  std::string by_sleet = test_cluster().fresh_database("pull_v3_sleet");
  std::string by_kit = test_cluster().fresh_database("pull_v3_kit");
  ASSERT_EQ(migrate_cli(by_sleet, out).exit_code, 0);
  log = kit1(out, "pull_shop.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(catalog_difference(original, catalog_lines(test_cluster(), by_sleet)), "");
  EXPECT_EQ(catalog_difference(original, catalog_lines(test_cluster(), by_kit)), "");
  EXPECT_EQ(named_tracking_rows(by_sleet), rows);
  EXPECT_EQ(named_tracking_rows(by_kit), rows);
}

// What generate writes into a v3 folder as SQL text rows (checks, policies, views, generated
// columns, expression and partial indexes) or in the snapshot's "sleet" member (functions,
// triggers, domains, partitions, comments): pulled into a base snapshot drizzle-kit accepts, from
// which its migrate builds the pulled database again.
TEST(PullV3, TextRowsAndWhatDrizzleKitDoesNotModelArePulledIntoTheBaseline) {
  std::string database = test_cluster().fresh_database("pull_v3_text");
  test_cluster().execute(kShopSchema, database);
  test_cluster().execute(R"sql(
CREATE DOMAIN shop.positive AS integer CHECK (VALUE > 0);
CREATE TABLE shop.items (
  id serial PRIMARY KEY,
  name text NOT NULL,
  price integer NOT NULL CONSTRAINT items_price_positive CHECK (price > 0),
  doubled integer GENERATED ALWAYS AS (price * 2) STORED,
  stock shop.positive
);
CREATE INDEX items_lower_name ON shop.items (lower(name));
CREATE INDEX items_cheap ON shop.items (price) WHERE price < 10;
ALTER TABLE shop.items ENABLE ROW LEVEL SECURITY;
CREATE POLICY items_read ON shop.items FOR SELECT USING (price > 0);
CREATE VIEW shop.cheap AS SELECT id, name FROM shop.items WHERE price < 10;
CREATE MATERIALIZED VIEW shop.counts AS SELECT count(*) AS n FROM shop.items;
CREATE FUNCTION shop.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER items_touch BEFORE UPDATE ON shop.items
  FOR EACH ROW EXECUTE FUNCTION shop.touch();
CREATE TABLE shop.events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE shop.events_2026 PARTITION OF shop.events
  FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
COMMENT ON TABLE shop.items IS 'what the shop sells';
)sql",
                         database);
  TemporaryDirectory project;
  project.write("sleet.toml", kV3Project);
  std::string url = test_cluster().url(database);
  CommandResult pulled = run_sleet(fmt::format("pull --url '{}'", url), project.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;

  fs::path out = project.path() / "drizzle";
  MigrationFolder folder = MigrationFolder::open(out);
  ASSERT_EQ(folder.migrations().size(), 1u);
  const Migration& baseline = folder.migrations().front();
  auto snapshot = nlohmann::json::parse(read_file(out / baseline.entry.tag / "snapshot.json"));
  std::set<std::string> types;
  for (const nlohmann::json& row : snapshot.at("ddl"))
    types.insert(row.at("entityType").get<std::string>());
  for (const char* type : {"checks", "policies", "views", "indexes"})
    EXPECT_TRUE(types.contains(type)) << type << " in " << snapshot.at("ddl").dump(2);
  ASSERT_TRUE(snapshot.contains("sleet")) << snapshot.dump(2);
  std::string member = snapshot.at("sleet").dump();
  for (const char* name : {"touch", "items_touch", "positive", "events_2026", "what the shop"})
    EXPECT_NE(member.find(name), std::string::npos) << name << " in " << member;

  // Sound for both tools; both migrators build it again, functions and triggers included.
  auto [by_kit, by_sleet] = expect_pulled_folder_rebuilds(project, out, database, "pull_v3_text");
  EXPECT_EQ(named_tracking_rows(by_kit), named_tracking_rows(database));
}

// Attributes drizzle-kit 1.0's rows have no field for (a column's collation, a deferrable
// primary key, a materialized view's storage parameter its row does not list) are pulled as
// generate writes them: drizzle-kit's rows without them, the member's overlays with them.
TEST(PullV3, AttributesDrizzleKitsRowsHaveNoFieldForArePulledAsOverlays) {
  std::string database = test_cluster().fresh_database("pull_v3_overlays");
  test_cluster().execute(kShopSchema, database);
  test_cluster().execute(R"sql(
CREATE TABLE shop.labels (
  id integer PRIMARY KEY DEFERRABLE INITIALLY DEFERRED,
  code text COLLATE "C" NOT NULL
);
CREATE MATERIALIZED VIEW shop.label_codes WITH (autovacuum_analyze_threshold = 50) AS
  SELECT id, code FROM shop.labels;
)sql",
                         database);
  TemporaryDirectory project;
  project.write("sleet.toml", kV3Project);
  std::string url = test_cluster().url(database);
  CommandResult pulled = run_sleet(fmt::format("pull --url '{}'", url), project.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;

  fs::path out = project.path() / "drizzle";
  MigrationFolder folder = MigrationFolder::open(out);
  ASSERT_EQ(folder.migrations().size(), 1u);
  const Migration& baseline = folder.migrations().front();
  auto snapshot = nlohmann::json::parse(read_file(out / baseline.entry.tag / "snapshot.json"));
  ASSERT_TRUE(snapshot.contains("sleet")) << snapshot.dump(2);
  const nlohmann::json& member = snapshot.at("sleet");
  const nlohmann::json& labels = member.at("tables").at("shop.labels");
  EXPECT_EQ(labels.at("columns").at("code").at("collation"), "C") << member.dump(2);
  EXPECT_EQ(labels.at("primaryKeys").at("labels_pkey"),
            (nlohmann::json{{"deferrable", true}, {"initiallyDeferred", true}}))
      << member.dump(2);
  EXPECT_EQ(member.at("views").at("shop.label_codes").at("storageParameters"),
            (nlohmann::json{{"autovacuum_analyze_threshold", "50"}}))
      << member.dump(2);
  for (const auto& [type, identity] : std::vector<std::pair<std::string, std::string>>{
           {"columns", R"(["shop","labels","code"])"},
           {"pks", R"(["shop","labels","labels_pkey"])"},
           {"views", R"(["shop","label_codes"])"}}) {
    std::string key = type + std::string(1, '\0') + identity;
    EXPECT_TRUE(member.at("overlays").contains(key))
        << type << identity << " in " << member.dump(2);
  }

  // Sound for both tools; both migrators build it again, every attribute included.
  auto [by_kit, by_sleet] =
      expect_pulled_folder_rebuilds(project, out, database, "pull_v3_overlays");
  for (const std::string& built : {by_kit, by_sleet}) {
    auto flags = test_cluster().execute(
        "select condeferrable::text || ' ' || condeferred::text from pg_constraint "
        "where conname = 'labels_pkey'",
        built);
    EXPECT_EQ(std::string(flags.value(0, 0)), "true true") << built;
  }
}

TEST(PullV3, AnObjectDrizzleKitsSnapshotCannotHoldIsRefusedByName) {
  std::string database = test_cluster().fresh_database("pull_v3_refused");
  test_cluster().execute(kShopSchema, database);
  // A column type the v3 writer does not spell as drizzle-kit does yet.
  test_cluster().execute("CREATE TABLE shop.paid_orders (id integer PRIMARY KEY, area box);",
                         database);
  TemporaryDirectory project;
  project.write("sleet.toml", kV3Project);
  std::string url = test_cluster().url(database);
  CommandResult refused = run_sleet(fmt::format("pull --url '{}'", url), project.path());
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("drizzle-kit 1.0 (v3)"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("shop.paid_orders"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("format = \"journal\""), std::string::npos) << refused.err;
  // Nothing written, nothing recorded.
  EXPECT_FALSE(fs::exists(project.path() / "drizzle"));
  EXPECT_FALSE(fs::exists(project.path() / "schema"));
  EXPECT_EQ(test_cluster()
                .execute("select to_regclass('drizzle.__drizzle_migrations') is null", database)
                .value(0, 0),
            std::string("t"));
  // A dry run says what a real run would refuse.
  CommandResult dry = run_sleet(fmt::format("pull --dry-run --url '{}'", url), project.path());
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.err.find("without --dry-run, pull would refuse"), std::string::npos) << dry.err;
  EXPECT_NE(dry.err.find("shop.paid_orders"), std::string::npos) << dry.err;
}

}  // namespace
}  // namespace sleet::testing
