// The plan's SQL against a real PostgreSQL: a database at schema A, migrated with
// plan(diff(A, B)), must have exactly the catalog of a database created from B.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "plan_test_support.h"
#include "support/realworld_files.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

// Everything sleet models, as the server prints it; one sorted line per fact. Columns are
// compared by name, not position (ADD COLUMN always appends).
constexpr const char* kFingerprint = R"SQL(
WITH ns AS (SELECT oid, nspname FROM pg_namespace
            WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%')
SELECT line FROM (
  SELECT 'schema ' || nspname AS line FROM ns
  UNION ALL
  SELECT format('column %s.%s.%s %s notnull=%s default=%s identity=%s generated=%s collation=%s',
                ns.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
                CASE WHEN a.attcollation <> t.typcollation THEN co.collname END)
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN ns ON ns.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_collation co ON co.oid = a.attcollation
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'm', 'p')
  UNION ALL
  SELECT format('constraint %s.%s.%s %s', ns.nspname, c.relname, k.conname,
                pg_get_constraintdef(k.oid))
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN ns ON ns.oid = c.relnamespace
  UNION ALL
  SELECT format('index %s', pg_get_indexdef(x.indexrelid))
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN ns ON ns.oid = i.relnamespace
  UNION ALL
  SELECT format('enum %s.%s %s', ns.nspname, t.typname,
                (SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum
                 WHERE enumtypid = t.oid))
  FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.typtype = 'e'
  UNION ALL
  SELECT format('sequence %s.%s %s %s %s %s %s %s %s', schemaname, sequencename, data_type,
                start_value, min_value, max_value, increment_by, cycle, cache_size)
  FROM pg_sequences
  UNION ALL
  SELECT format('owned %s by %s', pg_describe_object(classid, objid, objsubid),
                pg_describe_object(refclassid, refobjid, refobjsubid))
  FROM pg_depend WHERE classid = 'pg_class'::regclass AND deptype IN ('a', 'i')
    AND refobjsubid > 0 AND objid IN (SELECT oid FROM pg_class WHERE relkind = 'S')
  UNION ALL
  SELECT format('view %s.%s %s', schemaname, viewname, definition) FROM pg_views
  WHERE schemaname IN (SELECT nspname FROM ns)
  UNION ALL
  SELECT format('matview %s.%s %s', schemaname, matviewname, definition) FROM pg_matviews
  UNION ALL
  SELECT format('policy %s.%s.%s %s %s %s %s %s', schemaname, tablename, policyname, permissive,
                roles, cmd, qual, with_check)
  FROM pg_policies
  UNION ALL
  SELECT format('rls %s.%s %s %s', ns.nspname, c.relname, c.relrowsecurity,
                c.relforcerowsecurity)
  FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind = 'r'
  UNION ALL
  SELECT format('comment %s: %s', pg_describe_object(classoid, objoid, objsubid), description)
  FROM pg_description WHERE objoid >= 16384
  UNION ALL
  SELECT format('comment %s: %s', pg_describe_object(classoid, objoid, 0), description)
  FROM pg_shdescription WHERE objoid >= 16384
) facts ORDER BY line
)SQL";

std::string fingerprint(const std::string& database) {
  db::Result result = test_cluster().execute(kFingerprint, database);
  std::string out;
  for (int row = 0; row < result.rows(); ++row) {
    out += std::string(result.value(row, 0)) + "\n";
  }
  return out;
}

struct Migration {
  std::string name;
  std::string from;
  std::string to;
  std::map<std::string, std::string> renames = {};
  std::string rows = {};  // inserted at state A before migrating
};

