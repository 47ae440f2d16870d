// Rules and event triggers without a server: what the schema-file parser refuses and where,
// and what diff and plan make of two schema texts.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/schema_model.h"

namespace sleet::testing {
namespace {

constexpr const char* kTables = R"sql(
CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE item_log (item_id integer NOT NULL, action text NOT NULL);
CREATE VIEW item_names AS SELECT id, name FROM items;
)sql";

std::size_t position(const std::vector<std::string>& statements, const std::string& start) {
  auto it = std::find_if(statements.begin(), statements.end(),
                         [&](const std::string& s) { return s.starts_with(start); });
  return it == statements.end() ? std::string::npos
                                : static_cast<std::size_t>(it - statements.begin());
}

TEST(RulesModel, ParserRefusesWhatTheModelDoesNotHoldWithItsPlace) {
  EXPECT_EQ(failure("CREATE TABLE t (id int);\n"
                    "CREATE RULE r AS ON INSERT TO missing DO INSTEAD NOTHING;"),
            "schema.sql:2:31: rule r is on public.missing, which no schema file creates");
  EXPECT_EQ(failure("CREATE TABLE t (id int);\n"
                    "CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING;\n"
                    "CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING;"),
            "schema.sql:3:1: rule r on public.t is defined twice");
  EXPECT_EQ(failure("ALTER EVENT TRIGGER nothing DISABLE;"),
            "schema.sql:1:1: event trigger nothing does not exist");
  EXPECT_EQ(failure("CREATE TABLE t (id int);\nCOMMENT ON RULE r ON t IS 'x';"),
            "schema.sql:2:1: rule r does not exist on public.t");
}

TEST(RulesModel, ParsedRuleAndEventTriggerHoldWhatWasWritten) {
  Schema schema = parse_schema_sql(std::string(kTables) + R"sql(
CREATE RULE names_insert AS ON INSERT TO item_names WHERE new.id > 0
  DO INSTEAD (INSERT INTO items (id, name) VALUES (new.id, new.name);
              INSERT INTO item_log VALUES (new.id, 'insert'));
COMMENT ON RULE names_insert ON item_names IS 'through the view';
CREATE FUNCTION note() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER note ON ddl_command_end WHEN TAG IN ('create table', 'DROP TABLE')
  EXECUTE PROCEDURE note();
ALTER EVENT TRIGGER note ENABLE ALWAYS;
COMMENT ON EVENT TRIGGER note IS 'notes';
)sql",
                                   "schema.sql");
  const RewriteRule& rule = schema.views.at({"public", "item_names"}).rules.at("names_insert");
  EXPECT_EQ(rule.event, "INSERT");
  EXPECT_TRUE(rule.instead);
  ASSERT_TRUE(rule.where);
  EXPECT_EQ(rule.where->canonical, "new.id > 0");
  ASSERT_EQ(rule.actions.size(), 2u);
  EXPECT_EQ(rule.comment, "through the view");
  const EventTrigger& trigger = schema.event_triggers.at("note");
  EXPECT_EQ(trigger.event, "ddl_command_end");
  EXPECT_EQ(trigger.tags, (std::vector<std::string>{"CREATE TABLE", "DROP TABLE"}));
  EXPECT_EQ(trigger.function, (QualifiedName{"public", "note"}));
  EXPECT_EQ(trigger.enabled, "ENABLE ALWAYS");
  EXPECT_EQ(trigger.comment, "notes");
}

