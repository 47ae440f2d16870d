// drizzle-kit 0.31 is the oracle: every snapshot it writes must load and save back byte for
// byte, and the model must hold everything but the documented format details.
#include <gtest/gtest.h>

#include <set>

#include "sleet/snapshot.h"
#include "sleet/sources.h"
#include "snapshot/drizzle_fixture.h"
#include "sources/snapshot_internal.h"
#include "support/test_files.h"

namespace sleet {
namespace {

using testing::read_file;

std::set<std::string> keys_of(const std::map<std::string, std::vector<std::string>>& map) {
  std::set<std::string> out;
  for (const auto& [key, value] : map) out.insert(key);
  return out;
}

template <typename Map>
std::set<std::string> pointers(const Map& map) {
  std::set<std::string> out;
  for (const auto& [key, value] : map) out.insert(key);
  return out;
}

std::string last_segment(const std::string& pointer) {
  return pointer.substr(pointer.rfind('/') + 1);
}

// A scratch copy of drizzle-kit's migration folder, to run drizzle-kit on an edited snapshot.
std::filesystem::path copy_of_drizzle_output(const testing::TemporaryDirectory& work) {
  std::filesystem::path folder = work.path() / "drizzle";
  std::filesystem::copy(testing::drizzle_output(), folder,
                        std::filesystem::copy_options::recursive);
  return folder;
}

TEST(SnapshotRoundTrip, EverySnapshotDrizzleKitWroteSavesBackByteForByte) {
  auto files = testing::drizzle_snapshots();
  ASSERT_EQ(files.size(), 3u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    std::string original = read_file(file);
    Snapshot snapshot = read_snapshot(original, file.string());
    EXPECT_EQ(save_snapshot(snapshot.schema, snapshot.header), original);
  }
}

TEST(SnapshotRoundTrip, TheModelHoldsAllButDocumentedFormatDetails) {
  auto files = testing::drizzle_snapshots();
  ASSERT_EQ(files.size(), 3u);
  for (std::size_t i = 0; i < files.size(); ++i) {
    SCOPED_TRACE(files[i].filename().string());
    SnapshotLayout layout = read_snapshot(read_file(files[i]), files[i].string()).header.layout;
    // View columns (drizzle's selected fields), the .existing() view and the policy linked to
    // a table outside the schema are not modelled; the layout keeps them.
    EXPECT_EQ(pointers(layout.added),
              (std::set<std::string>{"/policies", "/views", "/views/auth.active_users/columns",
                                     "/views/billing.invoice_totals/columns",
                                     "/views/public.recent_audit/columns"}));
    EXPECT_TRUE(layout.removed.empty());
    // sql`0` is the text "0" where .default(0) would be the number 0. A bigserial without
    // .notNull() is "notNull": false in the file, NOT NULL in the model (as in PostgreSQL).
    std::set<std::string> replaced{"/tables/public.audit_log/columns/seq/notNull"};
    if (i > 0) replaced.insert("/tables/public.notes/columns/rank/default");
    EXPECT_EQ(pointers(layout.replaced), replaced);
    if (i > 0) {
      auto rank = layout.replaced.at("/tables/public.notes/columns/rank/default");
      EXPECT_EQ(rank.first, 0);
      EXPECT_EQ(rank.second, "0");
    }
  }
}

TEST(SnapshotRoundTrip, GenerateWritesFixedShapedObjectsInSleetsKeyOrder) {
  // 0000 and 0001 come from generate's serializer; only records (ordered by drizzle-orm's
  // export order) differ from sleet's sorted order. 0002 is a --custom copy that went
  // through drizzle-kit's zod schema, which reorders the keys of every object.
  const std::set<std::string> records = {"tables",
                                         "enums",
                                         "schemas",
                                         "sequences",
                                         "roles",
                                         "policies",
                                         "views",
                                         "indexes",
                                         "foreignKeys",
                                         "compositePrimaryKeys",
                                         "uniqueConstraints",
                                         "checkConstraints",
                                         "with"};
  auto files = testing::drizzle_snapshots();
  ASSERT_EQ(files.size(), 3u);
  for (std::size_t i = 0; i < 2; ++i) {
    SCOPED_TRACE(files[i].filename().string());
    SnapshotLayout layout = read_snapshot(read_file(files[i]), files[i].string()).header.layout;
    EXPECT_FALSE(layout.key_order.empty());
    for (const std::string& pointer : keys_of(layout.key_order)) {
      EXPECT_TRUE(records.contains(last_segment(pointer))) << pointer;
    }
  }
  SnapshotLayout custom = read_snapshot(read_file(files[2]), files[2].string()).header.layout;
  EXPECT_TRUE(custom.key_order.contains("/tables/auth.sessions/columns/id/identity"));
}

TEST(SnapshotRoundTrip, TheCustomMigrationSnapshotIsTheSameSchemaAsItsParent) {
  auto files = testing::drizzle_snapshots();
  ASSERT_EQ(files.size(), 3u);
  Snapshot notes = read_snapshot(read_file(files[1]), files[1].string());
  Snapshot custom = read_snapshot(read_file(files[2]), files[2].string());
  EXPECT_EQ(custom.schema, notes.schema);
  EXPECT_EQ(custom.header.prev_id, notes.header.id);
  Snapshot init = read_snapshot(read_file(files[0]), files[0].string());
  EXPECT_EQ(init.header.prev_id, kNoParentSnapshotId);
  EXPECT_EQ(notes.header.prev_id, init.header.id);
}

TEST(SnapshotRoundTrip, SleetsCanonicalLayoutLoadsToTheSameSchema) {
  for (const auto& file : testing::drizzle_snapshots()) {
    SCOPED_TRACE(file.filename().string());
    Snapshot loaded = read_snapshot(read_file(file), file.string());
    SnapshotHeader fresh{loaded.header.id, loaded.header.prev_id, {}};
    std::string text = save_snapshot(loaded.schema, fresh);
    Snapshot again = read_snapshot(text, "sleet.json");
    EXPECT_EQ(again.schema, loaded.schema);
    // What sleet writes needs no layout to be reproduced.
    EXPECT_TRUE(again.header.layout.empty());
    EXPECT_EQ(save_snapshot(again.schema, again.header), text);
  }
}

TEST(SnapshotRoundTrip, APreviousLayoutKeepsOrderButNotStaleValues) {
  auto file = testing::drizzle_snapshots().at(1);
  Snapshot snapshot = read_snapshot(read_file(file), file.string());
  Table& notes = snapshot.schema.tables.at(QualifiedName{"public", "notes"});
  notes.find_column("rank")->default_value = Expression{"5", "5"};
  Column extra;
  extra.name = "added_later";
  extra.type = TypeName{"text", "", 0};
  notes.columns.insert(notes.columns.begin(), extra);
  snapshot.schema.tables.erase(QualifiedName{"billing", "invoice_lines"});
  std::string text = save_snapshot(snapshot.schema, snapshot.header);
  EXPECT_EQ(load_snapshot(text, "changed.json"), snapshot.schema);
  auto json = nlohmann::ordered_json::parse(text);
  // The stale "0" string is not applied to the changed default, which becomes a number.
  EXPECT_EQ(json["tables"]["public.notes"]["columns"]["rank"]["default"], 5);
  // Columns follow the model's order; tables keep the file's order.
  EXPECT_EQ(json["tables"]["public.notes"]["columns"].begin().key(), "added_later");
  EXPECT_EQ(json["tables"].begin().key(), "public.notes");
  EXPECT_EQ(json["views"].size(), 4u);  // the .existing() view is carried over
}

TEST(SnapshotRoundTrip, DrizzleKitAcceptsAndIgnoresTheSleetKey) {
  testing::TemporaryDirectory work;
  std::filesystem::path folder = copy_of_drizzle_output(work);
  std::filesystem::path last = folder / "meta" / "0002_snapshot.json";
  Snapshot snapshot = read_snapshot(read_file(last), last.string());
  snapshot.schema.tables.at(QualifiedName{"auth", "users"}).comment = "people who sign in";
  snapshot.schema.extensions["pgcrypto"] = Extension{"pgcrypto", "", ""};
  // Composite and range types live in the "sleet" key only.
  CompositeType pair{{"public", "pair"}, {{"a", TypeName{"integer", "", 0}, "", "first"}}, "p"};
  snapshot.schema.composite_types[pair.name] = pair;
  RangeType span;
  span.name = {"public", "span"};
  span.subtype = TypeName{"integer", "", 0};
  span.multirange_name = "spans";
  snapshot.schema.range_types[span.name] = span;
  // A foreign key added NOT VALID: its validity is in the "sleet" key only.
  bool not_valid = false;
  for (auto& [name, table] : snapshot.schema.tables) {
    if (table.foreign_keys.empty() || not_valid) continue;
    table.foreign_keys.begin()->second.valid = false;
    not_valid = true;
  }
  ASSERT_TRUE(not_valid);
  std::string text = save_snapshot(snapshot.schema, snapshot.header);
  ASSERT_NE(text.find("\n  \"sleet\": {"), std::string::npos);
  ASSERT_NE(text.find("\"compositeTypes\""), std::string::npos);
  ASSERT_NE(text.find("\"notValid\": true"), std::string::npos);
  work.write("drizzle/meta/0002_snapshot.json", text);
  EXPECT_EQ(load_snapshot(text, last.string()), snapshot.schema);

  testing::KitResult check = testing::run_drizzle_kit(folder, "schema_v2.ts", "check");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("Everything's fine"), std::string::npos) << check.output;
  testing::KitResult generate = testing::run_drizzle_kit(folder, "schema_v2.ts", "generate");
  EXPECT_EQ(generate.exit_code, 0) << generate.output;
  EXPECT_NE(generate.output.find("No schema changes"), std::string::npos) << generate.output;
}

// A partition is a table without columns in drizzle-kit's "tables" (they are its parent's),
// its partitioning in the "sleet" member: drizzle-kit reads the folder still.
TEST(SnapshotRoundTrip, DrizzleKitAcceptsPartitionedTables) {
  testing::TemporaryDirectory work;
  std::filesystem::path folder = copy_of_drizzle_output(work);
  std::filesystem::path last = folder / "meta" / "0002_snapshot.json";
  Snapshot snapshot = read_snapshot(read_file(last), last.string());
  Schema partitioned = parse_schema_sql(
      "CREATE TABLE events (at date NOT NULL, kind text) PARTITION BY RANGE (at);\n"
      "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO "
      "('2025-01-01');\n",
      "partitions.sql");
  for (auto& [name, table] : partitioned.tables) snapshot.schema.tables[name] = table;
  std::string text = save_snapshot(snapshot.schema, snapshot.header);
  work.write("drizzle/meta/0002_snapshot.json", text);
  EXPECT_EQ(load_snapshot(text, last.string()), snapshot.schema);
  auto json = nlohmann::ordered_json::parse(text);
  EXPECT_TRUE(json["tables"]["public.events_2024"]["columns"].empty());

  testing::KitResult check = testing::run_drizzle_kit(folder, "schema_v2.ts", "check");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("Everything's fine"), std::string::npos) << check.output;
}

