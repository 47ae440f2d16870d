// Composite and range types without a server: what the parser reads and where it refuses, DDL
// that parses back to the same model, which changes the diff makes (in place, recreated, or
// refused), the plan's order and SQL, and the snapshot's "sleet" member.
#include <gtest/gtest.h>

#include "sleet/ddl.h"
#include "sleet/diff.h"
#include "sleet/error.h"
#include "sleet/plan.h"
#include "sleet/snapshot.h"
#include "sleet/sources.h"
#include "support/schema_model.h"

namespace sleet::testing {
namespace {

constexpr const char* kSchema = R"sql(
CREATE SCHEMA geo;
CREATE TYPE geo.kind AS ENUM ('home', 'work');
CREATE DOMAIN geo.city_name AS text CHECK (VALUE <> '');
CREATE TYPE geo.point2 AS (x double precision, y double precision);
CREATE TYPE geo.address AS (street varchar(80) COLLATE "C", city geo.city_name, kind geo.kind,
                            at geo.point2, tags text[]);
COMMENT ON TYPE geo.address IS 'postal';
COMMENT ON COLUMN geo.address.street IS 'street and number';
CREATE DOMAIN geo.home AS geo.address;
CREATE TYPE geo.floatrange AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = float8mi);
CREATE TYPE span AS RANGE (SUBTYPE = text, SUBTYPE_OPCLASS = text_pattern_ops, COLLATION = "C",
                           MULTIRANGE_TYPE_NAME = spans);
COMMENT ON TYPE span IS 'lengths';
CREATE TYPE plain AS RANGE (SUBTYPE = bigint, MULTIRANGE_TYPE_NAME = plain_multirange);
CREATE TYPE nothing_in_it AS ();
CREATE TABLE geo.people (id int PRIMARY KEY, home geo.address, previous geo.address[],
                         registered geo.home, heights geo.floatrange,
                         height_sets geo.floatmultirange, lengths spans);
CREATE FUNCTION geo.city_of(a geo.address) RETURNS text LANGUAGE sql AS $$ SELECT (a).city $$;
)sql";

// "schema.sql:1:<column of `part` in `sql`>".
std::string at(const std::string& sql, const std::string& part) {
  return "schema.sql:1:" + std::to_string(sql.find(part) + 1);
}

TEST(CompositeTypeModel, ParsedWithTheirAttributesOptionsAndComments) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  const CompositeType& address = schema.composite_types.at({"geo", "address"});
  ASSERT_EQ(address.attributes.size(), 5u);
  EXPECT_EQ(address.attributes[0].name, "street");
  EXPECT_EQ(address.attributes[0].type, (TypeName{"character varying(80)", "", 0}));
  EXPECT_EQ(address.attributes[0].collation, "C");
  EXPECT_EQ(address.attributes[0].comment, "street and number");
  EXPECT_EQ(address.attributes[1].type, (TypeName{"city_name", "geo", 0}));
  EXPECT_EQ(address.attributes[2].type, (TypeName{"kind", "geo", 0}));
  EXPECT_EQ(address.attributes[3].type, (TypeName{"point2", "geo", 0}));
  EXPECT_EQ(address.attributes[4].type, (TypeName{"text", "", 1}));
  EXPECT_EQ(address.comment, "postal");
  EXPECT_TRUE(schema.composite_types.at({"public", "nothing_in_it"}).attributes.empty());
  EXPECT_EQ(schema.domains.at({"geo", "home"}).base_type, (TypeName{"address", "geo", 0}));

  const RangeType& floats = schema.range_types.at({"geo", "floatrange"});
  EXPECT_EQ(floats.subtype, (TypeName{"double precision", "", 0}));
  EXPECT_EQ(floats.subtype_diff, "float8mi");  // no file declares it: pg_catalog's
  EXPECT_EQ(floats.multirange_type_name(), "floatmultirange");
  const RangeType& span = schema.range_types.at({"public", "span"});
  EXPECT_EQ(span.subtype_opclass, "text_pattern_ops");
  EXPECT_EQ(span.collation, "C");
  EXPECT_EQ(span.multirange_name, "spans");
  EXPECT_EQ(span.comment, "lengths");
  // The server's own name written out is the default.
  EXPECT_EQ(schema.range_types.at({"public", "plain"}).multirange_name, "");
  EXPECT_EQ(schema.range_types.at({"public", "plain"}).multirange_type_name(), "plain_multirange");

  const Table& people = schema.tables.at({"geo", "people"});
  EXPECT_EQ(people.find_column("previous")->type, (TypeName{"address", "geo", 1}));
  EXPECT_EQ(people.find_column("height_sets")->type, (TypeName{"floatmultirange", "geo", 0}));
  EXPECT_EQ(people.find_column("lengths")->type, (TypeName{"spans", "public", 0}));
  const Function& city_of = schema.functions.at({"geo", "city_of(geo.address)"});
  EXPECT_EQ(city_of.parameters.at(0).type, (TypeName{"address", "geo", 0}));
}

