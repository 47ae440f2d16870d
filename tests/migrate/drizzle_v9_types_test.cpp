// Column types drizzle-kit 1.0's ddl spells as the server's format_type does (bytea, time with
// time zone and with a precision, cidr, macaddr, macaddr8, point, line, bit(n), interval with
// fields), in a v3 folder sleet generates: before, generate refused them. drizzle-kit
// 1.0.0-rc.5 (tests/fixtures/drizzle1) is the judge: its check accepts the folder, its generate
// on the TypeScript of the same schema finds no change, and its migrate builds what sleet's
// does, the rows inserted in between kept.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "drizzle_kit.h"
#include "drizzle_v9_support.h"
#include "migrate_test_support.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = R"sql(
CREATE TABLE samples (
  id integer PRIMARY KEY,
  payload bytea NOT NULL,
  opens_at time with time zone,
  closes_at time(3),
  network cidr,
  device macaddr,
  device8 macaddr8,
  spot point,
  edge line,
  flags bit(3),
  span interval day
);
)sql";

TEST(DrizzleV9Types, ColumnTypesDrizzleKitSpellsAsTheServerDoes) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  dir.write("sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");
  dir.write("schema.sql", kSchema);
  auto generated = run_sleet("generate --name v1", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::map<std::string, std::string> types;
  nlohmann::json base = last_snapshot(out);
  for (const nlohmann::json& row : base.at("ddl"))
    if (row.at("entityType") == "columns")
      types[row.at("name").get<std::string>()] = row.at("type").get<std::string>();
  EXPECT_EQ(types["payload"], "bytea") << base.dump().substr(0, 600);
  EXPECT_EQ(types["opens_at"], "time with time zone");
  EXPECT_EQ(types["closes_at"], "time(3)");
  EXPECT_EQ(types["flags"], "bit(3)");
  EXPECT_EQ(types["span"], "interval day");
  expect_both_tools_agree(dir.path(), out, "types_v1.ts");

  // Both migrators build the same database, which takes the same rows.
  auto& cluster = test_cluster();
  auto by_kit = cluster.fresh_database("v9_types_kit");
  auto by_sleet = cluster.fresh_database("v9_types_sleet");
  std::string log = kit1(out, "types_v1.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto applied = migrate_cli(by_sleet, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(v3_tracking_rows(by_sleet), v3_tracking_rows(by_kit));
  const char* row =
      "INSERT INTO samples VALUES (1, '\\x00ff', '08:00+01', '17:30:00.125', '10.0.0.0/8', "
      "'08:00:2b:01:02:03', '08:00:2b:01:02:03:04:05', '(1,2)', '{1,-1,0}', B'101', '3 days')";
  for (const std::string& database : {by_kit, by_sleet}) {
    cluster.execute(row, database);
    EXPECT_EQ(std::string(cluster.execute("select encode(payload, 'hex') || ' ' || flags::text || "
                                          "' ' || span::text from samples",
                                          database)
                              .value(0, 0)),
              "00ff 101 3 days")
        << database;
  }
  auto status = run_sleet(fmt::format("status --url '{}'", cluster.url(by_kit)), dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("no drift"), std::string::npos) << status.out;
}

}  // namespace
}  // namespace sleet::testing