// Migrates a database from `from` to `to` and compares it with one created from `to`.
void check_migration(const Migration& migration) {
  SCOPED_TRACE(migration.name);
  TestCluster& cluster = test_cluster();
  Plan plan = plan_between(migration.from, migration.to, migration.renames);
  std::string migrated = cluster.fresh_database("migrated");
  cluster.execute(migration.from, migrated);
  if (!migration.rows.empty()) cluster.execute(migration.rows, migrated);
  std::string script;
  for (const PlannedStatement& statement : plan.statements) script += statement.sql + "\n";
  for (const PlannedStatement& statement : plan.statements) {
    try {
      cluster.execute(statement.sql, migrated);
    } catch (const std::exception& error) {
      FAIL() << "statement failed: " << statement.sql << "\n"
             << error.what() << "\nplan:\n"
             << script;
    }
  }
  std::string expected = cluster.fresh_database("expected");
  cluster.execute(migration.to, expected);
  std::string facts = fingerprint(expected);
  // Guards against a fingerprint that sees nothing: every case declares something.
  if (!migration.to.empty()) EXPECT_NE(facts.find("column "), std::string::npos);
  EXPECT_FALSE(plan.empty());
  if (std::getenv("SLEET_SHOW_PLANS")) std::cerr << script << "\n" << facts;
  EXPECT_EQ(fingerprint(migrated), facts) << "plan:\n" << script;
  // And nothing is left to do between `to` and itself.
  Schema to = parse_schema_sql(migration.to, "to.sql");
  NoRenames none;
  EXPECT_TRUE(diff_schemas(to, to, none).empty());
  cluster.drop_database(migrated);
  cluster.drop_database(expected);
}

TEST(PlanDatabase, AddDropAndRenameColumns) {
  check_migration({"columns",
                   "CREATE TABLE t (id int PRIMARY KEY, a text, b int, c text);",
                   "CREATE TABLE t (id int PRIMARY KEY, a2 text, c text NOT NULL DEFAULT 'x', "
                   "d timestamptz DEFAULT now(), e bigserial);",
                   {{"a2", "a"}}});
}

TEST(PlanDatabase, TypeChangesWithAndWithoutUsing) {
  check_migration({"types",
                   "CREATE TABLE t (a text DEFAULT '1', b integer DEFAULT 0, c varchar(100), "
                   "d numeric(10,2), e text, f jsonb);",
                   "CREATE TABLE t (a integer DEFAULT 1, b bigint DEFAULT 0, c varchar(10), "
                   "d numeric(8,1), e uuid, f text);",
                   {},
                   "INSERT INTO t VALUES ('42', 1, 'short', 1.5, "
                   "'00000000-0000-0000-0000-000000000001', '{}');"});
}

TEST(PlanDatabase, EnumValueAddedInTheMiddle) {
  check_migration({"enum add",
                   "CREATE TYPE mood AS ENUM ('sad', 'happy');"
                   "CREATE TABLE t (m mood DEFAULT 'sad');",
                   "CREATE TYPE mood AS ENUM ('first', 'sad', 'ok', 'fine', 'happy', 'ecstatic');"
                   "CREATE TABLE t (m mood DEFAULT 'sad');"});
}

TEST(PlanDatabase, EnumValueRemovedWithDefaultIndexAndView) {
  check_migration({"enum remove",
                   "CREATE SCHEMA app; CREATE TYPE app.kind AS ENUM ('a', 'b', 'c');"
                   "CREATE TABLE app.t (id int, k app.kind NOT NULL DEFAULT 'a', ks app.kind[]);"
                   "CREATE INDEX t_k ON app.t (k) WHERE k <> 'b';"
                   "CREATE VIEW app.v AS SELECT id, k FROM app.t;"
                   "CREATE POLICY p ON app.t USING (k = 'a');",
                   "CREATE SCHEMA app; CREATE TYPE app.kind AS ENUM ('c', 'a');"
                   "CREATE TABLE app.t (id int, k app.kind NOT NULL DEFAULT 'a', ks app.kind[]);"
                   "CREATE INDEX t_k ON app.t (k) WHERE k <> 'c';"
                   "CREATE VIEW app.v AS SELECT id, k FROM app.t;"
                   "CREATE POLICY p ON app.t USING (k = 'a');",
                   {},
                   "INSERT INTO app.t VALUES (1, 'a', '{a,c}'), (2, 'c', NULL);"});
}

