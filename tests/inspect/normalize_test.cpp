// One test per offline normalisation rule: the way a person writes it and the way the
// catalog prints it normalise to the same text, and normalising again changes nothing.
#include <gtest/gtest.h>

#include "sleet/normalize.h"
#include "sleet/sql.h"
#include "sql/normalize_rules.h"

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

// Repeated texts are remembered; a text whose normal form depends on the scope (its table's
// columns, its schema's enums, the default's type) is normalised for each scope anew.
TEST_F(Rules, TheSameTextInAnotherScopeIsNormalisedForThatScope) {
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(normalize_expression("'user'::auth.user_role", {}), "'user'::auth.user_role");
    EXPECT_EQ(normalize_expression("'user'::auth.user_role", scope), "'user'");
    EXPECT_EQ(normalize_expression("(name)::text", scope), "name");
    EXPECT_EQ(normalize_expression("(name)::text", {}), "name::text");
    ExpressionScope other_table = scope;
    Table integers = table;
    integers.columns[0].type = TypeName{"integer", "", 0};
    other_table.table = &integers;
    EXPECT_EQ(normalize_expression("(name)::text", other_table), "name::text");
    TypeName numeric{"numeric", "", 0};
    TypeName text{"text", "", 0};
    EXPECT_EQ(normalize_expression("'0'", ExpressionScope{nullptr, nullptr, &numeric}), "0");
    EXPECT_EQ(normalize_expression("'0'", ExpressionScope{nullptr, nullptr, &text}), "'0'");
    EXPECT_EQ(normalize_expression("'0'", {}), "'0'");
    ExpressionScope own = scope;
    own.reads_only_table = true;
    EXPECT_EQ(normalize_expression("\"people\".\"note\" = 'x'", own), "note = 'x'");
    EXPECT_EQ(normalize_expression("\"people\".\"note\" = 'x'", scope), "people.note = 'x'");
    Table renamed = table;
    renamed.name = {"public", "persons"};
    own.table = &renamed;
    EXPECT_EQ(normalize_expression("\"people\".\"note\" = 'x'", own), "people.note = 'x'");
  }
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

// pg_dump empties the search path, so it qualifies what lives in public: the catalog, read with
// public on the path, prints the same objects unqualified (DAViCal's defaults and checks).
TEST_F(Rules, PublicQualifierOfFunctionsAndSequencesIsImplicit) {
  expect_same("nextval('dav_id_seq')", "nextval('public.dav_id_seq'::regclass)",
              "nextval('dav_id_seq')", {});
  expect_same("privilege_to_bits(ARRAY['a', 'b'])", "public.privilege_to_bits(ARRAY['a', 'b'])",
              "privilege_to_bits(ARRAY['a', 'b'])", {});
  expect_same("NOT real_path_exists(note)", "(NOT public.real_path_exists(note))",
              "NOT real_path_exists(note)", scope);
  // Other schemas stay named, and so does a sequence name that is not a plain public.name.
  EXPECT_EQ(normalize_expression("app.f(1)", {}), "app.f(1)");
  EXPECT_EQ(normalize_expression("nextval('public.\"odd.name\"')", {}),
            "nextval('public.\"odd.name\"')");
}