// Functions, triggers, domains, rules, event triggers, grants, default privileges and
// inheritance are sleet's alone: they live in the "sleet" member, which drizzle-kit 0.31's
// check and generate pass over.
TEST(SnapshotRoundTrip, DrizzleKitAcceptsEveryKindSleetAloneModels) {
  testing::TemporaryDirectory work;
  std::filesystem::path folder = copy_of_drizzle_output(work);
  std::filesystem::path last = folder / "meta" / "0002_snapshot.json";
  Snapshot snapshot = read_snapshot(read_file(last), last.string());
  Schema extras = parse_schema_sql(
      "CREATE TABLE public.notes (id integer);\n"
      "CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
      "BEGIN RETURN NEW; END $$;\n"
      "CREATE TRIGGER notes_touch BEFORE UPDATE ON public.notes\n"
      "  FOR EACH ROW EXECUTE FUNCTION public.touch();\n"
      "CREATE DOMAIN public.positive AS integer CHECK (VALUE > 0);\n"
      "CREATE RULE notes_keep AS ON DELETE TO public.notes DO INSTEAD NOTHING;\n"
      "CREATE STATISTICS public.notes_id (ndistinct) ON id, (id * 2) FROM public.notes;\n"
      "ALTER STATISTICS public.notes_id SET STATISTICS 100;\n"
      "CREATE FUNCTION public.note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$\n"
      "BEGIN END $$;\n"
      "CREATE EVENT TRIGGER note_ddl ON ddl_command_end EXECUTE FUNCTION public.note_ddl();\n"
      "CREATE ROLE reader;\n"
      "GRANT SELECT ON public.notes TO reader;\n"
      "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO reader;\n"
      "CREATE TABLE public.archived_notes (archived_at date) INHERITS (public.notes);\n",
      "extras.sql");
  ASSERT_EQ(extras.functions.size(), 2u);
  ASSERT_EQ(extras.domains.size(), 1u);
  ASSERT_FALSE(extras.grants.empty());
  Table& notes = snapshot.schema.tables.at(QualifiedName{"public", "notes"});
  notes.triggers = extras.tables.at(QualifiedName{"public", "notes"}).triggers;
  notes.rules = extras.tables.at(QualifiedName{"public", "notes"}).rules;
  notes.statistics = extras.tables.at(QualifiedName{"public", "notes"}).statistics;
  ASSERT_EQ(notes.statistics.size(), 1u);
  ASSERT_EQ(notes.triggers.size(), 1u);
  ASSERT_EQ(notes.rules.size(), 1u);
  snapshot.schema.functions = extras.functions;
  snapshot.schema.domains = extras.domains;
  snapshot.schema.event_triggers = extras.event_triggers;
  ASSERT_EQ(extras.event_triggers.size(), 1u);
  std::string text = save_snapshot(snapshot.schema, snapshot.header);
  work.write("drizzle/meta/0002_snapshot.json", text);
  EXPECT_EQ(load_snapshot(text, last.string()), snapshot.schema);
  auto json = nlohmann::ordered_json::parse(text);
  ASSERT_TRUE(json.contains("sleet"));
  EXPECT_FALSE(json["tables"]["public.notes"].contains("triggers"));
  EXPECT_FALSE(json["tables"]["public.notes"].contains("statistics"));
  EXPECT_EQ(json["sleet"]["tables"]["public.notes"]["statistics"]["public.notes_id"]["target"],
            100);
  testing::KitResult check = testing::run_drizzle_kit(folder, "schema_v2.ts", "check");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("Everything's fine"), std::string::npos) << check.output;
  testing::KitResult generate = testing::run_drizzle_kit(folder, "schema_v2.ts", "generate");
  EXPECT_EQ(generate.exit_code, 0) << generate.output;
  EXPECT_NE(generate.output.find("No schema changes"), std::string::npos) << generate.output;

  // A grant's role is one of drizzle-kit's own entities ("roles"), which a TypeScript schema
  // declares with pgRole; the grant itself is in the "sleet" member. check reads both.
  // So are default privileges, and a table that inherits (a drizzle-kit table whose parents are
  // in the "sleet" member; the TypeScript schema does not declare it, so only check is run).
  snapshot.schema.roles = extras.roles;
  snapshot.schema.grants = extras.grants;
  snapshot.schema.default_privileges = extras.default_privileges;
  ASSERT_FALSE(extras.default_privileges.empty());
  const QualifiedName archived{"public", "archived_notes"};
  snapshot.schema.tables[archived] = extras.tables.at(archived);
  ASSERT_EQ(snapshot.schema.tables.at(archived).inherits.size(), 1u);
  text = save_snapshot(snapshot.schema, snapshot.header);
  work.write("drizzle/meta/0002_snapshot.json", text);
  EXPECT_EQ(load_snapshot(text, last.string()), snapshot.schema);
  check = testing::run_drizzle_kit(folder, "schema_v2.ts", "check");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("Everything's fine"), std::string::npos) << check.output;
}

