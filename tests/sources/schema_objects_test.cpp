// Indexes, sequences, schemas, extensions, roles, policies, views and comments.
#include <gtest/gtest.h>

#include "schema_test_support.h"

namespace sleet::testing {
namespace {

TEST(SchemaIndexes, EveryOptionIsRead) {
  Schema schema = parse(R"(
    CREATE TABLE t (a text, b int, c text, d int);
    CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_custom ON ONLY t USING GIN
      (a COLLATE "C" text_pattern_ops DESC NULLS LAST, (b + 1), lower(c))
      INCLUDE (d) NULLS NOT DISTINCT WITH (fillfactor = 70) WHERE b > 0;)");
  const Index& index = table_of(schema, "t").indexes.at("t_custom");
  EXPECT_TRUE(index.unique);
  EXPECT_TRUE(index.concurrently);
  EXPECT_EQ(index.method, "gin");
  ASSERT_EQ(index.elements.size(), 3u);
  EXPECT_EQ(index.elements[0].column, "a");
  EXPECT_EQ(index.elements[0].collation, "C");
  EXPECT_EQ(index.elements[0].opclass, "text_pattern_ops");
  EXPECT_TRUE(index.elements[0].descending);
  EXPECT_FALSE(index.elements[0].nulls_first);
  EXPECT_EQ(index.elements[1].column, "");
  ASSERT_TRUE(index.elements[1].expression);
  EXPECT_EQ(index.elements[1].expression->canonical, "b + 1");
  EXPECT_EQ(index.elements[2].expression->canonical, "lower(c)");
  EXPECT_EQ(index.include, std::vector<std::string>{"d"});
  EXPECT_TRUE(index.nulls_not_distinct);
  EXPECT_EQ(index.with, (std::map<std::string, std::string>{{"fillfactor", "70"}}));
  ASSERT_TRUE(index.where);
  EXPECT_EQ(index.where->canonical, "b > 0");
}

TEST(SchemaIndexes, UnnamedIndexesGetPostgresNames) {
  Schema schema = parse(R"(
    CREATE TABLE t (a int, b int, c text);
    CREATE INDEX ON t (a, b);
    CREATE INDEX ON t (a, b);
    CREATE UNIQUE INDEX ON t (lower(c));
    CREATE INDEX ON t ((a + b));
    CREATE INDEX ON t (a DESC) INCLUDE (c);
    CREATE INDEX ON t (lower(c), upper(c), lower(c));)");
  const Table& t = table_of(schema, "t");
  EXPECT_EQ(t.indexes.count("t_a_b_idx"), 1u);
  EXPECT_EQ(t.indexes.count("t_a_b_idx1"), 1u);
  EXPECT_EQ(t.indexes.count("t_lower_idx"), 1u);
  EXPECT_EQ(t.indexes.count("t_expr_idx"), 1u);
  EXPECT_EQ(t.indexes.count("t_a_c_idx"), 1u);
  EXPECT_EQ(t.indexes.count("t_lower_upper_lower1_idx"), 1u);
  EXPECT_EQ(t.indexes.size(), 6u);
  // DESC without NULLS puts nulls first, as PostgreSQL does.
  EXPECT_TRUE(t.indexes.at("t_a_c_idx").elements[0].descending);
  EXPECT_TRUE(t.indexes.at("t_a_c_idx").elements[0].nulls_first);
  EXPECT_FALSE(t.indexes.at("t_a_b_idx").elements[0].nulls_first);
}

TEST(SchemaIndexes, IndexInOneFileOnTableInAnother) {
  std::vector<SchemaSource> files = {{"a.sql", "CREATE INDEX t_a ON t (a);"},
                                     {"b.sql", "CREATE TABLE t (a int);"}};
  Schema schema = parse_schema_sources(files).schema;
  EXPECT_EQ(table_of(schema, "t").indexes.count("t_a"), 1u);
}

TEST(SchemaSequences, EveryOptionIsRead) {
  Schema schema = parse(R"(
    CREATE SEQUENCE plain;
    CREATE SEQUENCE s AS smallint INCREMENT BY -2 MINVALUE -100 NO MAXVALUE START -5 CACHE 10 CYCLE;
    CREATE SEQUENCE u INCREMENT 3 NO MINVALUE MAXVALUE 1000 START WITH 7 NO CYCLE;
    CREATE TABLE t (id bigint);
    CREATE SEQUENCE owned OWNED BY t.id;)");
  EXPECT_EQ(schema.sequences.at(QualifiedName{"public", "plain"}).options,
            SequenceOptions::defaults_for("bigint"));
  const SequenceOptions& s = schema.sequences.at(QualifiedName{"public", "s"}).options;
  EXPECT_EQ(s.data_type, "smallint");
  EXPECT_EQ(s.increment, -2);
  EXPECT_EQ(s.min_value, -100);
  EXPECT_EQ(s.max_value, -1);  // descending default
  EXPECT_EQ(s.start, -5);
  EXPECT_EQ(s.cache, 10);
  EXPECT_TRUE(s.cycle);
  const SequenceOptions& u = schema.sequences.at(QualifiedName{"public", "u"}).options;
  EXPECT_EQ(u.data_type, "bigint");
  EXPECT_EQ(u.increment, 3);
  EXPECT_EQ(u.min_value, 1);
  EXPECT_EQ(u.max_value, 1000);
  EXPECT_EQ(u.start, 7);
  EXPECT_FALSE(u.cycle);
  EXPECT_EQ(schema.sequences.at(QualifiedName{"public", "owned"}).owned_by, "t.id");
}

TEST(SchemaObjects, SchemasExtensionsEnumsAndRoles) {
  Schema schema = parse(R"(
    CREATE SCHEMA IF NOT EXISTS auth;
    CREATE SCHEMA auth;
    CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA auth VERSION '1.1';
    CREATE EXTENSION pgcrypto;
    CREATE TYPE auth.level AS ENUM ('low', 'high');
    CREATE ROLE admin WITH CREATEDB CREATEROLE NOINHERIT LOGIN;
    CREATE ROLE reader;)");
  EXPECT_EQ(schema.namespaces.size(), 1u);
  EXPECT_EQ(schema.namespaces.at("auth").name, "auth");
  EXPECT_EQ(schema.extensions.at("uuid-ossp"), (Extension{"uuid-ossp", "auth", "1.1"}));
  EXPECT_EQ(schema.extensions.at("pgcrypto"), (Extension{"pgcrypto", "", ""}));
  const Enum& level = schema.enums.at(QualifiedName{"auth", "level"});
  EXPECT_EQ(level.values, (std::vector<std::string>{"low", "high"}));
  EXPECT_EQ(schema.roles.at("admin"), (Role{"admin", true, true, false}));
  EXPECT_EQ(schema.roles.at("reader"), (Role{"reader", false, false, true}));
}

TEST(SchemaObjects, PoliciesAndRowLevelSecurity) {
  Schema schema = parse(R"(
    CREATE TABLE doc (owner text, public boolean);
    ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
    ALTER TABLE doc FORCE ROW LEVEL SECURITY;
    CREATE POLICY own ON doc AS RESTRICTIVE FOR UPDATE TO app, CURRENT_USER
      USING (owner = current_user) WITH CHECK (owner = current_user);
    CREATE POLICY everyone ON doc USING (public);)");
  const Table& doc = table_of(schema, "doc");
  EXPECT_TRUE(doc.row_level_security);
  EXPECT_TRUE(doc.force_row_level_security);
  const Policy& own = doc.policies.at("own");
  EXPECT_FALSE(own.permissive);
  EXPECT_EQ(own.command, "UPDATE");
  EXPECT_EQ(own.roles, (std::vector<std::string>{"app", "current_user"}));
  EXPECT_EQ(own.using_expression->canonical, "owner = current_user");
  EXPECT_EQ(own.with_check->canonical, "owner = current_user");
  const Policy& everyone = doc.policies.at("everyone");
  EXPECT_TRUE(everyone.permissive);
  EXPECT_EQ(everyone.command, "ALL");
  EXPECT_EQ(everyone.roles, std::vector<std::string>{"public"});
  EXPECT_FALSE(everyone.with_check);
}

TEST(SchemaObjects, ViewsKeepTheirTextAndCanonicalQuery) {
  Schema schema = parse(R"(
    CREATE TABLE t (a int, b int);
    CREATE OR REPLACE VIEW v (x, y) WITH (security_barrier = true) AS
      SELECT a, b FROM t WHERE a > 0
      WITH CASCADED CHECK OPTION;
    CREATE MATERIALIZED VIEW m USING heap WITH (fillfactor = 70) AS SELECT  a FROM t WITH NO DATA;
    CREATE VIEW w WITH (check_option = local) AS (SELECT 1 AS one);)");
  const View& v = schema.views.at(QualifiedName{"public", "v"});
  EXPECT_FALSE(v.materialized);
  EXPECT_EQ(v.column_names, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(v.query.text, "SELECT a, b FROM t WHERE a > 0");
  EXPECT_EQ(v.query.canonical, "SELECT a, b FROM t WHERE a > 0");
  EXPECT_EQ(v.check_option, "cascaded");
  EXPECT_EQ(v.with, (std::map<std::string, std::string>{{"security_barrier", "true"}}));
  const View& m = schema.views.at(QualifiedName{"public", "m"});
  EXPECT_TRUE(m.materialized);
  EXPECT_TRUE(m.with_no_data);
  EXPECT_EQ(m.access_method, "heap");
  EXPECT_EQ(m.query.text, "SELECT  a FROM t");
  EXPECT_EQ(m.query.canonical, "SELECT a FROM t");
  EXPECT_EQ(m.with, (std::map<std::string, std::string>{{"fillfactor", "70"}}));
  const View& w = schema.views.at(QualifiedName{"public", "w"});
  EXPECT_EQ(w.check_option, "local");
  EXPECT_EQ(w.query.text, "(SELECT 1 AS one)");
  EXPECT_TRUE(w.with.empty());
}

TEST(SchemaObjects, CommentsLandOnTheirObjects) {
  Schema schema = parse(R"(
    COMMENT ON TABLE t IS 'the table';
    COMMENT ON COLUMN public.t.a IS 'a column';
    COMMENT ON CONSTRAINT t_pkey ON t IS 'the key';
    COMMENT ON CONSTRAINT t_b_check ON t IS 'positive';
    COMMENT ON INDEX t_b IS 'an index';
    COMMENT ON POLICY p ON t IS 'a policy';
    COMMENT ON SCHEMA s IS 'a schema';
    COMMENT ON TYPE s.e IS 'a type';
    COMMENT ON SEQUENCE q IS 'a sequence';
    COMMENT ON VIEW v IS 'a view';
    COMMENT ON MATERIALIZED VIEW m IS 'a matview';
    COMMENT ON TABLE u IS 'dropped';
    COMMENT ON TABLE u IS NULL;
    CREATE SCHEMA s;
    CREATE TYPE s.e AS ENUM ('x');
    CREATE SEQUENCE q;
    CREATE TABLE t (a int PRIMARY KEY, b int CHECK (b > 0));
    CREATE TABLE u (a int);
    CREATE INDEX t_b ON t (b);
    CREATE POLICY p ON t USING (true);
    CREATE VIEW v AS SELECT 1;
    CREATE MATERIALIZED VIEW m AS SELECT 1;)");
  const Table& t = table_of(schema, "t");
  EXPECT_EQ(t.comment, "the table");
  EXPECT_EQ(t.find_column("a")->comment, "a column");
  EXPECT_EQ(t.primary_key->comment, "the key");
  EXPECT_EQ(t.check_constraints.at("t_b_check").comment, "positive");
  EXPECT_EQ(t.indexes.at("t_b").comment, "an index");
  EXPECT_EQ(t.policies.at("p").comment, "a policy");
  EXPECT_EQ(schema.namespaces.at("s").comment, "a schema");
  EXPECT_EQ(schema.enums.at(QualifiedName{"s", "e"}).comment, "a type");
  EXPECT_EQ(schema.sequences.at(QualifiedName{"public", "q"}).comment, "a sequence");
  EXPECT_EQ(schema.views.at(QualifiedName{"public", "v"}).comment, "a view");
  EXPECT_EQ(schema.views.at(QualifiedName{"public", "m"}).comment, "a matview");
  EXPECT_FALSE(table_of(schema, "u").comment);
}

// An index on a materialized view belongs to the view (named as the server names it when the
// statement does not, commented, dropped by a migration); on a plain view it has no meaning.
TEST(SchemaObjects, IndexOnAMaterializedViewIsTheViewsAndOnAViewIsRefused) {
  Schema schema = parse_schema_sql(
      "CREATE TABLE t (id int, kind text);\n"
      "CREATE MATERIALIZED VIEW mv AS SELECT id, kind FROM t;\n"
      "CREATE UNIQUE INDEX mv_id ON mv (id);\n"
      "CREATE INDEX ON mv (lower(kind)) WHERE id > 0;\n"
      "COMMENT ON INDEX mv_id IS 'for REFRESH CONCURRENTLY';\n",
      "schema.sql");
  const View& view = schema.views.at({"public", "mv"});
  ASSERT_EQ(view.indexes.size(), 2u);
  const Index& unique = view.indexes.at("mv_id");
  EXPECT_TRUE(unique.unique);
  EXPECT_EQ(unique.elements.at(0).column, "id");
  EXPECT_EQ(unique.comment, "for REFRESH CONCURRENTLY");
  ASSERT_TRUE(view.indexes.contains("mv_lower_idx"));
  EXPECT_TRUE(view.indexes.at("mv_lower_idx").where);
  EXPECT_TRUE(schema.tables.at({"public", "t"}).indexes.empty());
  // A migration drops one and creates another (replayed for custom migrations).
  ParseReport after = apply_migration_sql(
      schema,
      {SchemaSource{"0001_indexes.sql",
                    "DROP INDEX mv_lower_idx;\nCREATE INDEX mv_kind ON mv (kind);"}},
      "schema.sql");
  std::vector<std::string> names;
  for (const auto& [name, index] : after.schema.views.at({"public", "mv"}).indexes)
    names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"mv_id", "mv_kind"}))
      << ::testing::PrintToString(after.notes);
  Error plain = parse_error("CREATE VIEW v AS SELECT 1 AS id;\nCREATE INDEX v_id ON v (id);");
  EXPECT_EQ(plain.where(), "schema.sql:2:22");
  EXPECT_EQ(std::string(plain.what()), "public.v is a view, which cannot have an index");
}

}  // namespace
}  // namespace sleet::testing