// A function parameter's DEFAULT NULL (graphile-worker's `task_identifiers text[] = null`) is
// stored as NULL cast to the parameter's type.
TEST_F(Rules, NullDefaultCastToItsTypeIsImplicit) {
  TypeName text_array{"text", "", 1};
  expect_same("NULL", "NULL::text[]", "NULL", ExpressionScope{&schema, nullptr, &text_array});
  TypeName text{"text", "", 0};
  expect_same("null", "NULL::text", "NULL", ExpressionScope{&schema, nullptr, &text});
  // Cast to another type, the cast says which overload or type is meant and stays.
  EXPECT_EQ(normalize_expression("NULL::integer", ExpressionScope{&schema, nullptr, &text}),
            "NULL::int");
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

// A float column keeps the value, not the written digits (Zabbix's `value DOUBLE PRECISION
// DEFAULT '0.0000'` is stored '0'::double precision); float4 has fewer digits than float8.
TEST_F(Rules, FloatDefaultsAreSpelledAsFloatOutPrintsThem) {
  TypeName double_precision{"double precision", "", 0};
  ExpressionScope value{&schema, &table, &double_precision};
  expect_same("'0.0000'", "'0'::double precision", "0", value);
  expect_same("1.50", "'1.5'::double precision", "1.5", value);
  expect_same("'-2.250'", "'-2.25'::double precision", "-2.25", value);
  expect_same("'100000000000000000000'", "'1e+20'::double precision", "1e+20", value);
  expect_same("0.00001", "'1e-05'::double precision", "1e-05", value);
  TypeName real{"real", "", 0};
  ExpressionScope ratio{&schema, &table, &real};
  expect_same("'0.1'", "'0.1'::real", "0.1", ratio);
  expect_same("1000000.0", "'1e+06'::real", "1e+06", ratio);
  // numeric keeps its digits.
  TypeName numeric{"numeric", "", 0};
  ExpressionScope amount{&schema, &table, &numeric};
  EXPECT_EQ(normalize_expression("'0.0000'", amount), "0.0000");
}

// bytea literals read in either input format are printed in hex (SpamAssassin's and Zabbix's
// `bytea DEFAULT ''` is stored '\x'::bytea), as a default and where cast to bytea. The canonical
// text is libpg_query's deparse, which writes a string holding a backslash in the escape string
// syntax: E'\\x' is the same two characters as the server's '\x'.
TEST_F(Rules, ByteaLiteralsAreSpelledAsByteaOutPrintsThem) {
  TypeName bytea{"bytea", "", 0};
  ExpressionScope token{&schema, &table, &bytea};
  expect_same("''", "'\\x'::bytea", "E'\\\\x'", token);
  expect_same("'ab\\\\c\\001'", "'\\x61625c6301'::bytea", "E'\\\\x61625c6301'", token);
  expect_same("'\\xDE AD'", "'\\xdead'::bytea", "E'\\\\xdead'", token);
  EXPECT_EQ(normalize_expression("note::bytea <> ''::bytea", scope),
            normalize_expression("((note)::bytea <> '\\x'::bytea)", scope));
  // Input the server refuses keeps its value as written.
  EXPECT_EQ(normalize_expression("'\\9'", token), "E'\\\\9'");
  EXPECT_EQ(bytea_output("\\x1"), std::nullopt);
}

TEST_F(Rules, JsonbLiteralsAreSpelledAsJsonbPrintsThem) {
  TypeName jsonb{"jsonb", "", 0};
  ExpressionScope settings{&schema, &table, &jsonb};
  expect_same("'{\"theme\":\"light\",\"a\":[1,true]}'",
              "'{\"a\": [1, true], \"theme\": \"light\"}'::jsonb",
              "'{\"a\": [1, true], \"theme\": \"light\"}'", settings);
  // drizzle-kit's .default({ b: 1, a: 2 }): keys in the written order, no spaces.
  expect_same("'{\"b\":1,\"a\":2}'::jsonb", "'{\"a\": 2, \"b\": 1}'::jsonb",
              "'{\"a\": 2, \"b\": 1}'", settings);
  expect_same("'{}'::jsonb", "'{}'::jsonb", "'{}'", settings);
  // Fractional numbers keep their written digits in jsonb: left alone.
  EXPECT_EQ(normalize_expression("'{\"x\":1.50}'::jsonb"), "'{\"x\":1.50}'::jsonb");
}

// drizzle-kit's defaults as its snapshots and exported SQL hold them, beside the catalog's.
TEST_F(Rules, QuotedNumbersDefaultToTheConstantOfEveryNumberType) {
  struct Case {
    const char* type;
    const char* written;
    const char* catalog;
    const char* expected;
  };
  for (const Case& c :
       {Case{"numeric", "'0'", "'0'::numeric", "0"},
        Case{"numeric(10,2)", "'0'", "'0'::numeric", "0"}, Case{"numeric", "0", "0", "0"},
        Case{"integer", "'0'", "0", "0"}, Case{"bigint", "'5'", "'5'::bigint", "5"},
        Case{"real", "'1.5'", "'1.5'::real", "1.5"},
        Case{"double precision", "'2'", "'2'::double precision", "2"}}) {
    TypeName type{c.type, "", 0};
    ExpressionScope column{&schema, &table, &type};
    expect_same(c.written, c.catalog, c.expected, column);
  }
  TypeName date{"date", "", 0};
  ExpressionScope day{&schema, &table, &date};
  expect_same("CURRENT_DATE", "CURRENT_DATE", "current_date", day);
  TypeName role{"user_role", "auth", 0};
  ExpressionScope enum_default{&schema, &table, &role};
  expect_same("'admin'", "'admin'::auth.user_role", "'admin'", enum_default);
}

// '{"general"}' (drizzle-kit) is stored as '{general}'::text[]; ARRAY['a', 'b'] for a string
// array means the literal '{a,b}'.
TEST_F(Rules, ArrayDefaultsAreSpelledAsArrayOutPrintsThem) {
  TypeName text_array{"text", "", 1};
  ExpressionScope tags{&schema, &table, &text_array};
  expect_same("'{\"general\"}'", "'{general}'::text[]", "'{general}'", tags);
  expect_same("ARRAY['a','b']::text[]", "ARRAY['a'::text, 'b'::text]", "'{a,b}'", tags);
  expect_same("'{a,b}'", "'{a,b}'::text[]", "'{a,b}'", tags);
  expect_same(R"('{"a b", "", " c ", "null"}')", R"('{"a b",""," c ","null"}'::text[])",
              R"('{"a b",""," c ","null"}')", tags);
  expect_same("'{}'", "'{}'::text[]", "'{}'", tags);
  TypeName varchar_array{"character varying(40)", "", 1};
  ExpressionScope labels{&schema, &table, &varchar_array};
  expect_same("ARRAY['a', 'b']",
              "(ARRAY['a'::character varying, 'b'::character varying])::character varying(40)[]",
              "'{a,b}'", labels);
  TypeName roles{"user_role", "auth", 1};
  ExpressionScope enum_array{&schema, &table, &roles};
  expect_same("'{\"user\"}'", "'{user}'::auth.user_role[]", "'{user}'", enum_array);
  // What array_in reads differently, or this reader not at all, is left as written.
  EXPECT_EQ(normalize_expression("'{NULL}'", tags), "'{NULL}'");
  EXPECT_EQ(normalize_expression("'{{a},{b}}'", tags), "'{{a},{b}}'");
  EXPECT_EQ(normalize_expression("'[1:1]={a}'", tags), "'[1:1]={a}'");
  TypeName boxes{"box", "", 1};
  ExpressionScope box_array{&schema, &table, &boxes};
  EXPECT_EQ(normalize_expression("'{\"(1,1),(0,0)\"}'", box_array), "'{\"(1,1),(0,0)\"}'");
}

TEST(ArrayLiterals, ReadAsArrayInAndWrittenAsArrayOut) {
  using Elements = std::vector<std::string>;
  EXPECT_EQ(array_literal_elements("{}"), Elements{});
  EXPECT_EQ(array_literal_elements("{ a , b c ,\"d,e\",\"f\\\"g\"}"),
            (Elements{"a", "b c", "d,e", "f\"g"}));
  EXPECT_EQ(array_literal_elements("{\"\"}"), Elements{""});
  for (const char* unread : {"", "{", "{a", "a}", "{a,}", "{,a}", "{NULL}", "{{a}}", "{a\\,b}",
                             "{\"a}", "{\"a\"b}", " {a}", "[1:1]={a}"})
    EXPECT_FALSE(array_literal_elements(unread).has_value()) << unread;
  EXPECT_EQ(array_literal(Elements{"a", "b c", "", "NULL", "x\"y", "{}"}),
            "{a,\"b c\",\"\",\"NULL\",\"x\\\"y\",\"{}\"}");
  EXPECT_EQ(array_literal({}), "{}");
}

// drizzle-kit qualifies every column it renders: "t"."c" in checks, generated columns and
// index keys and predicates, which read only the table's row.
TEST_F(Rules, OwnColumnsLoseTheTableQualifierWhereOnlyTheRowIsRead) {
  ExpressionScope row{&schema, &table, nullptr, true};
  expect_same("\"people\".\"level\" > 0 AND \"public\".\"people\".\"note\" IS NOT NULL",
              "((level > 0) AND (note IS NOT NULL))", "level > 0 AND note IS NOT NULL", row);
  expect_same("\"people\".\"note\" || ' ' || \"people\".\"name\"",
              "((note || ' '::text) || (name)::text)", "(note || ' ') || name", row);
  // Another relation's name, another schema, or not one of the table's columns: kept.
  EXPECT_EQ(normalize_expression("other.level > 0", row), "other.level > 0");
  EXPECT_EQ(normalize_expression("auth.people.level > 0", row), "auth.people.level > 0");
  EXPECT_EQ(normalize_expression("people.missing > 0", row), "people.missing > 0");
  // Elsewhere (a policy may read other relations in a sub-query) the qualifier stays.
  EXPECT_EQ(normalize_expression("people.level > 0", scope), "people.level > 0");
}

// The catalog widens an integer column (or constant) to numeric beside a numeric column.
TEST_F(Rules, IntegerWidenedToNumericBesideANumericColumnIsImplicit) {
  ExpressionScope row{&schema, &table, nullptr, true};
  expect_same("\"people\".\"amount\" * \"people\".\"level\"", "(amount * (level)::numeric)",
              "amount * level", row);
  expect_same("amount >= 0 AND level > 0", "((amount >= (0)::numeric) AND (level > 0))",
              "amount >= 0 AND level > 0", row);
  expect_same("level + amount", "((level)::numeric + amount)", "level + amount", row);
  // Without a numeric column beside it the cast decides the arithmetic: kept.
  EXPECT_EQ(normalize_expression("level::numeric / 2", row), "level::numeric / 2");
  EXPECT_EQ(normalize_expression("amount * note::numeric", row), "amount * note::numeric");
}

// drizzle-kit pull writes .op("text_ops") on every key; the catalog does not say it was
// written, and the inspector leaves default classes out.
TEST(SchemaRules, DefaultOperatorClassesAreDropped) {
  Schema schema = example_schema();
  Table& table = schema.tables.begin()->second;
  table.columns.push_back(Column{"role", {"user_role", "auth", 0}});
  table.columns.push_back(Column{"tags", {"text", "", 1}});
  table.columns.push_back(Column{"data", {"jsonb", "", 0}});
  table.columns.push_back(Column{"at", {"timestamp(3) with time zone", "", 0}});
  auto index = [&](const std::string& name, const std::string& method,
                   std::vector<std::pair<std::string, std::string>> keys) {
    Index out;
    out.name = name;
    out.method = method;
    for (const auto& [column, opclass] : keys) {
      IndexElement element;
      element.column = column;
      element.opclass = opclass;
      out.elements.push_back(element);
    }
    table.indexes[name] = out;
  };
  index("a", "btree",
        {{"name", "text_ops"},
         {"level", "int4_ops"},
         {"at", "timestamptz_ops"},
         {"role", "enum_ops"},
         {"amount", "pg_catalog.numeric_ops"}});
  index("b", "btree", {{"name", "text_pattern_ops"}, {"level", "int8_ops"}});
  index("c", "gin", {{"tags", "array_ops"}, {"data", "jsonb_ops"}, {"note", "gin_trgm_ops"}});
  index("d", "gin", {{"data", "jsonb_path_ops"}, {"note", "public.gin_trgm_ops"}});
  index("e", "hash", {{"name", "text_ops"}});
  index("f", "brin", {{"level", "int4_minmax_ops"}, {"at", "timestamptz_bloom_ops"}});
  IndexElement expression;
  expression.expression = Expression{"lower(note)", "lower(note)"};
  expression.opclass = "text_ops";  // the key's type is unknown offline: the server decides
  table.indexes["g"] = Index{"g", false, "btree", {expression}};
  normalize_schema(schema);
  auto opclasses = [&](const std::string& name) {
    std::vector<std::string> out;
    for (const IndexElement& element : table.indexes.at(name).elements)
      out.push_back(element.opclass);
    return out;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(opclasses("a"), (Names{"", "", "", "", ""}));
  EXPECT_EQ(opclasses("b"), (Names{"text_pattern_ops", "int8_ops"}));
  EXPECT_EQ(opclasses("c"), (Names{"", "", "gin_trgm_ops"}));
  EXPECT_EQ(opclasses("d"), (Names{"jsonb_path_ops", "gin_trgm_ops"}));
  EXPECT_EQ(opclasses("e"), (Names{""}));
  EXPECT_EQ(opclasses("f"), (Names{"", "timestamptz_bloom_ops"}));
  EXPECT_EQ(opclasses("g"), (Names{"text_ops"}));
}

// Storage parameter names fold to lower case; boolean values mean the same in every spelling
// (kept as written: DDL prints them, and the catalog stores what it is given).
TEST(SchemaRules, IndexStorageOptionsAsTheServerReadsThem) {
  Schema schema = example_schema();
  Table& table = schema.tables.begin()->second;
  Index gin{"gin_idx", false, "gin"};
  gin.with = {{"fastUpdate", "OFF"}, {"gin_pending_list_limit", "128"}};
  Index brin{"brin_idx", false, "brin"};
  brin.with = {{"autosummarize", "on"}, {"pages_per_range", "16"}};
  Index hnsw{"hnsw_idx", false, "hnsw"};
  hnsw.with = {{"m", "16"}, {"ef_construction", "64"}};
  table.indexes = {{gin.name, gin}, {brin.name, brin}, {hnsw.name, hnsw}};
  normalize_schema(schema);
  using Options = std::map<std::string, std::string>;
  EXPECT_EQ(table.indexes.at("gin_idx").with,
            (Options{{"fastupdate", "OFF"}, {"gin_pending_list_limit", "128"}}));
  Index catalog_gin = table.indexes.at("gin_idx");
  catalog_gin.with = {{"fastupdate", "false"}, {"gin_pending_list_limit", "128"}};
  EXPECT_EQ(table.indexes.at("gin_idx"), catalog_gin);
  Index catalog_brin = table.indexes.at("brin_idx");
  catalog_brin.with = {{"autosummarize", "true"}, {"pages_per_range", "16"}};
  EXPECT_EQ(table.indexes.at("brin_idx"), catalog_brin);
  EXPECT_EQ(table.indexes.at("hnsw_idx").with, (Options{{"ef_construction", "64"}, {"m", "16"}}));
  // Not a boolean parameter, or not the same value: different.
  Index other = catalog_brin;
  other.with["pages_per_range"] = "32";
  EXPECT_FALSE(table.indexes.at("brin_idx") == other);
  catalog_gin.with["fastupdate"] = "true";
  EXPECT_FALSE(table.indexes.at("gin_idx") == catalog_gin);
}

// A drizzle-kit snapshot may hold SQL that is not one expression (an index key with its
// operator class): it is compared as written instead of stopping the comparison.
TEST(SchemaRules, TextThatIsNotAnExpressionIsLeftAsWritten) {
  Schema schema = example_schema();
  Table& table = schema.tables.begin()->second;
  IndexElement fragment;
  fragment.expression = Expression{"note DESC NULLS LAST", "note DESC NULLS LAST"};
  table.indexes["fragment_idx"] = Index{"fragment_idx", false, "gin", {fragment}};
  normalize_schema(schema);
  EXPECT_EQ(table.indexes.at("fragment_idx").elements[0].expression->canonical,
            "note DESC NULLS LAST");
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

// A cast at the top of a select list's entry decides the view column's type: it stays unless
// the bare value has that type anyway. Below the top, the expression rules drop it as before.
TEST(Queries, OutputCastsThatGiveTheColumnItsTypeStay) {
  Schema schema = example_schema();
  std::string written = sql::canonical_query(
      "SELECT 'user'::auth.user_role AS r, 'x'::varchar AS v, name::text AS n, 'y' AS t, "
      "-1 AS i, 1.5 AS d, 'z'::text AS z FROM people WHERE name = 'x'::varchar");
  std::string catalog = sql::canonical_query(
      "SELECT 'user'::auth.user_role AS r, 'x'::character varying AS v, (people.name)::text AS "
      "n, 'y'::text AS t, '-1'::integer AS i, 1.5 AS d, 'z'::text AS z FROM people WHERE "
      "((people.name)::text = 'x'::text)");
  std::string expected = normalize_query(written, schema);
  EXPECT_EQ(normalize_query(catalog, schema), expected);
  EXPECT_EQ(normalize_query(expected, schema), expected);
  for (const char* kept : {"'user'::auth.user_role AS r", "'x'::varchar AS v",
                           "name::text AS n", "'y' AS t", "-1 AS i", "'z' AS z",
                           "WHERE name = 'x'"})
    EXPECT_NE(expected.find(kept), std::string::npos) << kept << " in " << expected;
  // Each branch of a UNION and a sub-select in FROM give output columns their types too.
  std::string branches = normalize_query(
      sql::canonical_query("SELECT s.r FROM (SELECT 'user'::auth.user_role AS r) s UNION "
                           "SELECT 'admin'::auth.user_role"),
      schema);
  EXPECT_NE(branches.find("'user'::auth.user_role AS r"), std::string::npos) << branches;
  EXPECT_NE(branches.find("'admin'::auth.user_role"), std::string::npos) << branches;
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