TEST(CompositeTypeModel, DdlParsesBackToTheSameModel) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  Schema again = parse_schema_sql(ddl::create_script(schema), "exported.sql");
  EXPECT_EQ(again.composite_types, schema.composite_types);
  EXPECT_EQ(again.range_types, schema.range_types);
  EXPECT_EQ(again.domains, schema.domains);
  EXPECT_EQ(again.tables, schema.tables);
}

TEST(CompositeTypeModel, RangeFunctionsTheFilesDeclareAreQualified) {
  Schema schema = parse_schema_sql(
      "CREATE SCHEMA m;\nSET search_path TO m;\n"
      "CREATE FUNCTION m.seconds(a time, b time) RETURNS float8 LANGUAGE sql IMMUTABLE "
      "AS $$ SELECT extract(epoch FROM a - b)::float8 $$;\n"
      "CREATE TYPE timerange AS RANGE (SUBTYPE = time, SUBTYPE_DIFF = seconds);\n",
      "schema.sql");
  const RangeType& range = schema.range_types.at({"m", "timerange"});
  EXPECT_EQ(range.subtype_diff, "m.seconds");
  // Created after the function it names.
  std::vector<std::string> statements = ddl::create_statements(schema);
  auto position = [&](const std::string& start) {
    for (size_t i = 0; i < statements.size(); ++i)
      if (statements[i].starts_with(start)) return i;
    return statements.size();
  };
  EXPECT_LT(position("CREATE FUNCTION \"m\".\"seconds\""),
            position("CREATE TYPE \"m\".\"timerange\" AS RANGE"));
  EXPECT_LT(position("CREATE TYPE \"m\".\"timerange\" AS RANGE"), statements.size());
}

TEST(CompositeTypeModel, RefusedWithTheirPlace) {
  std::string unknown = "CREATE TYPE t AS (a nothing);";
  EXPECT_EQ(failure(unknown), at(unknown, "nothing") + ": unknown type \"nothing\"");
  std::string twice = "CREATE TYPE t AS (a int, a text);";
  EXPECT_EQ(failure(twice),
            at(twice, "a text") + ": attribute a of type public.t is declared twice");
  std::string serial = "CREATE TYPE t AS (a serial);";
  EXPECT_EQ(failure(serial), at(serial, "serial") + ": serial is not an attribute type");
  EXPECT_EQ(failure("CREATE TYPE t AS (a int);\nCREATE TYPE t AS (b int);"),
            "schema.sql:2:1: type public.t is defined twice: at schema.sql:1:1 and at "
            "schema.sql:2:1");
  EXPECT_EQ(failure("CREATE TYPE t AS (a int);\nCREATE TABLE x (c t(3));"),
            "schema.sql:2:19: composite and range types take no type modifiers");
  std::string option = "CREATE TYPE r AS RANGE (SUBTYPE = int, FOO = 1);";
  EXPECT_EQ(failure(option), at(option, "FOO") + ": unknown range type option foo");
  EXPECT_EQ(failure("CREATE TYPE r AS RANGE (COLLATION = \"C\");"),
            "schema.sql:1:1: a range type needs SUBTYPE = type");
  // The multirange type's name is taken too.
  EXPECT_EQ(failure("CREATE TYPE r AS RANGE (SUBTYPE = int, MULTIRANGE_TYPE_NAME = e);\n"
                    "CREATE TYPE e AS ENUM ('x');"),
            "schema.sql:1:1: type public.e is defined twice: at schema.sql:2:1 and at "
            "schema.sql:1:1");
  std::string comment = "CREATE TYPE t AS (a int);\nCOMMENT ON COLUMN t.b IS 'x';";
  EXPECT_EQ(failure(comment), "schema.sql:2:1: attribute b does not exist in type public.t");
}