TEST(PlanDatabase, ForeignKeyToTableDroppedInSameMigration) {
  check_migration({"fk to dropped",
                   "CREATE TABLE parent (id int PRIMARY KEY);"
                   "CREATE TABLE other (id int PRIMARY KEY, p int REFERENCES parent);"
                   "CREATE TABLE child (id int PRIMARY KEY, p int REFERENCES parent, "
                   "o int REFERENCES other);",
                   "CREATE TABLE child (id int PRIMARY KEY, p int, o int);"});
}

TEST(PlanDatabase, ViewReadingDroppedAndRetypedColumns) {
  check_migration({"views",
                   "CREATE TABLE t (id int, a text, b int);"
                   "CREATE VIEW v1 AS SELECT id, a, b FROM t;"
                   "CREATE VIEW v2 AS SELECT id FROM v1;"
                   "CREATE MATERIALIZED VIEW m AS SELECT b FROM t;"
                   "COMMENT ON VIEW v2 IS 'kept';",
                   "CREATE TABLE t (id int, b bigint);"
                   "CREATE VIEW v1 AS SELECT id, b FROM t;"
                   "CREATE VIEW v2 AS SELECT id FROM v1;"
                   "CREATE MATERIALIZED VIEW m AS SELECT b FROM t;"
                   "COMMENT ON VIEW v2 IS 'kept';"});
}

TEST(PlanDatabase, SameTableNameInTwoSchemasAndMoves) {
  check_migration({"schemas",
                   "CREATE SCHEMA a; CREATE SCHEMA b;"
                   "CREATE TABLE a.items (id int PRIMARY KEY, x int);"
                   "CREATE TABLE b.items (id int PRIMARY KEY, y int);"
                   "CREATE TABLE a.moving (id serial PRIMARY KEY);",
                   "CREATE SCHEMA a; CREATE SCHEMA b; CREATE SCHEMA c;"
                   "CREATE TABLE a.items (id int PRIMARY KEY, x bigint);"
                   "CREATE TABLE b.items (id int PRIMARY KEY, y int, z int);"
                   "CREATE TABLE c.moving (id serial PRIMARY KEY);",
                   {{"c.moving", "a.moving"}}});
}

TEST(PlanDatabase, QuotedMixedCaseAndReservedNames) {
  check_migration({"quoting",
                   "CREATE SCHEMA \"My Schema\";"
                   "CREATE TABLE \"My Schema\".\"Order\" (\"select\" int, \"User\" text, "
                   "\"from\" int CHECK (\"from\" > 0));",
                   "CREATE SCHEMA \"My Schema\";"
                   "CREATE TABLE \"My Schema\".\"Order\" (\"select\" bigint NOT NULL, "
                   "\"Group\" text, \"from\" int CHECK (\"from\" > 1));"
                   "CREATE INDEX \"Order_Group\" ON \"My Schema\".\"Order\" (\"Group\");",
                   {{"Group", "User"}}});
}

TEST(PlanDatabase, IdentityChanges) {
  check_migration({"identity",
                   "CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY, b int NOT NULL, "
                   "c bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 10), d int);",
                   "CREATE TABLE t (a int, b int GENERATED BY DEFAULT AS IDENTITY, "
                   "c bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5), "
                   "d serial);"});
}

TEST(PlanDatabase, ChecksIndexesAndKeysChange) {
  check_migration({"constraints",
                   "CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE);"
                   "CREATE TABLE c (id int, p int REFERENCES p ON DELETE CASCADE, "
                   "CONSTRAINT c_id CHECK (id > 0));"
                   "CREATE INDEX c_p ON c (p);",
                   "CREATE TABLE p (id int, code text, CONSTRAINT p_pkey PRIMARY KEY (id, code));"
                   "CREATE TABLE c (id int, p int, code text, "
                   "FOREIGN KEY (p, code) REFERENCES p (id, code) ON DELETE SET NULL, "
                   "CONSTRAINT c_id CHECK (id > 10));"
                   "CREATE INDEX c_p ON c (p DESC);"});
}