TEST(RulesModel, RuleWritingANewTableComesAfterItAndGoesBeforeIt) {
  std::string without = R"sql(CREATE TABLE items (id integer PRIMARY KEY);)sql";
  std::string with = R"sql(
CREATE TABLE items (id integer PRIMARY KEY);
CREATE TABLE item_log (item_id integer NOT NULL);
CREATE RULE items_log AS ON DELETE TO items DO ALSO INSERT INTO item_log VALUES (old.id);
)sql";
  std::vector<std::string> forwards = plan_sql(without, with);
  std::size_t table = position(forwards, "CREATE TABLE \"public\".\"item_log\"");
  std::size_t rule = position(forwards, "CREATE RULE \"items_log\" AS ON DELETE TO");
  ASSERT_NE(table, std::string::npos);
  ASSERT_NE(rule, std::string::npos);
  EXPECT_LT(table, rule);
  std::vector<std::string> backwards = plan_sql(with, without);
  std::size_t drop_rule = position(backwards, "DROP RULE \"items_log\" ON \"public\".\"items\"");
  std::size_t drop_table = position(backwards, "DROP TABLE \"public\".\"item_log\"");
  ASSERT_NE(drop_rule, std::string::npos);
  ASSERT_NE(drop_table, std::string::npos);
  EXPECT_LT(drop_rule, drop_table);
}

// A DO INSTEAD rule on a parent writing to its children (LedgerSMB's file attachments): the
// children are dropped before the parent, and the server refuses to drop a table a rule
// names, so the rule, which would go with its table, is dropped on its own first.
TEST(RulesModel, RuleOnADroppedTableNamingAnotherDroppedTableGoesFirst) {
  std::string with = R"sql(
CREATE TABLE attachment (file_id int, kind int);
CREATE TABLE order_attachment () INHERITS (attachment);
CREATE RULE attachment_insert AS ON INSERT TO attachment WHERE kind = 1
  DO INSTEAD INSERT INTO order_attachment VALUES (new.file_id, 1);
)sql";
  std::vector<std::string> dropped = plan_sql(with, "");
  std::size_t drop_rule =
      position(dropped, "DROP RULE \"attachment_insert\" ON \"public\".\"attachment\"");
  std::size_t drop_child = position(dropped, "DROP TABLE \"public\".\"order_attachment\"");
  ASSERT_NE(drop_rule, std::string::npos) << ::testing::PrintToString(dropped);
  ASSERT_NE(drop_child, std::string::npos);
  EXPECT_LT(drop_rule, drop_child);
  // A rule naming only its own table still goes with it.
  std::vector<std::string> own = plan_sql(
      "CREATE TABLE t (id int);\nCREATE RULE t_keep AS ON DELETE TO t DO INSTEAD NOTHING;", "");
  EXPECT_EQ(own, (std::vector<std::string>{"DROP TABLE \"public\".\"t\";"}));
}

TEST(RulesModel, ChangedRuleIsReplacedAndCommentAloneIsAComment) {
  std::string a = std::string(kTables) +
                  "CREATE RULE r AS ON INSERT TO items DO INSTEAD NOTHING;\n"
                  "CREATE RULE s AS ON DELETE TO items DO INSTEAD NOTHING;\n";
  std::string b = std::string(kTables) +
                  "CREATE RULE r AS ON INSERT TO items WHERE new.id < 0 DO INSTEAD NOTHING;\n"
                  "CREATE RULE s AS ON DELETE TO items DO INSTEAD NOTHING;\n"
                  "COMMENT ON RULE s ON items IS 'kept';\n";
  EXPECT_EQ(kinds(a, b), (std::vector<ChangeKind>{ChangeKind::ReplaceRule, ChangeKind::SetComment}));
  std::vector<std::string> statements = plan_sql(a, b);
  EXPECT_NE(position(statements, "CREATE OR REPLACE RULE \"r\" AS ON INSERT TO \"public\".\"items\" "
                                 "WHERE (new.id < 0) DO INSTEAD NOTHING"),
            std::string::npos);
  EXPECT_NE(position(statements, "COMMENT ON RULE \"s\" ON \"public\".\"items\" IS 'kept'"),
            std::string::npos);
  EXPECT_TRUE(kinds(b, b).empty());
}

