// tests/rules: rules and event triggers across the commands with the real binary (a program of
// its own, apart from tests/cli, so that it builds quickly): a table written through a view's
// rules, generated, migrated with rows, its key widened under the rules; status drift of a rule
// changed by hand; pull of a database holding rules and event triggers, and generate, push and
// status agreeing with the pulled files.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/schema_project.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

// A table written only through a view's rules; deletes archive and log.
constexpr const char* kRuleDriven = R"sql(
CREATE TABLE items (
  id integer PRIMARY KEY,
  name text NOT NULL,
  archived boolean NOT NULL DEFAULT false
);
CREATE TABLE item_log (item_id integer NOT NULL, action text NOT NULL);
CREATE VIEW active_items AS SELECT id, name FROM items WHERE NOT archived;
CREATE RULE active_items_insert AS ON INSERT TO active_items
  DO INSTEAD INSERT INTO items (id, name) VALUES (new.id, new.name);
-- The log first: once archived, the row is no longer in the view the next action reads.
CREATE RULE active_items_delete AS ON DELETE TO active_items DO INSTEAD (
  INSERT INTO item_log (item_id, action) VALUES (old.id, 'archive');
  UPDATE items SET archived = true WHERE id = old.id
);
CREATE RULE items_no_delete AS ON DELETE TO items DO INSTEAD NOTHING;
COMMENT ON RULE items_no_delete ON items IS 'items are archived, never deleted';
)sql";

std::string scalar(const std::string& sql, const std::string& database) {
  return std::string(test_cluster().execute(sql, database).value(0, 0));
}

TEST(CliRules, RuleDrivenTableMigratedWithRowsAndRetypedUnderItsRules) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("rule_driven");
  TemporaryDirectory dir;
  write_schema_project(dir, database, kRuleDriven);
  auto generated = run_sleet("generate --name init", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  std::string sql = read_file(migration_files(dir).at(0));
  EXPECT_LT(sql.find("CREATE VIEW \"public\".\"active_items\""),
            sql.find("CREATE RULE \"active_items_insert\""))
      << sql;
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;

  // Rows go in and out through the rules.
  cluster.execute(
      "INSERT INTO active_items (id, name) VALUES (1, 'anvil'), (2, 'bolt'), (3, 'cog'); "
      "DELETE FROM active_items WHERE id = 2; DELETE FROM items",
      database);
  EXPECT_EQ(scalar("select count(*) from items", database), "3");
  EXPECT_EQ(scalar("select string_agg(id::text, ',' order by id) from active_items", database),
            "1,3");
  EXPECT_EQ(scalar("select item_id || ' ' || action from item_log", database), "2 archive");
  expect_nothing_to_do(dir);

  // A rule changed by hand is drift.
  cluster.execute("CREATE OR REPLACE RULE items_no_delete AS ON DELETE TO items DO ALSO NOTHING",
                  database);
  auto drifted = run_sleet("status", dir.path());
  EXPECT_EQ(drifted.exit_code, 1) << drifted.out << drifted.err;
  EXPECT_TRUE(contains(drifted.out, "items_no_delete")) << drifted.out;
  ASSERT_EQ(run_sleet("push --force", dir.path(), "NO_COLOR=1").exit_code, 0);
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);

  // The key widened to bigint under the rules that use it: they go and come back, rows stay.
  std::string widened = kRuleDriven;
  widened.replace(widened.find("id integer PRIMARY KEY"), 22, "id bigint PRIMARY KEY");
  widened.replace(widened.find("item_id integer"), 15, "item_id bigint");
  dir.write("schema/app.sql", widened);
  auto retyped = run_sleet("generate --name widen", dir.path());
  ASSERT_EQ(retyped.exit_code, 0) << retyped.out << retyped.err;
  std::string widen = read_file(migration_files(dir).at(1));
  // The table's own rule is dropped; the view's go with the view, which reads the column.
  std::size_t drop_rule = widen.find("DROP RULE \"items_no_delete\" ON \"public\".\"items\"");
  std::size_t drop_view = widen.find("DROP VIEW \"public\".\"active_items\"");
  std::size_t alter = widen.find("SET DATA TYPE bigint");
  std::size_t create_view = widen.find("CREATE VIEW \"public\".\"active_items\"");
  ASSERT_NE(drop_rule, std::string::npos) << widen;
  ASSERT_NE(drop_view, std::string::npos) << widen;
  ASSERT_NE(alter, std::string::npos) << widen;
  ASSERT_NE(create_view, std::string::npos) << widen;
  EXPECT_LT(drop_rule, alter) << widen;
  EXPECT_LT(drop_view, alter) << widen;
  EXPECT_LT(alter, create_view) << widen;
  for (const char* rule : {"active_items_insert", "active_items_delete", "items_no_delete"}) {
    std::size_t created = widen.find(fmt::format("CREATE RULE \"{}\"", rule));
    ASSERT_NE(created, std::string::npos) << rule << "\n" << widen;
    EXPECT_LT(create_view, created) << rule << "\n" << widen;
  }
  auto applied = run_sleet("migrate", dir.path());
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  EXPECT_EQ(scalar("select count(*) from items", database), "3");
  EXPECT_EQ(scalar("select count(*) from item_log", database), "1");
  cluster.execute(
      "INSERT INTO active_items (id, name) VALUES (5000000000, 'drum'); "
      "DELETE FROM active_items WHERE id = 1",
      database);
  EXPECT_EQ(scalar("select string_agg(id::text, ',' order by id) from active_items", database),
            "3,5000000000");
  EXPECT_EQ(scalar("select obj_description(oid, 'pg_rewrite') from pg_rewrite "
                   "where rulename = 'items_no_delete'",
                   database),
            "items are archived, never deleted");
  expect_nothing_to_do(dir);
}

