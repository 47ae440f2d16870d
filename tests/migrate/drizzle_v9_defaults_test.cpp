// Expression defaults (CURRENT_TIMESTAMP, now() + interval '1 day', lower('X'), nextval(...),
// an array literal with its cast) and columns drizzle-orm has no builder for (tsvector, tsquery,
// bit varying, money, xml, the range types: a customType in TypeScript) in a v3 folder
// sleet generates: before, generate refused them. drizzle-kit 1.0 keeps a default as the SQL its
// TypeScript `sql` template prints, without a trailing cast, and compares it as text: its check
// replays the folder and diffs it with the schema, so a default in sleet's canonical spelling
// (`now() + '1 day'::interval`) made it warn that the schema differs from the migrations.
// drizzle-kit 1.0.0-rc.5 (tests/fixtures/drizzle1) is the judge: its check accepts the folder,
// its generate on the TypeScript of the same schema finds no change, and its migrate builds
// what sleet's does, the rows inserted in between kept.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "drizzle_kit.h"
#include "drizzle_v9_support.h"
#include "migrate_test_support.h"
#include "support/catalog_fingerprint.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchemaV1 = R"sql(
CREATE SEQUENCE other_seq;
CREATE TABLE events (
  id integer PRIMARY KEY,
  name text NOT NULL,
  at timestamp DEFAULT CURRENT_TIMESTAMP,
  due timestamp with time zone DEFAULT now() + interval '1 day',
  utc timestamp DEFAULT (now() AT TIME ZONE 'utc'),
  low text DEFAULT lower('X'),
  tags text[] DEFAULT '{}'::text[],
  n bigint DEFAULT nextval('other_seq'),
  doc tsvector,
  q tsquery,
  b bit varying,
  b5 bit varying(5),
  price money DEFAULT 0,
  body xml,
  seats int4range DEFAULT '[1,10)'::int4range,
  big int8range,
  ratio numrange,
  local tsrange,
  during tstzrange DEFAULT tstzrange(now(), NULL),
  days daterange
);
)sql";

constexpr const char* kSchemaV2 = R"sql(
CREATE SEQUENCE other_seq;
CREATE TABLE events (
  id integer PRIMARY KEY,
  name text NOT NULL,
  at timestamp DEFAULT statement_timestamp(),
  due timestamp with time zone DEFAULT now() + interval '1 day',
  utc timestamp DEFAULT (now() AT TIME ZONE 'utc'),
  low text DEFAULT upper('y') || '-' || lower('Z'),
  tags text[] DEFAULT ARRAY['new'],
  n bigint DEFAULT nextval('other_seq'),
  doc tsvector,
  q tsquery,
  b bit varying,
  b5 bit varying(10),
  price money DEFAULT 0,
  body xml,
  seats int4range DEFAULT '[1,10)'::int4range,
  big int8range,
  ratio numrange,
  local tsrange,
  during tstzrange DEFAULT tstzrange(now(), NULL),
  days daterange,
  added_at timestamp with time zone NOT NULL DEFAULT now() - interval '1 hour',
  flags bit varying(8) DEFAULT B'101',
  search tsvector GENERATED ALWAYS AS (to_tsvector('simple', name)) STORED
);
)sql";

// name -> the column row's "default" (or "type" when `member` says so) in the folder's state:
// the base snapshot's ddl with the later snapshots' column deltas laid over it.
std::map<std::string, nlohmann::json> column_members(const fs::path& out,
                                                     const std::string& member) {
  std::map<std::string, nlohmann::json> found;
  MigrationFolder folder = MigrationFolder::open(out);
  for (const auto& migration : folder.migrations()) {
    nlohmann::json snapshot =
        nlohmann::json::parse(read_file(out / migration.entry.tag / "snapshot.json"));
    for (const nlohmann::json& row : snapshot.value("ddl", nlohmann::json::array()))
      if (row.at("entityType") == "columns") found[row.at("name")] = row.at(member);
    for (const nlohmann::json& delta : snapshot.value("deltas", nlohmann::json::array())) {
      if (delta.at("op") == "create" && delta.at("row").at("entityType") == "columns")
        found[delta.at("row").at("name")] = delta.at("row").at(member);
      if (delta.at("op") != "alter" || !delta.at("set").contains(member)) continue;
      std::string key = delta.at("key");
      if (!key.starts_with(std::string("columns") + '\0')) continue;
      nlohmann::json identity =
          nlohmann::json::parse(key.substr(std::string("columns").size() + 1));
      found[identity.at(2)] = delta.at("set").at(member);
    }
  }
  return found;
}

