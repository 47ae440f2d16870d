// Sequences of smallint or integer and sequences owned by a column in a drizzle-kit 1.0 (v3)
// folder: drizzle-kit's sequence row has no data type and no owner, so sleet writes the row
// with the bounds the type implies and carries `AS` and OWNED BY in the snapshot's "sleet"
// member. Widening a sequence (AS smallint -> AS integer, the commonest real migration) alters
// it in place, its value kept. drizzle-kit 1.0.0-rc.5 (tests/fixtures/drizzle1) is the judge:
// its check accepts the folder, its generate on the TypeScript of what it can declare finds no
// change, and its migrate builds what sleet's does.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "drizzle_kit.h"
#include "drizzle_v9_support.h"
#include "migrate_test_support.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = R"sql(
CREATE SEQUENCE small_counter AS {};
CREATE SEQUENCE int_counter AS integer INCREMENT BY 2 START WITH 10;
CREATE TABLE tickets (id integer PRIMARY KEY, n integer);
CREATE SEQUENCE ticket_numbers AS integer OWNED BY tickets.n;
)sql";

// "type max owner" of each sequence of the public schema, by name: what the server holds.
std::string sequences_of(const std::string& database) {
  return std::string(
      test_cluster()
          .execute("select string_agg(s.sequencename || ' ' || s.data_type || ' ' || "
                   "s.max_value || ' ' || coalesce((select c.relname || '.' || a.attname from "
                   "pg_depend d join pg_class c on c.oid = d.refobjid join pg_attribute a on "
                   "a.attrelid = d.refobjid and a.attnum = d.refobjsubid where d.objid = "
                   "(quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename))::regclass "
                   "and d.deptype = 'a'), '-'), ', ' order by s.sequencename) from pg_sequences s "
                   "where s.schemaname = 'public'",
                   database)
          .value(0, 0));
}

TEST(DrizzleV9Sequences, SmallintIntegerAndOwnedSequencesRideInTheMember) {
  TemporaryDirectory dir;
  fs::path out = dir.path() / "drizzle";
  dir.write("sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");
  dir.write("schema.sql", fmt::format(kSchema, "smallint"));
  auto generated = run_sleet("generate --name v1", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;

  // drizzle-kit's rows hold the bounds; the member holds the type and the owner.
  nlohmann::json base = last_snapshot(out);
  std::map<std::string, std::string> bounds;
  for (const nlohmann::json& row : base.at("ddl")) {
    if (row.at("entityType") != "sequences") continue;
    EXPECT_FALSE(row.contains("dataType")) << row.dump();
    bounds[row.at("name")] =
        row.at("minValue").get<std::string>() + ".." + row.at("maxValue").get<std::string>();
  }
  EXPECT_EQ(bounds, (std::map<std::string, std::string>{{"int_counter", "1..2147483647"},
                                                        {"small_counter", "1..32767"},
                                                        {"ticket_numbers", "1..2147483647"}}));
  ASSERT_TRUE(base.contains("sleet")) << base.dump(2);
  const nlohmann::json& member = base.at("sleet").at("sequences");
  EXPECT_EQ(member.at("public.small_counter").at("dataType"), "smallint") << member.dump(2);
  EXPECT_EQ(member.at("public.ticket_numbers").at("ownedBy"), "tickets.n") << member.dump(2);
  // A branch that drops the owning column conflicts with the sequence's creation.
  bool reads_owner = false;
  for (const nlohmann::json& print : base.at("footprints")) {
    if (print.at("statementTarget") ==
        nlohmann::json::array({"sequence", "public", "ticket_numbers"})) {
      for (const nlohmann::json& read : print.at("reads"))
        reads_owner |= read == "n|col|public.tickets.n";
    }
  }
  EXPECT_TRUE(reads_owner) << base.at("footprints").dump(2);
  expect_both_tools_agree(dir.path(), out, "sequences_v1.ts");

  auto by_sleet = test_cluster().fresh_database("v9_sequences_sleet");
  auto applied = migrate_cli(by_sleet, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  test_cluster().execute("select nextval('small_counter'), nextval('small_counter')", by_sleet);

  // Widened in place: one alter of the bound drizzle-kit's row holds, the type in the member.
  dir.write("schema.sql", fmt::format(kSchema, "integer"));
  generated = run_sleet("generate --name widen", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  nlohmann::json widen = last_snapshot(out);
  EXPECT_EQ(widen.at("deltas"),
            nlohmann::json::parse(
                R"([{"op":"alter","key":"sequences\u0000[\"public\",\"small_counter\"]",)"
                R"("set":{"maxValue":"2147483647"}}])"))
      << widen.dump(2);
  ASSERT_EQ(widen.at("footprints").size(), 1u) << widen.dump(2);
  EXPECT_EQ(widen.at("footprints")[0].at("statementType"), "alter_sequence");
  EXPECT_EQ(widen.at("sleet").at("sequences").at("public.small_counter").at("dataType"), "integer");
  expect_both_tools_agree(dir.path(), out, "sequences_v2.ts");

  applied = migrate_cli(by_sleet, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(
      std::string(test_cluster().execute("select nextval('small_counter')", by_sleet).value(0, 0)),
      "3");

  // Both migrators build the same sequences; sleet reads drizzle-kit's database as the folder.
  auto by_kit = test_cluster().fresh_database("v9_sequences_kit");
  std::string log = kit1(out, "sequences_v2.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto fresh = test_cluster().fresh_database("v9_sequences_fresh");
  applied = migrate_cli(fresh, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(v3_tracking_rows(fresh), v3_tracking_rows(by_kit));
  const std::string expected =
      "int_counter integer 2147483647 -, small_counter integer 2147483647 -, ticket_numbers "
      "integer 2147483647 tickets.n";
  EXPECT_EQ(sequences_of(by_kit), expected);
  EXPECT_EQ(sequences_of(by_sleet), expected);
  auto status = run_sleet(fmt::format("status --url '{}'", test_cluster().url(by_kit)), dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("no drift"), std::string::npos) << status.out;
  auto compared = run_sleet(fmt::format("diff --from '{}' --to '{}'", test_cluster().url(by_kit),
                                        test_cluster().url(by_sleet)),
                            dir.path());
  EXPECT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_EQ(compared.out, "") << compared.err;
}

}  // namespace
}  // namespace sleet::testing