Error refusal(const std::string& from, const std::string& to) {
  try {
    changes(from, to);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no error for " << to;
  return Error(ErrorKind::Failure, "");
}

TEST(CompositeTypeDiff, AlteredInPlaceWhereTheServerAllowsIt) {
  const std::string table = "CREATE TABLE t (id int, c pair, cs pair[]);\n";
  EXPECT_EQ(kinds("CREATE TYPE pair AS (a int, b text);" + table,
                  "CREATE TYPE pair AS (a int, b text);" + table),
            std::vector<ChangeKind>{});
  // Dropped and appended attributes, in use: in place.
  EXPECT_EQ(plan_sql("CREATE TYPE pair AS (a int, b text, c int);" + table,
                     "CREATE TYPE pair AS (a int, c int, d text COLLATE \"C\");" + table),
            (std::vector<std::string>{
                "ALTER TYPE \"public\".\"pair\" DROP ATTRIBUTE \"b\";",
                "ALTER TYPE \"public\".\"pair\" ADD ATTRIBUTE \"d\" text COLLATE \"C\";",
            }));
  // An attribute retyped while no table uses the type: in place too.
  EXPECT_EQ(
      plan_sql("CREATE TYPE pair AS (a int, b text);", "CREATE TYPE pair AS (a bigint, b text);"),
      (std::vector<std::string>{
          "ALTER TYPE \"public\".\"pair\" ALTER ATTRIBUTE \"a\" SET DATA TYPE bigint;"}));
}

TEST(CompositeTypeDiff, RecreatedAndItsColumnsConvertedWhenTheServerRefuses) {
  const std::string table = "CREATE TABLE t (id int, c pair, cs pair[]);\n";
  std::vector<std::string> sql = plan_sql("CREATE TYPE pair AS (a int, b text);" + table,
                                          "CREATE TYPE pair AS (a bigint, b text);" + table);
  EXPECT_EQ(sql, (std::vector<std::string>{
                     "ALTER TYPE \"public\".\"pair\" RENAME TO \"pair_old\";",
                     "CREATE TYPE \"public\".\"pair\" AS (\"a\" bigint, \"b\" text);",
                     "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"c\" SET DATA TYPE "
                     "\"public\".\"pair\" USING CASE WHEN num_nonnulls(\"c\") = 0 THEN NULL "
                     "ELSE ROW((\"c\").\"a\"::bigint, (\"c\").\"b\"::text)::\"public\".\"pair\" "
                     "END;",
                     "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"cs\" SET DATA TYPE "
                     "\"public\".\"pair\"[] USING \"cs\"::text::\"public\".\"pair\"[];",
                     "DROP TYPE \"public\".\"pair_old\";",
                 }));
  // An attribute added in the middle cannot be appended: recreated, the new one NULL.
  std::string scalar = "CREATE TABLE t (id int, c pair);\n";
  std::vector<std::string> middle =
      plan_sql("CREATE TYPE pair AS (a int, b text);" + scalar,
               "CREATE TYPE pair AS (a int, n numeric, b text);" + scalar);
  ASSERT_EQ(middle.size(), 4u);
  EXPECT_NE(middle[2].find("ROW((\"c\").\"a\"::integer, NULL::numeric, (\"c\").\"b\"::text)"),
            std::string::npos)
      << middle[2];
}

TEST(CompositeTypeDiff, WhatCannotBeConvertedIsRefused) {
  const std::string uses = "CREATE TABLE t (id int, c pair);\nCREATE DOMAIN d AS pair;\n";
  Error domain = refusal("CREATE TYPE pair AS (a int, b text);" + uses,
                         "CREATE TYPE pair AS (a bigint, b text);" + uses);
  EXPECT_EQ(domain.kind(), ErrorKind::Usage);
  EXPECT_EQ(domain.where(), "composite type public.pair");
  EXPECT_NE(std::string(domain.what()).find("and domain public.d uses it"), std::string::npos)
      << domain.what();
  EXPECT_FALSE(domain.hint().empty());
  // A column holding the type inside another one.
  const std::string nested =
      "CREATE TYPE outer_pair AS (p pair);\nCREATE TABLE t (o outer_pair);\n";
  Error inside = refusal("CREATE TYPE pair AS (a int, b text);" + nested,
                         "CREATE TYPE pair AS (a bigint, b text);" + nested);
  EXPECT_NE(std::string(inside.what()).find("composite type public.outer_pair uses it"),
            std::string::npos)
      << inside.what();
  // An array column whose attributes change order.
  const std::string arrays = "CREATE TABLE t (cs pair[]);\n";
  Error array = refusal("CREATE TYPE pair AS (a int, b text);" + arrays,
                        "CREATE TYPE pair AS (b text, a int);" + arrays);
  EXPECT_NE(std::string(array.what()).find("an array column uses it"), std::string::npos)
      << array.what();
}

TEST(RangeTypeDiff, DroppedAndCreatedWhenUnusedRefusedInUse) {
  EXPECT_EQ(plan_sql("CREATE TYPE r AS RANGE (SUBTYPE = int);",
                     "CREATE TYPE r AS RANGE (SUBTYPE = bigint, MULTIRANGE_TYPE_NAME = rs);"),
            (std::vector<std::string>{
                "DROP TYPE \"public\".\"r\";",
                "CREATE TYPE \"public\".\"r\" AS RANGE (SUBTYPE = bigint, MULTIRANGE_TYPE_NAME = "
                "\"public\".\"rs\");"}));
  Error used = refusal("CREATE TYPE r AS RANGE (SUBTYPE = int);\nCREATE TABLE t (c r_multirange);",
                       "CREATE TYPE r AS RANGE (SUBTYPE = bigint);\nCREATE TABLE t (c "
                       "r_multirange);");
  EXPECT_EQ(used.where(), "range type public.r");
  EXPECT_NE(std::string(used.what()).find("column public.t.c uses it"), std::string::npos)
      << used.what();
}

TEST(CompositeTypePlan, TypesAfterWhatTheyUseDroppedTheOtherWay) {
  std::string schema = R"sql(
CREATE DOMAIN z_name AS text;
CREATE TYPE m_pair AS (name z_name);
CREATE DOMAIN a_home AS m_pair;
CREATE TYPE b_span AS RANGE (SUBTYPE = int);
CREATE TYPE c_wrapper AS (h a_home, s b_span);
)sql";
  std::vector<std::string> created = plan_sql("", schema);
  ASSERT_EQ(created.size(), 5u);
  EXPECT_TRUE(created[0].starts_with("CREATE DOMAIN \"public\".\"z_name\"")) << created[0];
  EXPECT_TRUE(created[1].starts_with("CREATE TYPE \"public\".\"b_span\"")) << created[1];
  EXPECT_TRUE(created[2].starts_with("CREATE TYPE \"public\".\"m_pair\"")) << created[2];
  EXPECT_TRUE(created[3].starts_with("CREATE DOMAIN \"public\".\"a_home\"")) << created[3];
  EXPECT_TRUE(created[4].starts_with("CREATE TYPE \"public\".\"c_wrapper\"")) << created[4];
  std::vector<std::string> dropped = plan_sql(schema, "");
  ASSERT_EQ(dropped.size(), 5u);
  EXPECT_EQ(dropped[0], "DROP TYPE \"public\".\"c_wrapper\";");
  EXPECT_EQ(dropped[1], "DROP DOMAIN \"public\".\"a_home\";");
  EXPECT_EQ(dropped[2], "DROP TYPE \"public\".\"m_pair\";");
}

TEST(CompositeTypeSnapshot, SleetSnapshotsCarryThemDrizzleComparisonsDropThem) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  SnapshotHeader header;
  header.id = "11111111-2222-4333-8444-555555555555";
  Schema loaded = load_snapshot(save_snapshot(schema, header), "snapshot.json");
  EXPECT_EQ(loaded.composite_types, schema.composite_types);
  EXPECT_EQ(loaded.range_types, schema.range_types);
  NoRenames resolver;
  EXPECT_TRUE(diff_schemas(schema, loaded, resolver).empty());
  drop_what_drizzle_snapshots_cannot_hold(loaded);
  EXPECT_TRUE(loaded.composite_types.empty());
  EXPECT_TRUE(loaded.range_types.empty());
}

}  // namespace
}  // namespace sleet::testing