TEST(PlanDatabase, PolicyChanges) {
  check_migration(
      {"policies",
       "CREATE TABLE t (id int, owner text);"
       "ALTER TABLE t ENABLE ROW LEVEL SECURITY;"
       "CREATE POLICY a ON t USING (owner = current_user);"
       "CREATE POLICY b ON t FOR SELECT USING (true);"
       "CREATE POLICY c ON t USING (id > 0);",
       "CREATE TABLE t (id int, owner text);"
       "ALTER TABLE t ENABLE ROW LEVEL SECURITY; ALTER TABLE t FORCE ROW LEVEL SECURITY;"
       "CREATE POLICY a ON t USING (owner = session_user) WITH CHECK (id > 1);"
       "CREATE POLICY b ON t FOR UPDATE USING (true);"
       "CREATE POLICY c2 ON t USING (id > 0);",
       {{"c2", "c"}}});
}

TEST(PlanDatabase, CommentsOnEveryObject) {
  check_migration({"comments",
                   "CREATE SCHEMA s; CREATE TYPE s.e AS ENUM ('x');"
                   "CREATE SEQUENCE s.q; CREATE TABLE s.t (id int PRIMARY KEY, c text);"
                   "CREATE INDEX t_c ON s.t (c); COMMENT ON TABLE s.t IS 'old';",
                   "CREATE SCHEMA s; CREATE TYPE s.e AS ENUM ('x');"
                   "CREATE SEQUENCE s.q; CREATE TABLE s.t (id int PRIMARY KEY, c text);"
                   "CREATE INDEX t_c ON s.t (c);"
                   "COMMENT ON SCHEMA s IS 'schema'; COMMENT ON TYPE s.e IS 'type';"
                   "COMMENT ON SEQUENCE s.q IS 'seq'; COMMENT ON COLUMN s.t.c IS 'it''s';"
                   "COMMENT ON CONSTRAINT t_pkey ON s.t IS 'pk'; COMMENT ON INDEX s.t_c IS 'ix';"});
}

TEST(PlanDatabase, RenamedTableWithSerialAndDependents) {
  check_migration({"table rename",
                   "CREATE TABLE users (id serial PRIMARY KEY, name text);"
                   "CREATE TABLE posts (id int, author int REFERENCES users (id));",
                   "CREATE TABLE people (id serial PRIMARY KEY, name text);"
                   "CREATE TABLE posts (id int, author int REFERENCES people (id));",
                   {{"public.people", "public.users"}}});
}

