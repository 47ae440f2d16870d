// Aggregates without a server: what the parser reads (the server's defaults applied, support
// functions resolved), what it refuses and where, DDL that parses back to the same model, the
// snapshot round trip, and which changes the diff and the plan make of them.
#include <gtest/gtest.h>

#include <algorithm>

#include "sleet/ddl.h"
#include "sleet/diff.h"
#include "sleet/error.h"
#include "sleet/plan.h"
#include "sleet/snapshot.h"
#include "sleet/sources.h"
#include "support/schema_model.h"

namespace sleet::testing {
namespace {

constexpr const char* kFunctions = R"sql(
CREATE SCHEMA stats;
CREATE FUNCTION stats.add(state bigint, value integer) RETURNS bigint LANGUAGE sql
  AS 'SELECT state + value';
CREATE FUNCTION half(bigint) RETURNS numeric LANGUAGE sql AS 'SELECT $1 / 2.0';
)sql";

constexpr const char* kAggregates = R"sql(
SET search_path = stats;
CREATE AGGREGATE total(integer) (SFUNC = add, STYPE = bigint, INITCOND = 0, FINALFUNC = public.half,
  FINALFUNC_EXTRA, COMBINEFUNC = int8pl, PARALLEL = SAFE);
CREATE AGGREGATE total(value bigint, VARIADIC rest text[]) (SFUNC = f, STYPE = int8);
CREATE AGGREGATE counted (BASETYPE = ANY, SFUNC = int8inc, STYPE = int8, INITCOND = '0');
)sql";

TEST(AggregateModel, ParsedWithTheServersDefaultsAndSupportFunctionsResolved) {
  Schema schema = parse_schema_sql(std::string(kFunctions) + kAggregates, "schema.sql");
  const Function& total = schema.functions.at({"stats", "total(integer)"});
  ASSERT_TRUE(total.aggregate);
  const Aggregate& parts = *total.aggregate;
  // A bare name is the files' function on the search path, else the server's own.
  EXPECT_EQ(parts.state_function, (QualifiedName{"stats", "add"}));
  EXPECT_EQ(parts.state_type.name, "bigint");
  EXPECT_EQ(parts.final_function, (QualifiedName{"public", "half"}));
  EXPECT_TRUE(parts.final_extra);
  EXPECT_EQ(parts.final_modify, "read_only");
  EXPECT_EQ(parts.combine_function, (QualifiedName{"pg_catalog", "int8pl"}));
  EXPECT_EQ(parts.initial_condition, "0");
  EXPECT_EQ(parts.moving_final_modify, "read_only");
  EXPECT_EQ(total.parallel, "safe");
  EXPECT_EQ(total.language, "internal");
  EXPECT_TRUE(total.returns.name.empty());
  // An overload by its arguments; the old syntax with BASETYPE = ANY takes no arguments.
  const Function& variadic = schema.functions.at({"stats", "total(bigint, text[])"});
  EXPECT_EQ(variadic.parameters.at(1).mode, "variadic");
  EXPECT_EQ(variadic.aggregate->state_function, (QualifiedName{"pg_catalog", "f"}));
  const Function& counted = schema.functions.at({"stats", "counted()"});
  EXPECT_TRUE(counted.parameters.empty());
  EXPECT_EQ(counted.aggregate->state_function, (QualifiedName{"pg_catalog", "int8inc"}));
}

TEST(AggregateModel, DdlAndSnapshotsGiveTheSameModelBack) {
  Schema schema = parse_schema_sql(std::string(kFunctions) + kAggregates, "schema.sql");
  std::string script = ddl::create_script(schema);
  EXPECT_NE(script.find("CREATE AGGREGATE \"stats\".\"counted\"(*)"), std::string::npos) << script;
  Schema again = parse_schema_sql(script, "exported.sql");
  EXPECT_EQ(again.functions, schema.functions);
  SnapshotHeader header;
  header.id = "11111111-2222-4333-8444-555555555555";
  Schema loaded = load_snapshot(save_snapshot(schema, header), "snapshot.json");
  EXPECT_EQ(loaded.functions, schema.functions);
}

