// Evolutions that must keep the rows: a database at schema A holding rows is migrated with
// plan(diff(A, B)) and then holds the same rows (values and the ids of the next inserts),
// with the catalog of a database loaded from B.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sleet/diff.h"
#include "sleet/plan.h"
#include "sleet/rename_resolvers.h"
#include "sleet/sources.h"
#include "support/catalog_fingerprint.h"
#include "support/test_cluster.h"

namespace sleet::testing {
namespace {

// Answers rename questions from `--rename` specs, records every question, and answers
// "new" to the rest.
struct RecordingResolver : RenameResolver {
  std::vector<RenameQuestion> questions;
  std::optional<std::string> renamed_from(const RenameQuestion& question) override {
    questions.push_back(question);
    return std::nullopt;
  }
};

struct Evolution {
  std::string from;
  std::string to;
  std::string rows;                    // inserted at A before migrating
  std::vector<std::string> renames{};  // --rename specs
};

class DataEvolution : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const std::string& database : databases_) test_cluster().drop_database(database);
  }

  Plan plan_for(const Evolution& evolution) {
    Schema from = parse_schema_sql(evolution.from, "a.sql");
    Schema to = parse_schema_sql(evolution.to, "b.sql");
    std::vector<RenameRule> rules;
    for (const std::string& spec : evolution.renames) {
      rules.push_back(parse_rename_rule(spec, "--rename"));
    }
    RuleRenameResolver resolver(rules, recorded_);
    Plan plan = plan_changes(diff_schemas(from, to, resolver), from, to);
    EXPECT_TRUE(resolver.unused_rules().empty());
    return plan;
  }

  // Loads A with its rows, applies the plan in one transaction and checks the catalog
  // against B loaded directly. Returns the migrated database.
  std::string migrate(const Evolution& evolution, const Plan& plan) {
    TestCluster& cluster = test_cluster();
    std::string migrated = cluster.fresh_database("migrated");
    databases_.push_back(migrated);
    cluster.execute(evolution.from, migrated);
    cluster.execute(evolution.rows, migrated);
    std::string script = "BEGIN;\n";
    for (const PlannedStatement& statement : plan.statements) script += statement.sql + "\n";
    script += "COMMIT;";
    try {
      cluster.execute(script, migrated);
    } catch (const std::exception& error) {
      ADD_FAILURE() << "the plan failed on the rows: " << error.what() << "\n" << script;
      return migrated;
    }
    std::string expected = cluster.fresh_database("expected");
    databases_.push_back(expected);
    cluster.execute(evolution.to, expected);
    std::vector<std::string> want = catalog_lines(cluster, expected);
    std::vector<std::string> got = catalog_lines(cluster, migrated);
    EXPECT_EQ(got, want) << catalog_difference(want, got) << "\nplan:\n" << script;
    return migrated;
  }

  std::string query(const std::string& database, const std::string& sql) {
    db::Result result = test_cluster().execute(sql, database);
    std::string out;
    for (int row = 0; row < result.rows(); ++row) {
      for (int column = 0; column < result.columns(); ++column) {
        if (column > 0) out += "|";
        out += result.is_null(row, column) ? "NULL" : std::string(result.value(row, column));
      }
      out += "\n";
    }
    return out;
  }

  static std::string sql_of(const Plan& plan) {
    std::string out;
    for (const PlannedStatement& statement : plan.statements) out += statement.sql + "\n";
    return out;
  }

  RecordingResolver recorded_;
  std::vector<std::string> databases_;
};

