// One test per offline normalisation rule: the way a person writes it and the way the
// catalog prints it normalise to the same text, and normalising again changes nothing.
#include <gtest/gtest.h>

#include "sleet/normalize.h"
#include "sleet/sql.h"

namespace sleet::normalize {
namespace {

Schema example_schema() {
  Schema schema;
  schema.enums[{"auth", "user_role"}] = Enum{{"auth", "user_role"}, {"user", "admin"}, {}};
  Table table;
  table.name = {"public", "people"};
  Column name{"name", {"character varying(32)", "", 0}};
  Column note{"note", {"text", "", 0}};
  Column level{"level", {"integer", "", 0}};
  Column amount{"amount", {"numeric(10,2)", "", 0}};
  table.columns = {name, note, level, amount};
  schema.tables[table.name] = table;
  return schema;
}

// Both spellings normalise alike, to `expected`, and the result is a fixed point.
void expect_same(const std::string& written, const std::string& catalog,
                 const std::string& expected, const ExpressionScope& scope) {
  std::string from_written = normalize_expression(written, scope);
  std::string from_catalog = normalize_expression(catalog, scope);
  EXPECT_EQ(from_written, expected) << written;
  EXPECT_EQ(from_catalog, expected) << catalog;
  EXPECT_EQ(normalize_expression(expected, scope), expected) << "not idempotent";
}

class Rules : public ::testing::Test {
 protected:
  Schema schema = example_schema();
  const Table& table = schema.tables.begin()->second;
  ExpressionScope scope{&schema, &table, nullptr};
};

TEST_F(Rules, StringLiteralCastToAStringTypeIsImplicit) {
  expect_same("note = 'x'", "(note = 'x'::text)", "note = 'x'", scope);
  expect_same("'a'", "'a'::character varying", "'a'", {});
  expect_same("'a'", "'a'::bpchar", "'a'", {});
}

TEST_F(Rules, LiteralCastToAnEnumIsImplicit) {
  expect_same("'user'", "'user'::auth.user_role", "'user'", scope);
  // Not an enum of the schema: the cast stays.
  EXPECT_EQ(normalize_expression("'x'::other.kind", scope), "'x'::other.kind");
}

TEST_F(Rules, QuotedNegativeNumberIsANumber) {
  expect_same("-1", "'-1'::integer", "-1", {});
  expect_same("-2.5", "'-2.5'::numeric", "-2.5", {});
}

TEST_F(Rules, VarcharColumnReadAsTextIsImplicit) {
  expect_same("char_length(name) >= 3", "(char_length((name)::text) >= 3)",
              "char_length(name) >= 3", scope);
  // A cast of a non-string column is meaningful and stays.
  EXPECT_EQ(normalize_expression("level::text = '1'", scope), "level::text = '1'");
}

TEST_F(Rules, BetweenIsStoredAsTwoComparisons) {
  expect_same("level BETWEEN 1 AND 100", "((level >= 1) AND (level <= 100))",
              "level >= 1 AND level <= 100", scope);
  expect_same("level NOT BETWEEN 1 AND 2", "((level < 1) OR (level > 2))", "level < 1 OR level > 2",
              scope);
}

TEST_F(Rules, InListIsStoredAsAnyArray) {
  expect_same("name IN ('a', 'b')",
              "((name)::text = ANY ((ARRAY['a'::character varying, "
              "'b'::character varying])::text[]))",
              "name = ANY(ARRAY['a', 'b'])", scope);
  expect_same("level NOT IN (1, 2)", "(level <> ALL (ARRAY[1, 2]))", "level <> ALL(ARRAY[1, 2])",
              scope);
  expect_same("note IN ('a')", "(note = 'a'::text)", "note = 'a'", scope);
}

TEST_F(Rules, NestedConjunctionsOnTheLeftAreMerged) {
  expect_same("level BETWEEN 1 AND 5 AND level > 0",
              "(((level >= 1) AND (level <= 5)) AND (level > 0))",
              "level >= 1 AND level <= 5 AND level > 0", scope);
}

TEST_F(Rules, NumericLabelBesideAComparisonIsImplicit) {
  expect_same("amount >= 0", "(amount >= 0::numeric)", "amount >= 0", scope);
  // Elsewhere the label decides the arithmetic and stays.
  EXPECT_EQ(normalize_expression("1::numeric / 3", scope), "1::numeric / 3");
}

TEST_F(Rules, SequenceFunctionArgumentIsARegclass) {
  expect_same("nextval('app.seq')", "nextval('app.seq'::regclass)", "nextval('app.seq')", {});
}

TEST_F(Rules, DefaultCastToTheColumnTypeIsImplicit) {
  TypeName text_array{"text", "", 1};
  ExpressionScope tags{&schema, &table, &text_array};
  expect_same("'{}'", "'{}'::text[]", "'{}'", tags);
  TypeName numeric{"numeric(10,2)", "", 0};
  ExpressionScope amount{&schema, &table, &numeric};
  expect_same("0", "0::numeric", "0", amount);
  TypeName role{"user_role", "auth", 0};
  ExpressionScope enum_default{&schema, &table, &role};
  expect_same("'user'", "'user'::auth.user_role", "'user'", enum_default);
  // A cast to another type is kept.
  EXPECT_EQ(normalize_expression("0::bigint", amount), "0::bigint");
}

// The cast of a default's array stays where the array without it would have no type (ARRAY[])
// or a type the column refuses (string literals are a text[], not an enum or date array):
// pull renders these canonical forms as DDL.
TEST_F(Rules, DefaultArrayCastStaysWhereTheArrayNeedsIt) {
  TypeName text_array{"text", "", 1};
  ExpressionScope tags{&schema, &table, &text_array};
  expect_same("ARRAY[]::text[]", "ARRAY[]::text[]", "ARRAY[]::text[]", tags);
  expect_same("ARRAY['a', 'b']::text[]", "ARRAY['a'::text, 'b'::text]", "ARRAY['a', 'b']", tags);
  TypeName int_array{"integer", "", 1};
  ExpressionScope numbers{&schema, &table, &int_array};
  expect_same("array[]::int[]", "ARRAY[]::integer[]", "ARRAY[]::int[]", numbers);
  expect_same("'{}'::integer[]", "'{}'::integer[]", "'{}'", numbers);
  TypeName roles{"user_role", "auth", 1};
  ExpressionScope enum_array{&schema, &table, &roles};
  expect_same("ARRAY['user']::auth.user_role[]", "ARRAY['user'::auth.user_role]",
              "ARRAY['user']::auth.user_role[]", enum_array);
  TypeName dates{"date", "", 1};
  ExpressionScope date_array{&schema, &table, &dates};
  expect_same("ARRAY['2020-01-01']::date[]", "ARRAY['2020-01-01'::date]",
              "ARRAY['2020-01-01']::date[]", date_array);
}

// '0.00' written as a numeric column's default is stored as the numeric constant 0.00.
TEST_F(Rules, QuotedNumberOrBooleanDefaultIsTheConstant) {
  TypeName numeric{"numeric(12,2)", "", 0};
  ExpressionScope price{&schema, &table, &numeric};
  EXPECT_EQ(normalize_expression("'0.00'", price), normalize_expression("0.00", price));
  TypeName boolean{"boolean", "", 0};
  ExpressionScope flag{&schema, &table, &boolean};
  EXPECT_EQ(normalize_expression("'t'", flag), "true");
  EXPECT_EQ(normalize_expression("'off'", flag), "false");
  // Not a number or not a boolean spelling: kept.
  EXPECT_EQ(normalize_expression("'abc'", price), "'abc'");
  EXPECT_EQ(normalize_expression("'maybe'", flag), "'maybe'");
}

TEST_F(Rules, JsonbLiteralsAreSpelledAsJsonbPrintsThem) {
  TypeName jsonb{"jsonb", "", 0};
  ExpressionScope settings{&schema, &table, &jsonb};
  expect_same("'{\"theme\":\"light\",\"a\":[1,true]}'",
              "'{\"a\": [1, true], \"theme\": \"light\"}'::jsonb",
              "'{\"a\": [1, true], \"theme\": \"light\"}'", settings);
  // Fractional numbers keep their written digits in jsonb: left alone.
  EXPECT_EQ(normalize_expression("'{\"x\":1.50}'::jsonb"), "'{\"x\":1.50}'::jsonb");
}

TEST(NullConstant, NullWithOrWithoutCast) {
  EXPECT_TRUE(is_null_constant("NULL"));
  EXPECT_TRUE(is_null_constant("NULL::character varying"));
  EXPECT_FALSE(is_null_constant("'NULL'"));
  EXPECT_FALSE(is_null_constant("0"));
}

TEST(Queries, SingleRelationColumnsLoseTheirQualifierAndDerivedAliases) {
  Schema schema = example_schema();
  std::string written = sql::canonical_query(
      "SELECT name, lower(note), count(*)::int AS total FROM people WHERE name = 'x' "
      "GROUP BY name, lower(note)");
  std::string catalog = sql::canonical_query(
      "SELECT people.name, lower(people.note) AS lower, (count(*))::integer AS total "
      "FROM people WHERE ((people.name)::text = 'x'::text) GROUP BY people.name, "
      "(lower(people.note))");
  std::string expected = normalize_query(written, schema);
  EXPECT_EQ(normalize_query(catalog, schema), expected);
  EXPECT_EQ(normalize_query(expected, schema), expected);
  EXPECT_EQ(expected.find("people.name"), std::string::npos) << expected;
  // With a join the qualifiers are needed and stay.
  std::string join = sql::canonical_query("SELECT a.name FROM people a JOIN people b ON true");
  EXPECT_NE(normalize_query(join, schema).find("a.name"), std::string::npos);
}

TEST(SchemaRules, ViewColumnNamesPolicyRolesAndHeap) {
  Schema schema = example_schema();
  View view;
  view.name = {"public", "v"};
  view.column_names = {"who"};
  view.query.canonical = sql::canonical_query("SELECT name FROM people");
  view.materialized = true;
  view.access_method = "heap";
  schema.views[view.name] = view;
  Policy policy;
  policy.name = "p";
  policy.roles = {"reader", "public"};
  schema.tables.begin()->second.policies["p"] = policy;
  schema.extensions["citext"] = Extension{"citext", "public", ""};
  normalize_schema(schema);
  EXPECT_EQ(schema.extensions.at("citext").schema, "");
  const View& normalized = schema.views.at({"public", "v"});
  EXPECT_TRUE(normalized.column_names.empty());
  EXPECT_EQ(normalized.query.canonical, "SELECT name AS who FROM people");
  EXPECT_EQ(normalized.access_method, "");
  EXPECT_EQ(schema.tables.begin()->second.policies.at("p").roles,
            std::vector<std::string>{"public"});
  Schema again = schema;
  normalize_schema(again);
  EXPECT_EQ(again, schema);
}

}  // namespace
}  // namespace sleet::normalize