// drizzle-kit migrate (with `schema`) on `by_kit` and sleet migrate on `by_sleet`, from `out`:
// the same tracking rows and catalog. Returns the catalog sleet built.
std::vector<std::string> expect_both_migrators_agree(const fs::path& out, const std::string& schema,
                                                     const std::string& by_kit,
                                                     const std::string& by_sleet) {
  std::string log = kit1(out, schema, "migrate", by_kit);
  EXPECT_FALSE(log.starts_with("FAILED")) << log;
  auto applied = migrate_cli(by_sleet, out);
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(v3_tracking_rows(by_sleet), v3_tracking_rows(by_kit));
  auto kit_catalog = catalog_lines(test_cluster(), by_kit);
  auto sleet_catalog = catalog_lines(test_cluster(), by_sleet);
  EXPECT_EQ(kit_catalog, sleet_catalog) << catalog_difference(kit_catalog, sleet_catalog);
  return sleet_catalog;
}

// sleet status in `project` finds the database holding the folder's state.
void expect_no_drift(const fs::path& project, const std::string& database) {
  auto status = run_sleet(fmt::format("status --url '{}'", test_cluster().url(database)), project);
  EXPECT_EQ(status.exit_code, 0) << database << ": " << status.out << status.err;
  EXPECT_NE(status.out.find("no drift"), std::string::npos) << status.out;
}

