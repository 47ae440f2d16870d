// CREATE TABLE ... (LIKE ...) in schema files: what is copied, when (after everything the files
// say about the source, wherever it stands), and the errors. What the server builds from the
// same files is compared by the oracle (tests/oracle/cases/320-326).
#include <gtest/gtest.h>

#include "schema_test_support.h"

namespace sleet::testing {
namespace {

std::vector<std::string> column_names(const Table& table) {
  std::vector<std::string> names;
  for (const Column& column : table.columns) names.push_back(column.name);
  return names;
}

// The source's ALTER TABLE, CREATE INDEX and COMMENT statements come in later phases than
// CREATE TABLE, and in another file after the copy: the copy still holds what they give.
TEST(SchemaLike, CopiesWhatTheFilesGiveTheSourceWhereverItStands) {
  Schema schema =
      parse_schema_sources({{"copies.sql",
                             "CREATE TABLE copies (LIKE items INCLUDING ALL, at date);\n"
                             "ALTER TABLE copies ADD COLUMN extra int;\n"
                             "CREATE TABLE copies_of_copies (LIKE copies INCLUDING INDEXES);\n"},
                            {"items.sql",
                             "CREATE TABLE items (id int, name text);\n"
                             "ALTER TABLE items ADD PRIMARY KEY (id);\n"
                             "ALTER TABLE items ALTER COLUMN name SET DEFAULT 'x';\n"
                             "CREATE INDEX ON items (lower(name));\n"
                             "COMMENT ON COLUMN items.name IS 'the name';\n"}})
          .schema;
  const Table& copies = table_of(schema, "copies");
  EXPECT_EQ(column_names(copies), (std::vector<std::string>{"id", "name", "at", "extra"}));
  ASSERT_TRUE(copies.primary_key);
  EXPECT_EQ(copies.primary_key->name, "copies_pkey");
  EXPECT_TRUE(copies.columns[0].not_null);
  ASSERT_TRUE(copies.columns[1].default_value);
  EXPECT_EQ(copies.columns[1].default_value->canonical, "'x'");
  EXPECT_EQ(copies.columns[1].comment, "the name");
  EXPECT_TRUE(copies.indexes.contains("copies_lower_idx"));

  // A LIKE of a LIKE table copies the copy with its own additions; no defaults or comments
  // without INCLUDING DEFAULTS / COMMENTS.
  const Table& twice = table_of(schema, "copies_of_copies");
  EXPECT_EQ(column_names(twice), (std::vector<std::string>{"id", "name", "at", "extra"}));
  EXPECT_FALSE(twice.columns[1].default_value);
  EXPECT_FALSE(twice.columns[1].comment);
  ASSERT_TRUE(twice.primary_key);
  EXPECT_EQ(twice.primary_key->name, "copies_of_copies_pkey");
  EXPECT_TRUE(twice.indexes.contains("copies_of_copies_lower_idx"));
}

// A serial column's copy is a plain column calling the source's sequence (with INCLUDING
// DEFAULTS); an identity's copy gets a sequence named for the new table.
TEST(SchemaLike, SerialAndIdentityColumns) {
  Schema schema = parse(
      "CREATE SCHEMA app;\n"
      "CREATE TABLE app.jobs (id serial, n bigint GENERATED ALWAYS AS IDENTITY (START 7));\n"
      "CREATE TABLE app.job_copies (LIKE app.jobs INCLUDING DEFAULTS INCLUDING IDENTITY);\n"
      "CREATE TABLE app.job_shapes (LIKE app.jobs);\n");
  const Table& copies = table_of(schema, "job_copies", "app");
  EXPECT_EQ(copies.columns[0].serial, Serial::None);
  ASSERT_TRUE(copies.columns[0].default_value);
  EXPECT_EQ(copies.columns[0].default_value->text, "nextval('app.jobs_id_seq'::regclass)");
  ASSERT_TRUE(copies.columns[1].identity);
  EXPECT_EQ(copies.columns[1].identity->sequence, (QualifiedName{"app", "job_copies_n_seq"}));
  EXPECT_EQ(copies.columns[1].identity->options.start, 7);
  const Table& shapes = table_of(schema, "job_shapes", "app");
  EXPECT_FALSE(shapes.columns[0].default_value);
  EXPECT_FALSE(shapes.columns[1].identity);
  EXPECT_TRUE(shapes.columns[0].not_null);
  EXPECT_TRUE(shapes.columns[1].not_null);
}

TEST(SchemaLike, ErrorsNameTheClause) {
  Error missing = parse_error("CREATE TABLE a (id int);\nCREATE TABLE b (x int, LIKE nowhere);");
  EXPECT_EQ(missing.kind(), ErrorKind::Usage);
  EXPECT_EQ(missing.where(), "schema.sql:2:29");
  EXPECT_NE(std::string(missing.what()).find("table public.nowhere does not exist"),
            std::string::npos)
      << missing.what();

  Error cycle = parse_error("CREATE TABLE a (LIKE b);\nCREATE TABLE b (LIKE a);");
  EXPECT_NE(std::string(cycle.what()).find("LIKE itself"), std::string::npos) << cycle.what();
  EXPECT_TRUE(cycle.where().starts_with("schema.sql:")) << cycle.where();

  Error twice = parse_error("CREATE TABLE a (x int);\nCREATE TABLE b (x int, LIKE a);");
  EXPECT_NE(std::string(twice.what()).find("column x of table public.b is declared twice"),
            std::string::npos)
      << twice.what();
  EXPECT_EQ(twice.where(), "schema.sql:2:29");

  Error keys = parse_error(
      "CREATE TABLE a (x int PRIMARY KEY);\nCREATE TABLE b (y int PRIMARY KEY, LIKE a "
      "INCLUDING INDEXES);");
  EXPECT_NE(std::string(keys.what()).find("two primary keys"), std::string::npos) << keys.what();
  EXPECT_FALSE(keys.hint().empty());
}

}  // namespace
}  // namespace sleet::testing