// Renames instead of rebuilds: every index (those of the constraints too) is still the same
// relation afterwards, under the new name, and the database matches one made from `to`.
TEST(PlanDatabase, RenamedTableAndColumnKeepTheirIndexes) {
  const std::string from =
      "CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE, age int CHECK (age > 0));"
      "CREATE INDEX users_age_idx ON users (age) WHERE age > 10;"
      "CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));";
  const std::string to =
      "CREATE TABLE accounts (id bigint PRIMARY KEY, mail text UNIQUE, age int CHECK (age > 0));"
      "CREATE INDEX accounts_age_idx ON accounts (age) WHERE age > 10;"
      "CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES accounts (id));";
  const std::map<std::string, std::string> renames = {{"public.accounts", "public.users"},
                                                      {"mail", "email"}};
  check_migration({"renamed table and column", from, to, renames,
                   "INSERT INTO users VALUES (1, 'a@x', 30); INSERT INTO posts VALUES (1, 1);"});

  TestCluster& cluster = test_cluster();
  std::string database = cluster.fresh_database("oids");
  cluster.execute(from, database);
  auto oids = [](const std::string& table) {
    return "SELECT string_agg(c.oid::text, ',' ORDER BY c.oid) FROM pg_index i JOIN pg_class c "
           "ON c.oid = i.indexrelid WHERE i.indrelid = '" + table + "'::regclass";
  };
  std::string before(cluster.execute(oids("users"), database).value(0, 0));
  std::string fk_before(cluster
                            .execute("SELECT oid FROM pg_constraint WHERE contype = 'f'",
                                     database)
                            .value(0, 0));
  for (const PlannedStatement& statement : plan_between(from, to, renames).statements) {
    cluster.execute(statement.sql, database);
  }
  EXPECT_EQ(std::string(cluster.execute(oids("accounts"), database).value(0, 0)),
            before);
  EXPECT_EQ(std::string(cluster.execute("SELECT oid FROM pg_constraint WHERE contype = 'f'",
                                        database)
                            .value(0, 0)),
            fk_before);
  std::string names(cluster
                        .execute("SELECT string_agg(relname, ',' ORDER BY relname) FROM "
                                 "pg_class WHERE relkind = 'i' AND relname LIKE 'accounts%'",
                                 database)
                        .value(0, 0));
  EXPECT_EQ(names, "accounts_age_idx,accounts_mail_key,accounts_pkey");
  cluster.drop_database(database);
}

// A name a dropped table held is taken by an index, a key and a view created in the same
// migration: the table is dropped before they are created.
TEST(PlanDatabase, NamesOfADroppedTableReused) {
  check_migration({"names of a dropped table reused",
                   "CREATE TABLE t (id int PRIMARY KEY, code text);"
                   "CREATE TABLE u (id int PRIMARY KEY, code text UNIQUE);"
                   "CREATE INDEX u_code_idx ON u (code);",
                   "CREATE TABLE t (id int CONSTRAINT u_pkey PRIMARY KEY, code text);"
                   "CREATE INDEX u_code_idx ON t (code);"
                   "CREATE VIEW u AS SELECT id FROM t;",
                   {},
                   "INSERT INTO u VALUES (1, 'a');"});
}

// A lookup table replaced by an enum of the same name (the table's row type held it).
TEST(PlanDatabase, LookupTableReplacedByAnEnumOfItsName) {
  check_migration({"lookup table replaced by an enum",
                   "CREATE TABLE status (id int PRIMARY KEY, name text);"
                   "CREATE TABLE t (id int, status_id int REFERENCES status (id));",
                   "CREATE TYPE status AS ENUM ('a', 'b');"
                   "CREATE TABLE t (id int, status status DEFAULT 'a');",
                   {},
                   "INSERT INTO status VALUES (1, 'a'); INSERT INTO t VALUES (1, 1);"});
}

// A sequence whose owner column or table goes survives: it is released before the drop.
TEST(PlanDatabase, SequenceOutlivesItsOwner) {
  check_migration({"sequence outlives its owner column",
                   "CREATE TABLE t (id int, c int); CREATE SEQUENCE s OWNED BY t.c;",
                   "CREATE TABLE t (id int); CREATE SEQUENCE s INCREMENT BY 5;"});
  check_migration({"sequence outlives its owner table, whose name is reused",
                   "CREATE TABLE u (id int); CREATE SEQUENCE s OWNED BY u.id;"
                   "CREATE TABLE t (id int);",
                   "CREATE TABLE t (id int); CREATE SEQUENCE s OWNED BY t.id;"
                   "CREATE INDEX u ON t (id);"});
}

// A dropped table's foreign keys to a table that stays go before that table's key and
// columns change.
TEST(PlanDatabase, DroppedTableReferencingAChangedKey) {
  check_migration({"dropped table referencing a changed key",
                   "CREATE TABLE t (id int PRIMARY KEY, code text UNIQUE, x int);"
                   "CREATE TABLE u (id int, tcode text REFERENCES t (code), tid int REFERENCES "
                   "t (id));",
                   "CREATE TABLE t (id bigint PRIMARY KEY, x int);",
                   {},
                   "INSERT INTO t VALUES (1, 'a', 1); INSERT INTO u VALUES (1, 'a', 1);"});
}

