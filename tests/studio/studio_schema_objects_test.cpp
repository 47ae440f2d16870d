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
  EXPECT_EQ(functions.size(), 308u);  // 300 generated, add x2, set_updated_at, recent, archive,
                                      // long_body, log_ddl, the hostile one
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
  EXPECT_EQ(accounts["check_constraints"][0]["valid"], true);
  // A check added NOT VALID says so.
  const json& vehicle_log = find((*schema_)["tables"], "vehicle_log");
  ASSERT_EQ(vehicle_log["check_constraints"].size(), 1u);
  EXPECT_EQ(vehicle_log["check_constraints"][0]["name"], "vehicle_log_named");
  EXPECT_EQ(vehicle_log["check_constraints"][0]["valid"], false);
  // A materialized view lists its indexes.
  const json& totals = find((*schema_)["views"], "measurement_totals");
  EXPECT_EQ(totals["materialized"], true);
  ASSERT_EQ(totals["indexes"].size(), 2u);
  EXPECT_EQ(totals["indexes"][0]["name"], "measurement_totals_at");
  EXPECT_EQ(totals["indexes"][0]["unique"], true);
  EXPECT_EQ(totals["indexes"][0]["columns"], json::array({"at"}));
  // A key's order is part of what it is.
  EXPECT_EQ(totals["indexes"][1]["name"], "measurement_totals_top");
  EXPECT_EQ(totals["indexes"][1]["unique"], false);
  EXPECT_EQ(totals["indexes"][1]["columns"], json::array({"total DESC NULLS LAST"}));

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

TEST_F(StudioSchemaObjects, TablesNameTheirParentsAndTheTablesInheritingFromThem) {
  const json& tables = (*schema_)["tables"];
  const json& vehicles = find(tables, "vehicles");
  EXPECT_EQ(vehicles["inherits"], json::array());
  EXPECT_EQ(vehicles["inherited_by"],
            json::array({json({{"schema", "public"}, {"name", "boats"}}),
                         json({{"schema", "public"}, {"name", "cars"}})}));
  // Two parents, in INHERITS order (not sorted).
  const json& amphibians = find(tables, "amphibians");
  EXPECT_EQ(amphibians["inherits"],
            json::array({json({{"schema", "public"}, {"table", "cars"}}),
                         json({{"schema", "public"}, {"table", "boats"}})}));
  EXPECT_EQ(amphibians["inherited_by"], json::array());
  const json& cars = find(tables, "cars");
  EXPECT_EQ(cars["inherits"], json::array({json({{"schema", "public"}, {"table", "vehicles"}})}));
  EXPECT_EQ(cars["inherited_by"],
            json::array({json({{"schema", "public"}, {"name", "amphibians"}})}));
  // An inheriting child is not a partition, and holds only its own columns.
  EXPECT_EQ(cars["partition_of"], nullptr);
  ASSERT_EQ(cars["columns"].size(), 1u) << cars["columns"].dump();
  EXPECT_EQ(cars["columns"][0]["name"], "doors");
  // Partitions are not inheritance.
  EXPECT_EQ(find(tables, "measurements_2026")["inherits"], json::array());
  EXPECT_EQ(find(tables, "measurements")["inherited_by"], json::array());

  // The table list names the parents too, in the same order; a partition's parent is not one.
  const json& listed = (*tables_)["tables"];
  EXPECT_EQ(find(listed, "amphibians")["inherits"],
            json::array({json({{"schema", "public"}, {"table", "cars"}}),
                         json({{"schema", "public"}, {"table", "boats"}})}));
  EXPECT_EQ(find(listed, "amphibians")["partition_of"], nullptr);
  EXPECT_EQ(find(listed, "vehicles")["inherits"], json::array());
  EXPECT_EQ(find(listed, "measurements_2026")["inherits"], json::array());
  EXPECT_EQ(find(listed, "car_names")["inherits"], json::array());
}