constexpr const char* kPulled = R"sql(
CREATE SCHEMA audit;
CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10,2) NOT NULL);
CREATE TABLE audit.order_log (order_id integer NOT NULL, total numeric(10,2));
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
CREATE RULE orders_log AS ON INSERT TO orders WHERE new.total > 0
  DO ALSO INSERT INTO audit.order_log VALUES (new.id, new.total);
CREATE RULE big_orders_update AS ON UPDATE TO big_orders
  DO INSTEAD UPDATE orders SET total = new.total WHERE id = old.id;
COMMENT ON RULE orders_log ON orders IS 'every order is logged';
CREATE FUNCTION audit.note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'ddl: %', tg_tag;
END $$;
CREATE EVENT TRIGGER note_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')
  EXECUTE FUNCTION audit.note_ddl();
ALTER EVENT TRIGGER note_ddl DISABLE;
COMMENT ON EVENT TRIGGER note_ddl IS 'schema changes are noted';
)sql";

TEST(CliRules, PullWritesRulesAndEventTriggers) {
  auto& cluster = test_cluster();
  std::string database = cluster.fresh_database("pull_rules");
  cluster.execute(kPulled, database);
  TemporaryDirectory dir;
  auto config = [&](const std::string& db) {
    dir.write("sleet.toml", fmt::format("schema = \"schema\"\nurl = \"{}\"\nschema_filter = "
                                        "[\"public\", \"audit\"]\n",
                                        cluster.url(db)));
  };
  config(database);
  auto pulled = run_sleet("pull", dir.path());
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  std::string said = pulled.out + pulled.err;
  EXPECT_FALSE(contains(said, "not pulled")) << said;
  std::string public_sql = read_file(dir.path() / "schema/public.sql");
  EXPECT_TRUE(contains(public_sql, "CREATE RULE \"orders_log\" AS ON INSERT TO \"public\".\"orders\""))
      << public_sql;
  EXPECT_TRUE(contains(public_sql, "CREATE RULE \"big_orders_update\"")) << public_sql;
  EXPECT_TRUE(contains(public_sql, "COMMENT ON RULE \"orders_log\"")) << public_sql;
  std::string audit_sql = read_file(dir.path() / "schema/audit.sql");
  EXPECT_TRUE(contains(audit_sql, "CREATE EVENT TRIGGER \"note_ddl\" ON ddl_command_end WHEN TAG "
                                  "IN ('CREATE TABLE', 'ALTER TABLE')"))
      << audit_sql;
  EXPECT_TRUE(contains(audit_sql, "ALTER EVENT TRIGGER \"note_ddl\" DISABLE")) << audit_sql;
  expect_pulled_project_settled(dir, pulled);

  // The pulled files build the same rules and event trigger in an empty database.
  std::string rebuilt = cluster.fresh_database("pull_rules_rebuilt");
  config(rebuilt);
  auto migrated = run_sleet("migrate", dir.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.out << migrated.err;
  cluster.execute("INSERT INTO orders VALUES (1, 150), (2, 50); "
                  "UPDATE big_orders SET total = 200 WHERE id = 1",
                  rebuilt);
  EXPECT_EQ(scalar("select count(*) from audit.order_log", rebuilt), "2");
  EXPECT_EQ(scalar("select total from orders where id = 1", rebuilt), "200.00");
  EXPECT_EQ(scalar("select evtenabled::text || ' ' || array_to_string(evttags, ',') || ' ' || "
                   "obj_description(oid, 'pg_event_trigger') from pg_event_trigger",
                   rebuilt),
            "D CREATE TABLE,ALTER TABLE schema changes are noted");
  EXPECT_EQ(run_sleet("status", dir.path()).exit_code, 0);
}

}  // namespace
}  // namespace sleet::testing