TEST(DrizzleV9Defaults, ExpressionDefaultsAndCustomTypeColumnsAsDrizzleKitWritesThem) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  dir.write("sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");
  dir.write("schema.sql", kSchemaV1);
  auto generated = run_sleet("generate --name v1", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  // The rows as drizzle-kit writes them from defaults_v1.ts (read from its own snapshot of it):
  // the text as written, a trailing cast left out.
  auto defaults = column_members(out, "default");
  EXPECT_EQ(defaults["at"], "CURRENT_TIMESTAMP");
  EXPECT_EQ(defaults["due"], "now() + interval '1 day'");
  EXPECT_EQ(defaults["utc"], "(now() AT TIME ZONE 'utc')");
  EXPECT_EQ(defaults["low"], "lower('X')");
  EXPECT_EQ(defaults["tags"], "'{}'");
  EXPECT_EQ(defaults["n"], "nextval('other_seq')");
  auto types = column_members(out, "type");
  EXPECT_EQ(types["doc"], "tsvector");
  EXPECT_EQ(types["q"], "tsquery");
  EXPECT_EQ(types["b"], "bit varying");
  EXPECT_EQ(types["b5"], "bit varying(5)");
  EXPECT_EQ(defaults["seats"], "'[1,10)'");
  EXPECT_EQ(defaults["during"], "tstzrange(now(), NULL)");
  for (const char* type :
       {"money", "xml", "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange"})
    EXPECT_EQ(std::count_if(types.begin(), types.end(),
                            [&](const auto& column) { return column.second == type; }),
              1)
        << type;
  expect_both_tools_agree(dir.path(), out, "defaults_v1.ts");

  auto& cluster = test_cluster();
  auto by_kit = cluster.fresh_database("v9_defaults_kit");
  auto by_sleet = cluster.fresh_database("v9_defaults_sleet");
  expect_both_migrators_agree(out, "defaults_v1.ts", by_kit, by_sleet);
  const char* row =
      "INSERT INTO events (id, name, doc, q, b, b5, price, body, big, ratio, local, days) "
      "VALUES (1, 'first', to_tsvector('simple', 'hello world'), to_tsquery('simple', 'hello'), "
      "B'1011', B'101', 12.5, '<a>b</a>', '[1,2)', '[0.5,1]', '[2024-01-01,2024-02-01)', "
      "'[2024-01-01,2024-12-31]')";
  for (const std::string& database : {by_kit, by_sleet}) cluster.execute(row, database);

  // Defaults changed to other expressions, added with columns; a generated tsvector; a wider
  // bit varying.
  dir.write("schema.sql", kSchemaV2);
  generated = run_sleet("generate --name v2", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  defaults = column_members(out, "default");
  EXPECT_EQ(defaults["at"], "statement_timestamp()");
  EXPECT_EQ(defaults["low"], "upper('y') || '-' || lower('Z')");
  EXPECT_EQ(defaults["tags"], "ARRAY['new']");
  EXPECT_EQ(defaults["added_at"], "now() - interval '1 hour'");
  EXPECT_EQ(defaults["flags"], "B'101'");
  types = column_members(out, "type");
  EXPECT_EQ(types["b5"], "bit varying(10)");
  EXPECT_EQ(types["flags"], "bit varying(8)");
  EXPECT_EQ(types["search"], "tsvector");
  expect_both_tools_agree(dir.path(), out, "defaults_v2.ts");

  // Both migrators take the databases holding a row to the same catalog; the row is kept and a
  // new one gets the new defaults.
  expect_both_migrators_agree(out, "defaults_v2.ts", by_kit, by_sleet);
  for (const std::string& database : {by_kit, by_sleet}) {
    cluster.execute("INSERT INTO events (id, name) VALUES (2, 'second')", database);
    auto rows = cluster.execute(
        "select id || ' ' || coalesce(low, '-') || ' ' || array_to_string(tags, ',') || ' ' || "
        "coalesce(b5::text, '-') || ' ' || coalesce(flags::text, '-') || ' ' || search::text || "
        "' ' || (added_at < now())::text || ' ' || coalesce(doc::text, '-') || ' ' || "
        "coalesce(q::text, '-') || ' ' || coalesce(b::text, '-') || ' ' || "
        "coalesce(price::numeric::text, '-') || ' ' || coalesce(body::text, '-') || ' ' || "
        "seats::text || ' ' || coalesce(big::text, '-') || ' ' || coalesce(ratio::text, '-') || "
        "' ' || coalesce(days::text, '-') || ' ' || (during @> now())::text from events order by "
        "id",
        database);
    ASSERT_EQ(rows.rows(), 2) << database;
    EXPECT_EQ(std::string(rows.value(0, 0)),
              "1 x  101 101 'first':1 true 'hello':1 'world':2 'hello' 1011 12.50 <a>b</a> [1,10) "
              "[1,2) [0.5,1] [2024-01-01,2025-01-01) true")
        << database;
    EXPECT_EQ(std::string(rows.value(1, 0)), "2 Y-z new - 101 'second':1 true - - - 0.00 - [1,10) - - - true") << database;
    expect_no_drift(dir.path(), database);
  }
}

// Comments on a schema, enum, sequence, table, column, key, foreign key and index, and what
// drizzle-kit's rows have no field for (DEFERRABLE, MATCH FULL, INCLUDE, NULLS NOT DISTINCT, a
// column's collation): drizzle-kit 1.0's ddl has no comment anywhere, so they ride in the
// snapshot's "sleet" member and its overlays, created with their objects and changed later.
constexpr const char* kCommentsV1 = R"sql(
CREATE SCHEMA shop;
COMMENT ON SCHEMA shop IS 'the shop';
CREATE TYPE shop.status AS ENUM ('new', 'done');
COMMENT ON TYPE shop.status IS 'order state';
CREATE SEQUENCE shop.tickets;
COMMENT ON SEQUENCE shop.tickets IS 'ticket numbers';
CREATE TABLE shop.customers (
  id integer PRIMARY KEY,
  email text NOT NULL,
  CONSTRAINT customers_email_key UNIQUE (email)
);
COMMENT ON TABLE shop.customers IS 'who buys';
COMMENT ON COLUMN shop.customers.email IS 'where receipts go';
COMMENT ON CONSTRAINT customers_pkey ON shop.customers IS 'the key';
COMMENT ON CONSTRAINT customers_email_key ON shop.customers IS 'one account per address';
CREATE TABLE shop.orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL,
  status shop.status NOT NULL DEFAULT 'new',
  code text,
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES shop.customers (id)
);
COMMENT ON CONSTRAINT orders_customer_fk ON shop.orders IS 'placed by';
CREATE UNIQUE INDEX orders_code_idx ON shop.orders (code) NULLS NOT DISTINCT;
COMMENT ON INDEX shop.orders_code_idx IS 'one order per code';
)sql";

