// GET /api/schema and /api/tables on a database holding functions, triggers, domains,
// composite and range types, partitions, exclusion constraints, UNLOGGED tables, storage
// parameters and grants (studio_objects_fixture.h): every field the schema view shows.
#include <gtest/gtest.h>

#include "studio_objects_fixture.h"
#include "studio_test_support.h"

namespace sleet::testing {
namespace {

using nlohmann::json;

class StudioSchemaObjects : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = new std::string(test_cluster().fresh_database("objects"));
    test_cluster().execute(kObjectsSchema, *database_);
    RunningStudio studio(*database_);
    auto answer = studio.get("/api/schema");
    ASSERT_EQ(answer.status, 200) << answer.body.dump();
    schema_ = new json(answer.body);
    auto list = studio.get("/api/tables");
    ASSERT_EQ(list.status, 200) << list.body.dump();
    tables_ = new json(list.body);
  }
  // The entry of `list` whose `field` is `value`; fails the test when there is none.
  static const json& find(const json& list, const std::string& value,
                          const std::string& field = "name") {
    for (const json& entry : list) {
      if (entry.contains(field) && entry[field] == value) return entry;
    }
    ADD_FAILURE() << "no " << field << " = " << value << " in " << list.dump();
    static const json kNone = json::object();
    return kNone;
  }
  static std::string* database_;
  static json* schema_;
  static json* tables_;
};
std::string* StudioSchemaObjects::database_ = nullptr;
json* StudioSchemaObjects::schema_ = nullptr;
json* StudioSchemaObjects::tables_ = nullptr;

TEST_F(StudioSchemaObjects, FunctionsAndProceduresWithSignaturesAndBodies) {
  const json& functions = (*schema_)["functions"];
  EXPECT_EQ(functions.size(), 307u);  // 300 generated, add x2, set_updated_at, recent, archive,
                                      // long_body, the hostile one
  const json& add = find(functions, "add(integer, integer)", "signature");
  EXPECT_EQ(add["name"], "add");
  EXPECT_EQ(add["kind"], "function");
  EXPECT_EQ(add["returns"], "integer");
  EXPECT_EQ(add["language"], "sql");
  EXPECT_EQ(add["volatility"], "immutable");
  EXPECT_EQ(add["strict"], true);
  EXPECT_EQ(add["body"], "SELECT a + b");
  ASSERT_EQ(add["parameters"].size(), 2u);
  EXPECT_EQ(add["parameters"][0],
            json({{"mode", "in"}, {"name", "a"}, {"type", "integer"}, {"default", nullptr}}));
  EXPECT_EQ(add["parameters"][1]["default"], "1");
  EXPECT_EQ(add["grants"], json::array({json({{"grantee", "studio_reader"},
                                              {"column", nullptr},
                                              {"privileges", {"EXECUTE"}},
                                              {"grant_option", false},
                                              {"revoked", false}})}));
  // The overload is its own entry.
  EXPECT_EQ(find(functions, "add(numeric, numeric)", "signature")["returns"], "numeric");

  const json& recent = find(functions, "recent(date)", "signature");
  EXPECT_EQ(recent["returns"], "TABLE(at date, value integer)");
  EXPECT_EQ(recent["returns_set"], true);
  EXPECT_EQ(recent["volatility"], "stable");
  EXPECT_EQ(recent["parameters"].size(), 1u);  // the TABLE columns are in `returns`

  const json& archive = find(functions, "archive(date)", "signature");
  EXPECT_EQ(archive["kind"], "procedure");
  EXPECT_EQ(archive["returns"], nullptr);
  EXPECT_EQ(archive["language"], "plpgsql");
  EXPECT_NE(archive["body"].get<std::string>().find("DELETE FROM measurements"), std::string::npos);

  const json& touch = find(functions, "set_updated_at()", "signature");
  EXPECT_EQ(touch["returns"], "trigger");
  EXPECT_EQ(touch["triggers"],
            json::array({json(
                {{"schema", "public"}, {"table", "accounts"}, {"trigger", "accounts_touch"}})}));
  // EXECUTE revoked from PUBLIC, which holds it by default.
  ASSERT_EQ(touch["grants"].size(), 1u) << touch["grants"].dump();
  EXPECT_EQ(touch["grants"][0]["grantee"], "public");
  EXPECT_EQ(touch["grants"][0]["revoked"], true);
}

TEST_F(StudioSchemaObjects, TriggersOnTheirTableNameTheirFunction) {
  const json& accounts = find((*schema_)["tables"], "accounts");
  ASSERT_EQ(accounts["triggers"].size(), 1u);
  const json& trigger = accounts["triggers"][0];
  EXPECT_EQ(trigger["name"], "accounts_touch");
  EXPECT_EQ(trigger["timing"], "BEFORE");
  EXPECT_EQ(trigger["events"], json::array({"UPDATE"}));
  EXPECT_EQ(trigger["update_columns"], json::array({"email"}));
  EXPECT_EQ(trigger["for_each"], "row");
  std::string when = trigger["when"].get<std::string>();
  EXPECT_NE(when.find("IS DISTINCT FROM"), std::string::npos) << when;
  EXPECT_NE(when.find("email"), std::string::npos) << when;
  EXPECT_EQ(
      trigger["function"],
      json({{"schema", "public"}, {"name", "set_updated_at"}, {"signature", "set_updated_at()"}}));
}