// An enum label renamed is a rename question; answered, it is RENAME VALUE and the rows keep
// their value (a new type plus a cast would fail on the rows holding the old label).
TEST_F(DataEvolution, EnumLabelRenamedKeepsTheRowsHoldingIt) {
  Evolution evolution{
      "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
      "CREATE TABLE t (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'ok', ms mood[]);",
      "CREATE TYPE mood AS ENUM ('sad', 'neutral', 'happy', 'ecstatic');"
      "CREATE TABLE t (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'neutral', ms mood[]);",
      "INSERT INTO t VALUES (1, 'ok', '{ok,sad}'), (2, 'sad', NULL), (3, DEFAULT, '{}');",
      {"enum-value:public.mood.ok=neutral"}};
  Plan plan = plan_for(evolution);
  ASSERT_EQ(recorded_.questions.size(), 0u) << "the --rename answered the only question";
  std::string sql = sql_of(plan);
  EXPECT_NE(sql.find("RENAME VALUE 'ok' TO 'neutral'"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("CREATE TYPE"), std::string::npos) << "no new type: " << sql;
  EXPECT_TRUE(plan.with_hazard(kDataLoss).empty()) << sql;
  std::string database = migrate(evolution, plan);
  EXPECT_EQ(query(database, "SELECT id, m, ms FROM t ORDER BY id"),
            "1|neutral|{neutral,sad}\n2|sad|NULL\n3|neutral|{}\n");
  EXPECT_EQ(query(database, "INSERT INTO t (id) VALUES (4) RETURNING m"), "neutral\n");
}

// Without an answer the diff asks, naming the enum and both labels.
TEST_F(DataEvolution, EnumLabelReplacedIsARenameQuestion) {
  Evolution evolution{"CREATE SCHEMA app; CREATE TYPE app.mood AS ENUM ('sad', 'ok');",
                      "CREATE SCHEMA app; CREATE TYPE app.mood AS ENUM ('sad', 'neutral');", ""};
  Plan plan = plan_for(evolution);
  ASSERT_EQ(recorded_.questions.size(), 1u);
  const RenameQuestion& question = recorded_.questions.front();
  EXPECT_EQ(question.kind, RenameKind::EnumValue);
  EXPECT_EQ(question.scope, "app.mood");
  EXPECT_EQ(question.created, "neutral");
  EXPECT_EQ(question.candidates, std::vector<std::string>{"ok"});
  EXPECT_EQ(format_rename_rule(question, "ok"), "enum-value:app.mood.ok=neutral");
  EXPECT_EQ(format_rename_rule(question, std::nullopt), "create:enum-value:app.mood.neutral");
  // Answered "new", the label is removed: the type is recreated, with the data-loss warning.
  EXPECT_FALSE(plan.with_hazard(kDataLoss).empty()) << sql_of(plan);
}

// A serial column becoming an identity: the identity continues after the old sequence's
// value, so the next insert does not collide with the ids the rows hold.
TEST_F(DataEvolution, SerialToIdentityContinuesAfterTheOldSequence) {
  Evolution evolution{
      "CREATE TABLE t (id serial PRIMARY KEY, name text);"
      "CREATE TABLE u (id bigserial PRIMARY KEY, name text);",
      "CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);"
      "CREATE TABLE u (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text);",
      "INSERT INTO t (name) VALUES ('a'), ('b'), ('c');"
      "INSERT INTO u (name) SELECT 'n' || g FROM generate_series(1, 40) g;"
      "DELETE FROM u WHERE id > 30;"};  // the sequence is ahead of the highest id
  Plan plan = plan_for(evolution);
  std::string database = migrate(evolution, plan);
  EXPECT_EQ(query(database, "SELECT id, name FROM t ORDER BY id"), "1|a\n2|b\n3|c\n");
  EXPECT_EQ(query(database, "INSERT INTO t (name) VALUES ('d') RETURNING id"), "4\n");
  EXPECT_EQ(query(database, "INSERT INTO u (name) VALUES ('x') RETURNING id"), "41\n");
  EXPECT_EQ(query(database, "SELECT count(*) FROM u"), "31\n");
}

// An identity on a serial column that never handed out an id starts at its START.
TEST_F(DataEvolution, SerialToIdentityOnAnEmptyTableStartsAtOne) {
  Evolution evolution{"CREATE TABLE t (id serial PRIMARY KEY);",
                      "CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY);", ""};
  std::string database = migrate(evolution, plan_for(evolution));
  EXPECT_EQ(query(database, "INSERT INTO t DEFAULT VALUES RETURNING id"), "1\n");
}

// NOT NULL added to a column that has (or gains) a default: rows holding NULL get the
// default first, said in the statement's comment.
TEST_F(DataEvolution, NotNullWithADefaultBackfillsTheNulls) {
  Evolution evolution{
      "CREATE TABLE t (id int PRIMARY KEY, status text, score int DEFAULT 0, note text);",
      "CREATE TABLE t (id int PRIMARY KEY, status text NOT NULL DEFAULT 'new', "
      "score int NOT NULL DEFAULT 0, note text);",
      "INSERT INTO t VALUES (1, NULL, NULL, NULL), (2, 'done', 7, 'x');"};
  Plan plan = plan_for(evolution);
  std::string sql = sql_of(plan);
  int backfills = 0;
  for (const PlannedStatement& statement : plan.statements) {
    if (statement.sql.find("UPDATE") == std::string::npos) continue;
    ++backfills;
    EXPECT_NE(statement.sql.find("-- "), std::string::npos) << "a comment says why";
    EXPECT_FALSE(statement.rows_query.empty()) << "push counts the rows it fills";
  }
  EXPECT_EQ(backfills, 2) << sql;
  EXPECT_LT(sql.find("SET \"status\" = DEFAULT"), sql.find("\"status\" SET NOT NULL")) << sql;
  std::string database = migrate(evolution, plan);
  EXPECT_EQ(query(database, "SELECT id, status, score, note FROM t ORDER BY id"),
            "1|new|0|NULL\n2|done|7|x\n");
}

// Without a default, the plan says at generate time which column fails on existing NULLs.
TEST_F(DataEvolution, NotNullWithoutADefaultNamesTheColumnThatWillFail) {
  Plan plan =
      plan_for({"CREATE SCHEMA app; CREATE TABLE app.t (id int, email text);",
                "CREATE SCHEMA app; CREATE TABLE app.t (id int, email text NOT NULL);", ""});
  std::vector<const PlannedStatement*> failing = plan.with_hazard(kMayFailOnData);
  ASSERT_EQ(failing.size(), 1u);
  EXPECT_NE(failing[0]->explanation.find("app.t.email"), std::string::npos)
      << failing[0]->explanation;
  EXPECT_NE(failing[0]->explanation.find("default"), std::string::npos)
      << "says what to do: " << failing[0]->explanation;
  EXPECT_EQ(sql_of(plan).find("UPDATE"), std::string::npos);
}

// A table renamed while its serial sequence keeps its old name (as ALTER TABLE ... RENAME
// leaves it and pg_dump writes it): the sequence is left alone, ids continue.
TEST_F(DataEvolution, RenamedTableKeepsTheSequenceTheTargetNames) {
  Evolution evolution{
      "CREATE TABLE orders (id serial PRIMARY KEY, total int);",
      "CREATE TABLE purchases (id integer NOT NULL, total int);"
      "CREATE SEQUENCE orders_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE "
      "NO MAXVALUE CACHE 1;"
      "ALTER SEQUENCE orders_id_seq OWNED BY purchases.id;"
      "ALTER TABLE ONLY purchases ALTER COLUMN id SET DEFAULT "
      "nextval('orders_id_seq'::regclass);"
      "ALTER TABLE ONLY purchases ADD CONSTRAINT orders_pkey PRIMARY KEY (id);",
      "INSERT INTO orders (total) VALUES (10), (20);",
      {"table:public.orders=public.purchases"}};
  Plan plan = plan_for(evolution);
  std::string sql = sql_of(plan);
  EXPECT_EQ(sql.find("CREATE SEQUENCE"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("DROP SEQUENCE"), std::string::npos) << sql;
  std::string database = migrate(evolution, plan);
  EXPECT_EQ(query(database, "SELECT id, total FROM purchases ORDER BY id"), "1|10\n2|20\n");
  EXPECT_EQ(query(database, "INSERT INTO purchases (total) VALUES (30) RETURNING id"), "3\n");
  EXPECT_EQ(query(database, "SELECT sequencename FROM pg_sequences"), "orders_id_seq\n");
}

// The commonest real migration: a serial id widened to bigint, with the sequence declared
// the way pg_dump writes it. The sequence is altered, never dropped and re-created.
TEST_F(DataEvolution, SerialIdWidenedToBigintKeepsItsSequence) {
  auto schema = [](const char* type) {
    return fmt::format(
        "CREATE TABLE events (id {0} NOT NULL, kind text);"
        "CREATE SEQUENCE events_id_seq AS {0} START WITH 1 INCREMENT BY 1 NO MINVALUE "
        "NO MAXVALUE CACHE 1;"
        "ALTER SEQUENCE events_id_seq OWNED BY events.id;"
        "ALTER TABLE ONLY events ALTER COLUMN id SET DEFAULT nextval('events_id_seq'::regclass);"
        "ALTER TABLE ONLY events ADD CONSTRAINT events_pkey PRIMARY KEY (id);",
        type);
  };
  Evolution evolution{schema("integer"), schema("bigint"),
                      "INSERT INTO events (kind) VALUES ('a'), ('b'), ('c');"};
  Plan plan = plan_for(evolution);
  std::string sql = sql_of(plan);
  EXPECT_EQ(sql.find("CREATE SEQUENCE"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("DROP SEQUENCE"), std::string::npos) << sql;
  EXPECT_NE(sql.find("AS bigint"), std::string::npos) << sql;
  std::string database = migrate(evolution, plan);
  EXPECT_EQ(query(database, "INSERT INTO events (kind) VALUES ('d') RETURNING id"), "4\n");
  EXPECT_EQ(query(database, "SELECT data_type FROM information_schema.sequences"), "bigint\n");
  // And past the integer range, which the old sequence could not reach.
  test_cluster().execute("SELECT setval('events_id_seq', 3000000000)", database);
  EXPECT_EQ(query(database, "INSERT INTO events (kind) VALUES ('e') RETURNING id"), "3000000001\n");
}

// The same widening written with serial types.
TEST_F(DataEvolution, SerialWidenedToBigserialKeepsItsSequence) {
  Evolution evolution{"CREATE TABLE events (id serial PRIMARY KEY, kind text);",
                      "CREATE TABLE events (id bigserial PRIMARY KEY, kind text);",
                      "INSERT INTO events (kind) VALUES ('a'), ('b'), ('c');"};
  std::string database = migrate(evolution, plan_for(evolution));
  EXPECT_EQ(query(database, "SELECT id, kind FROM events ORDER BY id"), "1|a\n2|b\n3|c\n");
  EXPECT_EQ(query(database, "INSERT INTO events (kind) VALUES ('d') RETURNING id"), "4\n");
}

// A sequence's bounds and start changed together: the server checks the current value
// against the new MINVALUE, so a sequence below it first moves to the new START. A sequence
// already past the new bounds keeps its value.
TEST_F(DataEvolution, SequenceBoundsAndStartChangedTogether) {
  Evolution evolution{
      "CREATE SEQUENCE fresh AS bigint MINVALUE 1 START 1;"
      "CREATE SEQUENCE used AS bigint MINVALUE 1 START 1;"
      "CREATE SEQUENCE far AS bigint MINVALUE 1 START 1;",
      "CREATE SEQUENCE fresh AS bigint MINVALUE 10 START 1000;"
      "CREATE SEQUENCE used AS bigint MINVALUE 10 START 1000;"
      "CREATE SEQUENCE far AS bigint MINVALUE 10 START 1000;"
      "CREATE TABLE t (id int);",  // the catalog fingerprint wants a column
      "SELECT nextval('used'), nextval('used');"
      "SELECT setval('far', 5000);"};
  evolution.from += "CREATE TABLE t (id int);";
  std::string database = migrate(evolution, plan_for(evolution));
  EXPECT_EQ(query(database, "SELECT nextval('fresh'), nextval('used'), nextval('far')"),
            "1000|1000|5001\n");
}

// A composite type's attribute renamed is a rename question; answered, it is RENAME ATTRIBUTE
// and the values of the columns of the type keep it (drop + add attribute would lose them).
TEST_F(DataEvolution, CompositeAttributeRenamedKeepsTheValues) {
  Evolution evolution{
      "CREATE TYPE pt AS (x int, y int);"
      "CREATE TABLE shapes (id int PRIMARY KEY, corner pt, path pt[]);",
      "CREATE TYPE pt AS (x int, yy int);"
      "CREATE TABLE shapes (id int PRIMARY KEY, corner pt, path pt[]);",
      "INSERT INTO shapes VALUES (1, '(1,2)', '{\"(3,4)\",\"(5,6)\"}'), (2, '(7,)', NULL);"};
  Plan asked = plan_for(evolution);
  ASSERT_EQ(recorded_.questions.size(), 1u);
  const RenameQuestion& question = recorded_.questions.front();
  EXPECT_EQ(question.kind, RenameKind::Attribute);
  EXPECT_EQ(question.scope, "public.pt");
  EXPECT_EQ(question.created, "yy");
  EXPECT_EQ(question.candidates, std::vector<std::string>{"y"});
  EXPECT_EQ(format_rename_rule(question, "y"), "attribute:public.pt.y=yy");
  EXPECT_FALSE(asked.with_hazard(kDataLoss).empty()) << "answered new: " << sql_of(asked);

  evolution.renames = {"attribute:public.pt.y=yy"};
  recorded_.questions.clear();
  Plan plan = plan_for(evolution);
  EXPECT_TRUE(recorded_.questions.empty());
  std::string sql = sql_of(plan);
  EXPECT_NE(sql.find("ALTER TYPE \"public\".\"pt\" RENAME ATTRIBUTE \"y\" TO \"yy\""),
            std::string::npos)
      << sql;
  EXPECT_EQ(sql.find("DROP ATTRIBUTE"), std::string::npos) << sql;
  EXPECT_TRUE(plan.with_hazard(kDataLoss).empty()) << sql;
  std::string database = migrate(evolution, plan);
  EXPECT_EQ(
      query(database, "SELECT id, (corner).x, (corner).yy, path[2].yy FROM shapes ORDER BY id"),
      "1|1|2|6\n2|7|NULL|NULL\n");
}

// A domain renamed (and moved) is a rename question; answered, the columns of the domain
// follow it and keep their rows, and nothing else changes.
TEST_F(DataEvolution, DomainRenamedKeepsTheRowsOfItsColumns) {
  Evolution evolution{
      "CREATE SCHEMA app;"
      "CREATE DOMAIN positive AS int CHECK (VALUE > 0);"
      "CREATE TABLE orders (id int PRIMARY KEY, quantity positive NOT NULL, extra positive[]);"
      "CREATE FUNCTION twice(n positive) RETURNS positive LANGUAGE sql AS 'SELECT n * 2';",
      "CREATE SCHEMA app;"
      "CREATE DOMAIN app.amount AS int CHECK (VALUE > 0);"
      "CREATE TABLE orders (id int PRIMARY KEY, quantity app.amount NOT NULL, extra "
      "app.amount[]);"
      "CREATE FUNCTION twice(n app.amount) RETURNS app.amount LANGUAGE sql AS 'SELECT n * 2';",
      "INSERT INTO orders VALUES (1, 3, '{1,2}'), (2, 5, NULL);",
      {"domain:public.positive=app.amount"}};
  Plan plan = plan_for(evolution);
  EXPECT_TRUE(recorded_.questions.empty());
  std::string sql = sql_of(plan);
  EXPECT_EQ(sql,
            "ALTER DOMAIN \"public\".\"positive\" SET SCHEMA \"app\";\n"
            "ALTER DOMAIN \"app\".\"positive\" RENAME TO \"amount\";\n"
            // The check's default name follows the domain's, without validating the rows again.
            "ALTER DOMAIN \"app\".\"amount\" RENAME CONSTRAINT \"positive_check\" TO "
            "\"amount_check\";\n");
  std::string database = migrate(evolution, plan);
  EXPECT_EQ(query(database, "SELECT id, quantity, extra, twice(quantity) FROM orders ORDER BY id"),
            "1|3|{1,2}|6\n2|5|NULL|10\n");
}

// A composite type and a range type renamed: columns follow; the range's multirange type of
// the default name is renamed with it.
TEST_F(DataEvolution, CompositeAndRangeTypesRenamedKeepTheRows) {
  Evolution evolution{
      "CREATE TYPE pt AS (x int, y int);"
      "CREATE TYPE floatrange AS RANGE (subtype = float8);"
      "CREATE TABLE t (id int PRIMARY KEY, p pt, r floatrange, m floatmultirange);",
      "CREATE TYPE point2 AS (x int, y int);"
      "CREATE TYPE realrange AS RANGE (subtype = float8);"
      "CREATE TABLE t (id int PRIMARY KEY, p point2, r realrange, m realmultirange);",
      "INSERT INTO t VALUES (1, '(1,2)', '[1.5,2)', '{[1,2), [3,4)}');",
      {"composite-type:public.pt=public.point2", "range-type:public.floatrange=realrange"}};
  Plan plan = plan_for(evolution);
  EXPECT_TRUE(recorded_.questions.empty());
  std::string sql = sql_of(plan);
  EXPECT_TRUE(plan.with_hazard(kDataLoss).empty()) << sql;
  EXPECT_EQ(sql.find("DROP"), std::string::npos) << sql;
  std::string database = migrate(evolution, plan);
  EXPECT_EQ(query(database, "SELECT id, p, r, m FROM t"), "1|(1,2)|[1.5,2)|{[1,2),[3,4)}\n");
}

}  // namespace
}  // namespace sleet::testing