TEST(PlanDatabase, GeneratedColumnAndSequenceChanges) {
  check_migration({"generated",
                   "CREATE SEQUENCE s INCREMENT BY 2; CREATE SEQUENCE gone;"
                   "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED, "
                   "c int GENERATED ALWAYS AS (a + 1) STORED);"
                   "CREATE INDEX t_b ON t (b);",
                   "CREATE SEQUENCE s AS integer INCREMENT BY 3 MAXVALUE 1000 CYCLE;"
                   "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 3) STORED, c int);"
                   "CREATE INDEX t_b ON t (b);"});
}

TEST(PlanDatabase, SchemaAndEnumRenamesAndDrops) {
  check_migration({"schema rename",
                   "CREATE SCHEMA old; CREATE TYPE old.e AS ENUM ('a');"
                   "CREATE TABLE old.t (e old.e); CREATE SCHEMA dropme;"
                   "CREATE TYPE dropme.x AS ENUM ('z'); CREATE TABLE dropme.y (x dropme.x);",
                   "CREATE SCHEMA new; CREATE TYPE new.e2 AS ENUM ('a', 'b');"
                   "CREATE TABLE new.t (e new.e2);",
                   {{"new", "old"}, {"new.e2", "new.e"}}});
}

TEST(PlanDatabase, BasicExampleFromNothing) {
  std::string script;
  for (const char* file : {"00_types.sql", "10_auth.sql", "20_users.sql"}) {
    script += read_file(source_dir() / "examples/basic/schema" / file) + "\n";
  }
  check_migration({"basic from nothing", "", script});
  check_migration({"basic to nothing", script, ""});
}

TEST(PlanDatabase, DependentsOfRetypedAndDroppedColumns) {
  check_migration({"dependents",
                   "CREATE TABLE p (id int, code text, CONSTRAINT p_id_key UNIQUE (id));"
                   "CREATE TABLE c (p int REFERENCES p (id), gone text, other int);"
                   "CREATE SEQUENCE c_seq OWNED BY c.gone;"
                   "ALTER TABLE c ENABLE ROW LEVEL SECURITY;"
                   "CREATE POLICY uses_gone ON c USING (gone IS NOT NULL);"
                   "CREATE POLICY uses_other ON c USING (other > 0);",
                   "CREATE TABLE p (id bigint, code text);"
                   "CREATE UNIQUE INDEX p_id_idx ON p (id);"
                   "CREATE TABLE c (p bigint REFERENCES p (id), other bigint);"
                   "ALTER TABLE c ENABLE ROW LEVEL SECURITY;"
                   "CREATE POLICY uses_other ON c USING (other > 0);",
                   {},
                   "INSERT INTO p VALUES (1, 'x'); INSERT INTO c VALUES (1, 'y', 2);"});
}

TEST(PlanDatabase, SerialAndDefaultTransitions) {
  check_migration({"serial", "CREATE TABLE t (a serial, b int DEFAULT 5, c int, d serial);",
                   "CREATE TABLE t (a bigserial, b serial, c int DEFAULT 7, d int);"});
}

// ejabberd ships two PostgreSQL layouts (single- and multi-host): a large real migration.
TEST(PlanDatabase, EjabberdOldToNewLayout) {
  std::string old_layout = read_file(realworld_file("ejabberd-pg.sql"));
  std::string new_layout = read_file(realworld_file("ejabberd-pg.new.sql"));
  check_migration({"ejabberd old to new", old_layout, new_layout});
  check_migration({"ejabberd new to old", new_layout, old_layout});
}

}  // namespace
}  // namespace sleet::testing