// A materialized view's indexes are in the view's "sleet" entry (drizzle-kit's view object has no
// field for them): drizzle-kit 0.31 checks the folder and generates nothing from it.
TEST(SnapshotRoundTrip, DrizzleKitAcceptsAMaterializedViewsIndexes) {
  testing::TemporaryDirectory work;
  std::filesystem::path folder = copy_of_drizzle_output(work);
  std::filesystem::path last = folder / "meta" / "0002_snapshot.json";
  Snapshot snapshot = read_snapshot(read_file(last), last.string());
  const QualifiedName totals{"billing", "invoice_totals"};
  ASSERT_TRUE(snapshot.schema.views.contains(totals));
  ASSERT_TRUE(snapshot.schema.views.at(totals).materialized);
  Schema indexed = parse_schema_sql(
      "CREATE SCHEMA billing;\n"
      "CREATE MATERIALIZED VIEW billing.invoice_totals AS SELECT 'usd'::text AS currency, "
      "1::numeric AS total;\n"
      "CREATE UNIQUE INDEX invoice_totals_currency ON billing.invoice_totals (currency);\n"
      "CREATE INDEX ON billing.invoice_totals (total DESC) INCLUDE (currency) WHERE total > 0;\n"
      "COMMENT ON INDEX billing.invoice_totals_currency IS 'REFRESH CONCURRENTLY needs it';\n",
      "indexes.sql");
  snapshot.schema.views.at(totals).indexes = indexed.views.at(totals).indexes;
  ASSERT_EQ(snapshot.schema.views.at(totals).indexes.size(), 2u);
  std::string text = save_snapshot(snapshot.schema, snapshot.header);
  work.write("drizzle/meta/0002_snapshot.json", text);
  EXPECT_EQ(load_snapshot(text, last.string()), snapshot.schema);
  auto json = nlohmann::ordered_json::parse(text);
  EXPECT_TRUE(json["sleet"]["views"]["billing.invoice_totals"]["indexes"].contains(
      "invoice_totals_currency"))
      << json["sleet"];
  EXPECT_FALSE(json["views"]["billing.invoice_totals"].contains("indexes"));

  testing::KitResult check = testing::run_drizzle_kit(folder, "schema_v2.ts", "check");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("Everything's fine"), std::string::npos) << check.output;
  testing::KitResult generate = testing::run_drizzle_kit(folder, "schema_v2.ts", "generate");
  EXPECT_EQ(generate.exit_code, 0) << generate.output;
  EXPECT_NE(generate.output.find("No schema changes"), std::string::npos) << generate.output;
}

TEST(SnapshotRoundTrip, DrizzleKitRejectsUnknownKeysInsideATable) {
  // Why the extra key lives at the top level: drizzle-kit's table schema is strict.
  testing::TemporaryDirectory work;
  std::filesystem::path folder = copy_of_drizzle_output(work);
  std::filesystem::path last = folder / "meta" / "0002_snapshot.json";
  auto json = nlohmann::ordered_json::parse(read_file(last));
  json["tables"]["public.notes"]["sleet"] = nlohmann::ordered_json::object();
  work.write("drizzle/meta/0002_snapshot.json", snapshot::stringify(json));
  testing::KitResult check = testing::run_drizzle_kit(folder, "schema_v2.ts", "check");
  EXPECT_NE(check.output.find("data is malformed"), std::string::npos) << check.output;
}

}  // namespace
}  // namespace sleet