TEST(RulesModel, RuleOnARecreatedViewIsCreatedAgainAfterIt) {
  std::string rule =
      "CREATE RULE names_delete AS ON DELETE TO item_names DO INSTEAD NOTHING;\n";
  std::string b = std::string(kTables) + rule;
  std::string changed_view = b;
  changed_view.replace(changed_view.find("SELECT id, name FROM items"), 26,
                       "SELECT id, name, 1 AS one FROM items");
  std::vector<std::string> statements = plan_sql(b, changed_view);
  std::size_t view = position(statements, "CREATE VIEW \"public\".\"item_names\"");
  std::size_t created = position(statements, "CREATE RULE \"names_delete\"");
  ASSERT_NE(view, std::string::npos);
  ASSERT_NE(created, std::string::npos);
  EXPECT_LT(view, created);
  EXPECT_EQ(position(statements, "DROP RULE"), std::string::npos);
}

// A rule on a table whose column is retyped is dropped and created around it, though no
// change names it: each statement's summary names the rule, not only its table.
TEST(RulesModel, RuleDroppedAndCreatedAroundARetypedColumnIsNamedInThePlan) {
  std::string rule = "CREATE RULE log_delete AS ON DELETE TO items DO ALSO "
                     "INSERT INTO item_log (item_id, action) VALUES (old.id, 'delete');\n";
  std::string a = std::string(kTables) + rule;
  std::string b = a;
  b.replace(b.find("name text NOT NULL"), 18, "name varchar(80) NOT NULL");
  NoRenames resolver;
  Schema from = parse_schema_sql(a, "a.sql");
  Schema to = parse_schema_sql(b, "b.sql");
  std::vector<std::string> summaries;
  for (const PlannedStatement& statement :
       plan_changes(diff_schemas(from, to, resolver), from, to).statements) {
    if (statement.kind == ChangeKind::DropRule || statement.kind == ChangeKind::CreateRule)
      summaries.push_back(describe(statement));
  }
  EXPECT_EQ(summaries, (std::vector<std::string>{"drop rule public.items log_delete",
                                                 "create rule public.items log_delete"}));
}

TEST(RulesModel, EventTriggerOrderAndStates) {
  std::string function =
      "CREATE FUNCTION note() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;\n";
  std::string enabled = function + "CREATE EVENT TRIGGER note ON sql_drop EXECUTE FUNCTION note();\n";
  std::string disabled = enabled + "ALTER EVENT TRIGGER note DISABLE;\n";
  EXPECT_EQ(kinds(enabled, disabled), (std::vector<ChangeKind>{ChangeKind::AlterEventTrigger}));
  EXPECT_EQ(plan_sql(enabled, disabled),
            (std::vector<std::string>{"ALTER EVENT TRIGGER \"note\" DISABLE;"}));
  // Created after its function, with its state; dropped before its function.
  std::vector<std::string> created = plan_sql("", disabled);
  ASSERT_EQ(created.size(), 3u);
  EXPECT_TRUE(created[0].starts_with("CREATE FUNCTION \"public\".\"note\"()"));
  EXPECT_EQ(created[1],
            "CREATE EVENT TRIGGER \"note\" ON sql_drop EXECUTE FUNCTION \"public\".\"note\"();");
  EXPECT_EQ(created[2], "ALTER EVENT TRIGGER \"note\" DISABLE;");
  std::vector<std::string> dropped = plan_sql(disabled, "");
  ASSERT_EQ(dropped.size(), 2u);
  EXPECT_EQ(dropped[0], "DROP EVENT TRIGGER \"note\";");
  EXPECT_TRUE(dropped[1].starts_with("DROP FUNCTION \"public\".\"note\"()"));
  // Other tags: dropped and created.
  std::string tagged = function +
                       "CREATE EVENT TRIGGER note ON sql_drop WHEN TAG IN ('DROP TABLE') "
                       "EXECUTE FUNCTION note();\n";
  EXPECT_EQ(kinds(enabled, tagged), (std::vector<ChangeKind>{ChangeKind::DropEventTrigger,
                                                             ChangeKind::CreateEventTrigger}));
}

}  // namespace
}  // namespace sleet::testing