TEST_F(StudioSchemaObjects, RulesWithTheirRelationAndTheServersDefinition) {
  const json& rules = (*schema_)["rules"];
  ASSERT_EQ(rules.size(), 3u) << rules.dump();
  // Tables' rules first, then views', each by relation and name.
  EXPECT_EQ(rules[0]["name"], "cars_keep");
  EXPECT_EQ(rules[1]["name"], "vehicles_log");
  EXPECT_EQ(rules[2]["name"], "car_names_insert");

  const json& keep = rules[0];
  EXPECT_EQ(keep["schema"], "public");
  EXPECT_EQ(keep["relation"], json({{"schema", "public"}, {"name", "cars"}, {"kind", "table"}}));
  EXPECT_EQ(keep["event"], "DELETE");
  EXPECT_EQ(keep["instead"], true);
  EXPECT_NE(keep["where"].get<std::string>().find("doors > 2"), std::string::npos) << keep.dump();
  EXPECT_EQ(keep["actions"], json::array());  // DO INSTEAD NOTHING
  std::string definition = keep["definition"].get<std::string>();
  EXPECT_EQ(definition.rfind("CREATE RULE cars_keep AS", 0), 0u) << definition;
  EXPECT_NE(definition.find("ON DELETE TO cars"), std::string::npos) << definition;
  EXPECT_NE(definition.find("DO INSTEAD NOTHING"), std::string::npos) << definition;

  const json& log = rules[1];
  EXPECT_EQ(log["relation"]["name"], "vehicles");
  EXPECT_EQ(log["event"], "INSERT");
  EXPECT_EQ(log["instead"], false);
  EXPECT_EQ(log["where"], nullptr);
  ASSERT_EQ(log["actions"].size(), 1u);
  EXPECT_NE(log["actions"][0].get<std::string>().find("INSERT INTO"), std::string::npos);
  EXPECT_NE(log["definition"].get<std::string>().find("vehicle_log"), std::string::npos);

  const json& view_rule = rules[2];
  EXPECT_EQ(view_rule["relation"],
            json({{"schema", "public"}, {"name", "car_names"}, {"kind", "view"}}));
  EXPECT_EQ(view_rule["instead"], true);

  // The table's and the view's entries name their rules; the view's _RETURN is not a rule.
  EXPECT_EQ(find((*schema_)["tables"], "cars")["rules"], json::array({"cars_keep"}));
  EXPECT_EQ(find((*schema_)["tables"], "accounts")["rules"], json::array());
  EXPECT_EQ(find((*schema_)["views"], "car_names")["rules"], json::array({"car_names_insert"}));
}

TEST_F(StudioSchemaObjects, EventTriggersNameTheirFunctionWhichNamesThemBack) {
  const json& triggers = (*schema_)["event_triggers"];
  ASSERT_EQ(triggers.size(), 2u) << triggers.dump();
  const json& drops = find(triggers, "log_drops");
  EXPECT_EQ(drops["event"], "sql_drop");
  EXPECT_EQ(drops["tags"], json::array());
  EXPECT_EQ(drops["enabled"], "DISABLE");
  const json& tables = find(triggers, "log_table_ddl");
  EXPECT_EQ(tables["event"], "ddl_command_end");
  EXPECT_EQ(tables["tags"], json::array({"CREATE TABLE", "ALTER TABLE"}));
  EXPECT_EQ(tables["enabled"], "ENABLE");
  EXPECT_EQ(tables["function"],
            json({{"schema", "public"}, {"name", "log_ddl"}, {"signature", "log_ddl()"}}));
  // The statements pull writes for it: CREATE, then ALTER for its state.
  EXPECT_EQ(
      tables["definition"],
      "CREATE EVENT TRIGGER \"log_table_ddl\" ON ddl_command_end WHEN TAG IN ('CREATE TABLE', "
      "'ALTER TABLE') EXECUTE FUNCTION \"public\".\"log_ddl\"();");
  EXPECT_EQ(
      drops["definition"],
      "CREATE EVENT TRIGGER \"log_drops\" ON sql_drop EXECUTE FUNCTION \"public\".\"log_ddl\"();\n"
      "ALTER EVENT TRIGGER \"log_drops\" DISABLE;");

  const json& function = find((*schema_)["functions"], "log_ddl()", "signature");
  EXPECT_EQ(function["returns"], "event_trigger");
  EXPECT_EQ(function["event_triggers"], json::array({"log_drops", "log_table_ddl"}));
  EXPECT_EQ(function["triggers"], json::array());
  EXPECT_EQ(find((*schema_)["functions"], "set_updated_at()", "signature")["event_triggers"],
            json::array());
}

TEST_F(StudioSchemaObjects, DefaultPrivilegesByRoleSchemaKindAndGrantee) {
  const json& defaults = (*schema_)["default_privileges"];
  std::string me = test_cluster().settings(*database_).user;
  auto entry = [&](const std::string& role, const json& schema, const std::string& kind,
                   const std::string& grantee) -> json {
    for (const json& e : defaults) {
      if (e["role"] == role && e["schema"] == schema && e["object_kind"] == kind &&
          e["grantee"] == grantee)
        return e;
    }
    ADD_FAILURE() << "no default privilege " << role << " " << schema << " " << kind << " "
                  << grantee << " in " << defaults.dump();
    return json::object();
  };
  ASSERT_EQ(defaults.size(), 4u) << defaults.dump();
  json tables = entry(me, "public", "TABLES", "studio_reader");
  EXPECT_EQ(tables["current_role"], true);
  EXPECT_EQ(tables["privileges"], json::array({"SELECT"}));
  EXPECT_EQ(tables["grant_option"], false);
  json sequences = entry(me, nullptr, "SEQUENCES", "studio_reader");
  EXPECT_EQ(sequences["privileges"], json::array({"USAGE"}));
  EXPECT_EQ(sequences["grant_option"], true);
  json other = entry("studio_owner", "public", "TABLES", "studio_reader");
  EXPECT_EQ(other["current_role"], false);
  EXPECT_EQ(other["privileges"], json::array({"INSERT", "UPDATE"}));
  // PUBLIC's built-in EXECUTE on new functions, taken away.
  json functions = entry(me, nullptr, "FUNCTIONS", "public");
  EXPECT_EQ(functions["revoked"], true);
  EXPECT_EQ(functions["privileges"], json::array({"EXECUTE"}));
}

}  // namespace
}  // namespace sleet::testing