TEST_F(StudioSchemaObjects, DomainsCompositeAndRangeTypes) {
  const json& email = find((*schema_)["domains"], "email");
  EXPECT_EQ(email["base_type"], "text");
  EXPECT_EQ(email["not_null"], true);
  EXPECT_NE(email["default"].get<std::string>().find("nobody@example.com"), std::string::npos);
  ASSERT_EQ(email["checks"].size(), 1u);
  EXPECT_EQ(email["checks"][0]["name"], "email_has_at");
  EXPECT_NE(email["checks"][0]["expression"].get<std::string>().find("'%@%'"), std::string::npos)
      << email.dump();
  ASSERT_EQ(email["grants"].size(), 1u);
  EXPECT_EQ(email["grants"][0]["grantee"], "studio_reader");
  EXPECT_EQ(email["grants"][0]["privileges"], json::array({"USAGE"}));

  const json& work = find((*schema_)["domains"], "work_email");
  EXPECT_EQ(work["base_type"], "public.email");  // a domain over a domain
  EXPECT_EQ(work["not_null"], false);

  const json& address = find((*schema_)["composite_types"], "address");
  ASSERT_EQ(address["attributes"].size(), 2u);
  EXPECT_EQ(address["attributes"][0]["name"], "street");
  EXPECT_EQ(address["attributes"][0]["type"], "text");
  EXPECT_EQ(address["attributes"][1]["name"], "city");
  EXPECT_NE(address["attributes"][1]["collation"].get<std::string>().find("C"), std::string::npos);

  const json& range = find((*schema_)["range_types"], "price_range");
  EXPECT_EQ(range["subtype"], "numeric");
  EXPECT_EQ(range["multirange"], "price_multirange");

  // Columns of those types name them as the page links them.
  const json& accounts = find((*schema_)["tables"], "accounts");
  EXPECT_EQ(find(accounts["columns"], "email")["type"], "public.email");
  EXPECT_EQ(find(accounts["columns"], "home")["type"], "public.address");
}

TEST_F(StudioSchemaObjects, PartitionsUnderTheirParentWithBounds) {
  const json& parent = find((*schema_)["tables"], "measurements");
  EXPECT_EQ(parent["partition_by"], "RANGE (at)");
  EXPECT_EQ(parent["partition_of"], nullptr);
  ASSERT_EQ(parent["partitions"].size(), 3u) << parent.dump();
  const json& year = find(parent["partitions"], "measurements_2025");
  EXPECT_EQ(year["bound"], "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
  EXPECT_EQ(year["partitioned"], true);
  EXPECT_EQ(find(parent["partitions"], "measurements_rest")["bound"], "DEFAULT");

  const json& sub = find((*schema_)["tables"], "measurements_2025");
  EXPECT_EQ(sub["partition_by"], "LIST (value)");
  EXPECT_EQ(sub["partition_of"], json({{"schema", "public"}, {"table", "measurements"}}));
  ASSERT_EQ(sub["partitions"].size(), 1u);
  EXPECT_EQ(sub["partitions"][0]["name"], "measurements_2025_small");
  // The model's spelling: every bound value a quoted literal.
  EXPECT_EQ(sub["partitions"][0]["bound"], "FOR VALUES IN ('1', '2')");

  // The table list holds the partitions too, each naming its parent and bound (as the server
  // prints it).
  const json& listed = find((*tables_)["tables"], "measurements_2025_small");
  EXPECT_EQ(listed["partition_of"], json({{"schema", "public"}, {"table", "measurements_2025"}}));
  EXPECT_EQ(listed["partition_bound"], "FOR VALUES IN (1, 2)");
  EXPECT_EQ(listed["partitioned"], false);
  EXPECT_EQ(find((*tables_)["tables"], "measurements")["partitioned"], true);
  EXPECT_EQ(find((*tables_)["tables"], "measurements")["partition_of"], nullptr);
}

TEST_F(StudioSchemaObjects, ExclusionStorageUnloggedChecksAndTableGrants) {
  const json& bookings = find((*schema_)["tables"], "bookings");
  ASSERT_EQ(bookings["exclusion_constraints"].size(), 1u);
  const json& exclusion = bookings["exclusion_constraints"][0];
  EXPECT_EQ(exclusion["name"], "no_overlap");
  EXPECT_EQ(exclusion["method"], "gist");
  EXPECT_EQ(exclusion["elements"],
            json::array({json({{"element", "during"}, {"operator", "&&"}})}));
  EXPECT_NE(exclusion["where"].get<std::string>().find("room > 0"), std::string::npos);

  EXPECT_EQ(find((*schema_)["tables"], "cache")["unlogged"], true);
  const json& accounts = find((*schema_)["tables"], "accounts");
  EXPECT_EQ(accounts["unlogged"], false);
  EXPECT_EQ(accounts["storage_parameters"],
            json({{"autovacuum_enabled", "false"}, {"fillfactor", "70"}}));
  ASSERT_EQ(accounts["check_constraints"].size(), 1u);
  EXPECT_EQ(accounts["check_constraints"][0]["name"], "id_positive");

  // SELECT and INSERT on the table, UPDATE on one column.
  const json& grants = accounts["grants"];
  ASSERT_EQ(grants.size(), 2u) << grants.dump();
  json whole, column;
  for (const json& grant : grants) (grant["column"].is_null() ? whole : column) = grant;
  EXPECT_EQ(whole["grantee"], "studio_reader");
  EXPECT_EQ(whole["privileges"], json::array({"INSERT", "SELECT"}));
  EXPECT_EQ(column["column"], "email");
  EXPECT_EQ(column["privileges"], json::array({"UPDATE"}));
}

}  // namespace
}  // namespace sleet::testing