TEST(AggregateModel, RefusedWithTheirPlace) {
  EXPECT_EQ(failure("CREATE TABLE t (id int);\n"
                    "CREATE AGGREGATE pct(float8 ORDER BY float8) (SFUNC = f, STYPE = internal);"),
            "schema.sql:2:1: ordered-set aggregates (ORDER BY in the arguments) are not "
            "supported yet");
  EXPECT_EQ(failure("CREATE AGGREGATE biggest(int) (SFUNC = int4larger, STYPE = int,\n"
                    "  SORTOP = >);"),
            "schema.sql:2:3: SORTOP of an aggregate is not supported yet");
  EXPECT_EQ(failure("CREATE AGGREGATE a(int) (SFUNC = int4pl, STYPE = int, FINALFUNC_MODIFY = x);"),
            "schema.sql:1:55: finalfunc_modify must be READ_ONLY, SHAREABLE or READ_WRITE");
  EXPECT_EQ(failure("CREATE AGGREGATE a(int) (STYPE = int);"),
            "schema.sql:1:1: aggregate public.a needs SFUNC and STYPE");
  EXPECT_NE(failure("CREATE AGGREGATE a(int) (SFUNC = int4pl, STYPE = int);\n"
                    "CREATE AGGREGATE a(int) (SFUNC = int4pl, STYPE = int);")
                .find("schema.sql:2:1: aggregate public.a(integer) is defined twice (first at "
                      "schema.sql:1:1)"),
            std::string::npos);
  EXPECT_EQ(failure("CREATE AGGREGATE a(int) (SFUNC = int4pl, STYPE = int);\n"
                    "CREATE OR REPLACE AGGREGATE a(int) (SFUNC = int4pl, STYPE = int, "
                    "INITCOND = 1);"),
            "");
  // Other definitions sharing the statement node are still refused by name.
  EXPECT_NE(failure("CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);")
                .find("CREATE OPERATOR is not supported yet"),
            std::string::npos);
}

std::string kAggregate(const std::string& options) {
  return "CREATE TABLE t (v int);\n"
         "CREATE FUNCTION add(s bigint, v int) RETURNS bigint LANGUAGE plpgsql "
         "AS $$ BEGIN RETURN s + v; END $$;\n"
         "CREATE AGGREGATE total(int) (SFUNC = add, " +
         options + ");\nCREATE VIEW sums AS SELECT total(v) AS s FROM t;\n";
}

TEST(AggregateDiff, ReplacedInPlaceUnlessTheResultChanges) {
  EXPECT_EQ(kinds(kAggregate("STYPE = bigint"), kAggregate("STYPE = bigint")),
            std::vector<ChangeKind>{});
  EXPECT_EQ(kinds(kAggregate("STYPE = bigint"), kAggregate("STYPE = bigint, INITCOND = 5")),
            std::vector<ChangeKind>{ChangeKind::ReplaceFunction});
  // Another state type is another result type: dropped and created, with the view over it.
  std::vector<std::string> plan =
      plan_sql(kAggregate("STYPE = bigint"), kAggregate("STYPE = numeric"));
  auto at = [&](const std::string& text) {
    return std::find_if(plan.begin(), plan.end(),
                        [&](const std::string& s) { return s.find(text) != std::string::npos; }) -
           plan.begin();
  };
  ASSERT_LT(at("DROP AGGREGATE \"public\".\"total\"(integer)"), plan.size());
  EXPECT_LT(at("DROP VIEW"), at("DROP AGGREGATE"));
  EXPECT_LT(at("DROP AGGREGATE"), at("CREATE AGGREGATE"));
  EXPECT_LT(at("CREATE AGGREGATE"), at("CREATE VIEW"));
}

TEST(AggregatePlan, AfterItsSupportFunctionsDroppedBeforeThemRecreatedWithThem) {
  // Created after the function it calls, whatever the names' order.
  std::vector<std::string> created = plan_sql("", kAggregate("STYPE = bigint"));
  auto at = [](const std::vector<std::string>& plan, const std::string& text) {
    return std::find_if(plan.begin(), plan.end(),
                        [&](const std::string& s) { return s.find(text) != std::string::npos; }) -
           plan.begin();
  };
  EXPECT_LT(at(created, "CREATE FUNCTION \"public\".\"add\""), at(created, "CREATE AGGREGATE"));
  std::vector<std::string> dropped = plan_sql(kAggregate("STYPE = bigint"), "");
  ASSERT_LT(at(dropped, "DROP AGGREGATE"), dropped.size());
  EXPECT_LT(at(dropped, "DROP AGGREGATE"), at(dropped, "DROP FUNCTION \"public\".\"add\""));
  // The state function's parameters renamed: it is dropped and created again, and the
  // aggregate (and the view over it) around it.
  std::string renamed = kAggregate("STYPE = bigint");
  renamed.replace(renamed.find("add(s bigint, v int)"), 20, "add(t bigint, w int)");
  renamed.replace(renamed.find("RETURN s + v"), 12, "RETURN t + w");
  std::vector<std::string> plan = plan_sql(kAggregate("STYPE = bigint"), renamed);
  ASSERT_LT(at(plan, "DROP AGGREGATE"), plan.size());
  EXPECT_LT(at(plan, "DROP VIEW"), at(plan, "DROP AGGREGATE"));
  EXPECT_LT(at(plan, "DROP AGGREGATE"), at(plan, "DROP FUNCTION"));
  EXPECT_LT(at(plan, "DROP FUNCTION"), at(plan, "CREATE FUNCTION"));
  EXPECT_LT(at(plan, "CREATE FUNCTION"), at(plan, "CREATE AGGREGATE"));
  EXPECT_LT(at(plan, "CREATE AGGREGATE"), at(plan, "CREATE VIEW"));
}

}  // namespace
}  // namespace sleet::testing