constexpr const char* kCommentsV2 = R"sql(
CREATE SCHEMA shop;
COMMENT ON SCHEMA shop IS 'where orders live';
CREATE TYPE shop.status AS ENUM ('new', 'done');
CREATE SEQUENCE shop.tickets;
COMMENT ON SEQUENCE shop.tickets IS 'numbers for tickets';
CREATE TABLE shop.customers (
  id integer PRIMARY KEY,
  email text COLLATE "C" NOT NULL,
  CONSTRAINT customers_email_key UNIQUE (email) DEFERRABLE
);
COMMENT ON TABLE shop.customers IS 'people who buy';
COMMENT ON CONSTRAINT customers_pkey ON shop.customers IS 'the key';
CREATE TABLE shop.orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL,
  status shop.status NOT NULL DEFAULT 'new',
  code text,
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES shop.customers (id)
    MATCH FULL DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON TABLE shop.orders IS 'what was bought';
COMMENT ON COLUMN shop.orders.code IS 'the voucher code';
COMMENT ON CONSTRAINT orders_customer_fk ON shop.orders IS 'placed by this customer';
CREATE UNIQUE INDEX orders_code_idx ON shop.orders (code) INCLUDE (status) NULLS NOT DISTINCT;
COMMENT ON INDEX shop.orders_code_idx IS 'one order per code';
)sql";

TEST(DrizzleV9Comments, CommentsAndKeyAttributesRideInTheMember) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  dir.write("sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");
  dir.write("schema.sql", kCommentsV1);
  auto generated = run_sleet("generate --name v1", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  nlohmann::json base = last_snapshot(out);
  ASSERT_TRUE(base.contains("sleet")) << base.dump(2);
  const nlohmann::json& member = base.at("sleet");
  EXPECT_EQ(member.at("schemas").at("shop").at("comment"), "the shop") << member.dump(2);
  EXPECT_EQ(member.at("tables")
                .at("shop.orders")
                .at("foreignKeys")
                .at("orders_customer_fk")
                .at("comment"),
            "placed by");
  expect_both_tools_agree(dir.path(), out, "comments.ts");

  auto& cluster = test_cluster();
  auto by_kit = cluster.fresh_database("v9_comments_kit");
  auto by_sleet = cluster.fresh_database("v9_comments_sleet");
  expect_both_migrators_agree(out, "comments.ts", by_kit, by_sleet);
  for (const std::string& database : {by_kit, by_sleet}) {
    cluster.execute("INSERT INTO shop.customers VALUES (1, 'a@example.com')", database);
    cluster.execute("INSERT INTO shop.orders VALUES (1, 1, 'done', 'X1'), (2, 1, 'new', NULL)",
                    database);
  }

  // Comments changed, added and dropped; the keys made DEFERRABLE (and MATCH FULL), the index
  // given INCLUDE, the column a collation: drizzle-kit's rows do not change, so no delta.
  dir.write("schema.sql", kCommentsV2);
  generated = run_sleet("generate --name v2", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  nlohmann::json v2 = last_snapshot(out);
  EXPECT_TRUE(v2.at("deltas").empty()) << v2.at("deltas").dump(2);
  ASSERT_TRUE(v2.contains("sleet"));
  EXPECT_FALSE(v2.at("footprints").empty());
  expect_both_tools_agree(dir.path(), out, "comments.ts");

  auto sleet_catalog = expect_both_migrators_agree(out, "comments.ts", by_kit, by_sleet);
  // The database holds the second schema exactly: loaded directly, it has the same catalog.
  auto loaded = cluster.fresh_database("v9_comments_loaded");
  cluster.execute(kCommentsV2, loaded);
  EXPECT_EQ(catalog_lines(cluster, loaded), sleet_catalog)
      << catalog_difference(catalog_lines(cluster, loaded), sleet_catalog);
  for (const std::string& database : {by_kit, by_sleet}) {
    auto rows = cluster.execute(
        "select string_agg(o.id || ' ' || c.email || ' ' || o.status || ' ' || "
        "coalesce(o.code, '-'), ', ' order by o.id) from shop.orders o join shop.customers c on "
        "c.id = o.customer_id",
        database);
    EXPECT_EQ(std::string(rows.value(0, 0)), "1 a@example.com done X1, 2 a@example.com new -")
        << database;
    expect_no_drift(dir.path(), database);
  }
}

}  // namespace
}  // namespace sleet::testing
