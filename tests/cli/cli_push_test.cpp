// `sleet push` end to end: the real binary against the test cluster, checking what the
// database holds afterwards (catalog and rows), not only what push printed.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <nlohmann/json.hpp>

#include "sleet/push.h"
#include "support/catalog_fingerprint.h"
#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A project directory whose sleet.toml points at a fresh database of the test cluster.
class PushProject {
 public:
  explicit PushProject(const std::string& prefix, const std::string& extra_config = "")
      : database_(test_cluster().fresh_database(prefix)) {
    dir_.write("sleet.toml", fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\n{}",
                                         test_cluster().url(database_), extra_config));
  }
  const std::string& database() const { return database_; }
  const std::filesystem::path& path() const { return dir_.path(); }
  void schema(const std::string& sql) const { dir_.write("schema/app.sql", sql); }
  void config(const std::string& text) const { dir_.write("sleet.toml", text); }
  CommandResult push(const std::string& arguments, const std::string& environment = "") const {
    return run_sleet("push " + arguments, dir_.path(), "NO_COLOR=1 " + environment);
  }
  db::Result sql(const std::string& statement) const {
    return test_cluster().execute(statement, database_);
  }
  std::string value(const std::string& query) const {
    db::Result result = sql(query);
    return result.is_null(0, 0) ? "<null>" : std::string(result.value(0, 0));
  }
  // The catalog and every row of `tables`: equal before and after means nothing changed.
  std::string state(const std::vector<std::string>& tables) const {
    std::string text = catalog_fingerprint(test_cluster(), database_);
    for (const auto& table : tables) {
      text += fmt::format("\n{}: {}", table,
                          value(fmt::format("SELECT coalesce(string_agg(t::text, ';' ORDER BY "
                                            "t::text), '') FROM {} AS t",
                                            table)));
    }
    return text;
  }

 private:
  std::string database_;
  TemporaryDirectory dir_;
};

// Everything push printed, stdout then stderr (counts and hazards go to either).
std::string printed(const CommandResult& result) {
  return result.out + result.err;
}

// sleet run on a pseudo-terminal: answers `answer` to the [y/N] question and returns the
// exit code; the session's output lands in `output`.
int push_at_terminal(const std::filesystem::path& directory, const std::vector<std::string>& args,
                     const std::string& answer, std::string& output) {
  struct winsize size {};
  size.ws_row = 40;
  size.ws_col = 200;
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, &size);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    if (chdir(directory.c_str()) != 0) _exit(126);
    std::vector<char*> argv{const_cast<char*>(SLEET_BINARY), const_cast<char*>("push")};
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    setenv("NO_COLOR", "1", 1);
    execv(SLEET_BINARY, argv.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool answered = false;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    struct pollfd descriptor {
      master, POLLIN, 0
    };
    if (poll(&descriptor, 1, 100) > 0) {
      char buffer[4096];
      ssize_t n = read(master, buffer, sizeof buffer);
      if (n > 0) output.append(buffer, static_cast<size_t>(n));
    }
    if (!answered && contains(output, "[y/N]")) {
      std::string keys = answer + "\n";
      if (write(master, keys.data(), keys.size()) != static_cast<ssize_t>(keys.size())) break;
      answered = true;
    }
    if (waitpid(pid, &status, WNOHANG) == pid) {
      for (;;) {  // what is still buffered in the terminal
        struct pollfd descriptor {
          master, POLLIN, 0
        };
        char buffer[4096];
        if (poll(&descriptor, 1, 50) <= 0) break;
        ssize_t n = read(master, buffer, sizeof buffer);
        if (n <= 0) break;
        output.append(buffer, static_cast<size_t>(n));
      }
      close(master);
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  close(master);
  return -1;
}

constexpr const char* kFullSchema = R"sql(
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE users (
  id serial PRIMARY KEY,
  email varchar(200) NOT NULL UNIQUE,
  mood mood DEFAULT 'happy',
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (length(email) > 3)
);
CREATE TABLE posts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  author int NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title text NOT NULL
);
CREATE INDEX posts_author ON posts (author);
CREATE VIEW titles AS SELECT id, title FROM posts;
CREATE SCHEMA auth;
CREATE TABLE auth.sessions (token text PRIMARY KEY, expires_at timestamp NOT NULL);
)sql";

TEST(CliPush, CreatesEverythingInAnEmptyDatabaseThenFindsNoChanges) {
  PushProject project("push_empty");
  project.schema(kFullSchema);
  auto first = project.push("");
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_TRUE(contains(first.out, "applied")) << first.out;

  // The same schema loaded directly gives the same catalog.
  std::string reference = test_cluster().fresh_database("push_empty_ref");
  test_cluster().execute(kFullSchema, reference);
  auto expected = catalog_lines(test_cluster(), reference);
  auto actual = catalog_lines(test_cluster(), project.database());
  EXPECT_EQ(actual, expected) << catalog_difference(expected, actual);

  auto second = project.push("");
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_TRUE(contains(second.out, "No changes")) << second.out;
  EXPECT_FALSE(contains(second.out, "applied")) << second.out;
  actual = catalog_lines(test_cluster(), project.database());
  EXPECT_EQ(actual, expected) << catalog_difference(expected, actual);
}

// Drop table, drop column and a narrowing type change, each with rows it would lose.
void set_up_data_loss(const PushProject& project) {
  project.sql(R"sql(
    CREATE TABLE users (id int PRIMARY KEY, x text, code varchar(100));
    INSERT INTO users VALUES (1, 'a', 'abc'), (2, NULL, NULL), (3, 'c', 'defghi');
    CREATE TABLE old_stuff (id int);
    INSERT INTO old_stuff VALUES (1), (2), (3), (4);
  )sql");
  project.schema("CREATE TABLE users (id int PRIMARY KEY, code varchar(10));\n");
}

TEST(CliPush, DataLossWithoutTerminalOrForceChangesNothing) {
  PushProject project("push_loss");
  set_up_data_loss(project);
  std::string before = project.state({"users", "old_stuff"});
  auto refused = project.push("");
  EXPECT_EQ(refused.exit_code, 1) << printed(refused);
  EXPECT_TRUE(contains(refused.err, "no terminal")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "--force")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "3 statements may lose data")) << refused.err;
  // The hazards come with the rows they would touch.
  EXPECT_TRUE(contains(printed(refused), "2 rows with a value in x")) << printed(refused);
  EXPECT_TRUE(contains(printed(refused), "4 rows in the table")) << printed(refused);
  EXPECT_TRUE(contains(printed(refused), "2 rows with a value in code")) << printed(refused);
  EXPECT_TRUE(contains(refused.err, R"(DROP TABLE "public"."old_stuff")")) << refused.err;
  EXPECT_EQ(project.state({"users", "old_stuff"}), before);
  EXPECT_EQ(project.value("SELECT string_agg(x, ',' ORDER BY id) FROM users"), "a,c");
}

TEST(CliPush, DataLossWithForceIsAppliedAndShowsTheCounts) {
  PushProject project("push_force");
  set_up_data_loss(project);
  auto forced = project.push("--force");
  ASSERT_EQ(forced.exit_code, 0) << printed(forced);
  EXPECT_TRUE(contains(printed(forced), "2 rows with a value in x")) << printed(forced);
  EXPECT_TRUE(contains(printed(forced), "4 rows in the table")) << printed(forced);
  EXPECT_EQ(project.value("SELECT count(*) FROM pg_tables WHERE tablename = 'old_stuff'"), "0");
  EXPECT_EQ(project.value("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                          "'users' AND column_name = 'x'"),
            "0");
  EXPECT_EQ(project.value("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE "
                          "attrelid = 'users'::regclass AND attname = 'code'"),
            "character varying(10)");
  EXPECT_EQ(project.value("SELECT string_agg(coalesce(code, '-'), ',' ORDER BY id) FROM users"),
            "abc,-,defghi");
  EXPECT_TRUE(contains(project.push("").out, "No changes"));
}

struct FailingCase {
  const char* name;
  const char* setup;
  const char* schema;
  const char* statement;  // part of the SQL the message must name
  const char* count;      // the rows counted for it
  std::vector<std::string> tables;
};

// Statements the data makes fail are found by the rehearsal: exit 1 naming the statement
// and its count, even with --force, and nothing applied, not even the harmless statements.
TEST(CliPush, StatementsTheDataMakesFailStopBeforeAnythingIsApplied) {
  const std::vector<FailingCase> cases{
      {"not null column",
       "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2);",
       "CREATE TABLE t (id int PRIMARY KEY, c text NOT NULL);",
       R"(ALTER TABLE "public"."t" ADD COLUMN "c" text NOT NULL)",
       "2 rows that would need a value in c",
       {"t"}},
      {"set not null",
       "CREATE TABLE t (id int PRIMARY KEY, y text); INSERT INTO t VALUES (1, 'a'), (2, NULL), "
       "(3, 'b');",
       "CREATE TABLE t (id int PRIMARY KEY, y text NOT NULL);",
       "SET NOT NULL",
       "1 row holding NULL in y",
       {"t"}},
      {"unique on duplicates",
       "CREATE TABLE t (id int PRIMARY KEY, email text); INSERT INTO t VALUES (1, 'a'), (2, "
       "'a'), (3, 'b'), (4, 'b'), (5, 'c'), (6, NULL), (7, NULL);",
       "CREATE TABLE t (id int PRIMARY KEY, email text UNIQUE);",
       "UNIQUE",
       "2 key values held by more than one row",
       {"t"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    PushProject project("push_fails");
    project.sql(c.setup);
    // Something harmless next to it, to see that it is not applied either.
    project.schema(std::string(c.schema) + "\nCREATE TABLE harmless (id int);\n");
    std::string before = project.state(c.tables);
    for (const char* flags : {"", "--force"}) {
      auto result = project.push(flags);
      EXPECT_EQ(result.exit_code, 1) << flags << printed(result);
      EXPECT_TRUE(contains(result.err, c.statement)) << flags << result.err;
      EXPECT_TRUE(contains(result.err, c.count)) << flags << result.err;
      EXPECT_TRUE(contains(result.err, "nothing was applied")) << flags << result.err;
      EXPECT_EQ(project.state(c.tables), before) << flags;
    }
  }
}

TEST(CliPush, DryRunPrintsTheSqlAndAppliesNothing) {
  PushProject project("push_dry");
  project.sql("CREATE TABLE gone (id int); INSERT INTO gone VALUES (1), (2);");
  project.schema("CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);\n");
  std::string before = project.state({"gone"});
  // users is new, not gone renamed (gone keeps its rows until the drop).
  auto dry = project.push("--dry-run --rename create:table:public.users");
  ASSERT_EQ(dry.exit_code, 0) << printed(dry);
  EXPECT_TRUE(contains(dry.out, R"(CREATE TABLE "public"."users")")) << dry.out;
  EXPECT_TRUE(contains(dry.out, R"(DROP TABLE "public"."gone")")) << dry.out;
  EXPECT_TRUE(contains(printed(dry), "2 rows in the table")) << printed(dry);
  EXPECT_TRUE(contains(dry.out, "dry run: nothing applied")) << dry.out;
  EXPECT_EQ(project.state({"gone"}), before);
}

TEST(CliPush, StrictWithoutTerminalOrForceAppliesNothing) {
  PushProject project("push_strict");
  project.schema("CREATE TABLE users (id int PRIMARY KEY);\n");
  std::string before = project.state({});
  auto strict = project.push("--strict");
  EXPECT_EQ(strict.exit_code, 1) << printed(strict);
  EXPECT_TRUE(contains(strict.err, "--strict")) << strict.err;
  EXPECT_TRUE(contains(strict.err, "nothing was applied")) << strict.err;
  EXPECT_EQ(project.state({}), before);

  auto forced = project.push("--strict --force");
  ASSERT_EQ(forced.exit_code, 0) << printed(forced);
  EXPECT_EQ(project.value("SELECT count(*) FROM pg_tables WHERE tablename = 'users'"), "1");
}

TEST(CliPush, AtATerminalNoAbortsAndYesApplies) {
  PushProject project("push_tty");
  project.sql(
      "CREATE TABLE users (id int PRIMARY KEY, x text); INSERT INTO users VALUES (1, "
      "'a'), (2, 'b');");
  project.schema("CREATE TABLE users (id int PRIMARY KEY);\n");
  std::string before = project.state({"users"});

  std::string output;
  EXPECT_EQ(push_at_terminal(project.path(), {}, "n", output), 1) << output;
  EXPECT_TRUE(contains(output, "2 rows with a value in x")) << output;
  EXPECT_TRUE(contains(output, "aborted, nothing was applied")) << output;
  EXPECT_EQ(project.state({"users"}), before);

  output.clear();
  EXPECT_EQ(push_at_terminal(project.path(), {}, "y", output), 0) << output;
  EXPECT_TRUE(contains(output, "applied 1 statement")) << output;
  EXPECT_EQ(project.value("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                          "'users' AND column_name = 'x'"),
            "0");
  EXPECT_EQ(project.value("SELECT count(*) FROM users"), "2");

  // --strict asks before a change that loses nothing, too.
  project.schema("CREATE TABLE users (id int PRIMARY KEY);\nCREATE TABLE extra (id int);\n");
  output.clear();
  EXPECT_EQ(push_at_terminal(project.path(), {"--strict"}, "n", output), 1) << output;
  EXPECT_TRUE(contains(output, "--strict")) << output;
  EXPECT_EQ(project.value("SELECT count(*) FROM pg_tables WHERE tablename = 'extra'"), "0");
  output.clear();
  EXPECT_EQ(push_at_terminal(project.path(), {"--strict"}, "y", output), 0) << output;
  EXPECT_EQ(project.value("SELECT count(*) FROM pg_tables WHERE tablename = 'extra'"), "1");
}

TEST(CliPush, RenamesKeepTheData) {
  PushProject project("push_rename");
  project.sql(
      "CREATE TABLE people (id int PRIMARY KEY, name text); INSERT INTO people VALUES "
      "(1, 'Ada'), (2, 'Grace');");
  project.schema("CREATE TABLE people (id int PRIMARY KEY, full_name text);\n");
  std::string before = project.state({"people"});

  // Nobody answered whether full_name is new or renamed: no guess, nothing applied.
  auto unanswered = project.push("--force");
  EXPECT_EQ(unanswered.exit_code, 2) << printed(unanswered);
  EXPECT_TRUE(contains(unanswered.err, "full_name")) << unanswered.err;
  EXPECT_EQ(project.state({"people"}), before);

  auto renamed = project.push("--rename column:public.people.name=full_name");
  ASSERT_EQ(renamed.exit_code, 0) << printed(renamed);
  EXPECT_FALSE(contains(printed(renamed), "may lose data")) << printed(renamed);
  EXPECT_EQ(project.value("SELECT string_agg(full_name, ',' ORDER BY id) FROM people"),
            "Ada,Grace");

  // A table rename from sleet.toml's renames.
  project.config(
      fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\nrenames = "
                  "[\"table:public.people=public.persons\"]\n",
                  test_cluster().url(project.database())));
  project.schema("CREATE TABLE persons (id int PRIMARY KEY, full_name text);\n");
  auto table = project.push("");
  ASSERT_EQ(table.exit_code, 0) << printed(table);
  EXPECT_EQ(project.value("SELECT string_agg(full_name, ',' ORDER BY id) FROM persons"),
            "Ada,Grace");
  EXPECT_EQ(project.value("SELECT count(*) FROM pg_tables WHERE tablename = 'people'"), "0");
}

TEST(CliPush, JsonIsOneDocumentWithStatementsHazardsAndCounts) {
  PushProject project("push_json");
  project.sql(
      "CREATE TABLE users (id int PRIMARY KEY, x text); INSERT INTO users VALUES (1, "
      "'a'), (2, 'b'), (3, NULL);");
  project.schema("CREATE TABLE users (id int PRIMARY KEY);\nCREATE TABLE tags (id int);\n");

  auto result = run_sleet("--json push --force", project.path(), "NO_COLOR=1");
  ASSERT_EQ(result.exit_code, 0) << printed(result);
  nlohmann::json document;
  ASSERT_NO_THROW(document = nlohmann::json::parse(result.out)["targets"]) << result.out;
  ASSERT_TRUE(document.is_array()) << result.out;
  ASSERT_EQ(document.size(), 1u) << result.out;
  EXPECT_EQ(document[0]["status"], "applied");
  const auto& statements = document[0]["statements"];
  ASSERT_EQ(statements.size(), 2u) << result.out;
  bool found_drop = false;
  for (const auto& statement : statements) {
    ASSERT_TRUE(statement.contains("sql")) << statement;
    ASSERT_TRUE(statement["hazards"].is_array()) << statement;
    if (contains(statement["sql"].get<std::string>(), "DROP COLUMN")) {
      found_drop = true;
      EXPECT_EQ(statement["hazards"][0], "data loss") << statement;
      EXPECT_EQ(statement["affected_rows"]["rows"], 2) << statement;
      EXPECT_EQ(statement["affected_rows"]["meaning"], "rows with a value in x") << statement;
    } else {
      EXPECT_FALSE(statement.contains("affected_rows")) << statement;
    }
  }
  EXPECT_TRUE(found_drop) << result.out;
  EXPECT_EQ(project.value("SELECT count(*) FROM pg_tables WHERE tablename = 'tags'"), "1");

  // A refusal is still one JSON document on stdout, one entry for the target holding the
  // plan it refused and why.
  project.sql("ALTER TABLE users ADD COLUMN y text; UPDATE users SET y = 'v';");
  auto refused = run_sleet("--json push", project.path(), "NO_COLOR=1");
  EXPECT_EQ(refused.exit_code, 1) << printed(refused);
  ASSERT_NO_THROW(document = nlohmann::json::parse(refused.out)["targets"]) << refused.out;
  ASSERT_EQ(document.size(), 1u) << refused.out;
  EXPECT_EQ(document[0]["status"], "refused") << refused.out;
  EXPECT_EQ(document[0]["statements"][0]["affected_rows"]["rows"], 3) << refused.out;
  EXPECT_EQ(document[0]["error"]["exit_code"], 1) << refused.out;
  EXPECT_TRUE(contains(document[0]["error"]["hint"].get<std::string>(), "--force"));
  EXPECT_EQ(project.value("SELECT count(y) FROM users"), "3");
}

TEST(CliPush, VerboseShowsEveryStatement) {
  const char* schema =
      "CREATE TABLE users (id int PRIMARY KEY, name text);\n"
      "CREATE TABLE tags (id int PRIMARY KEY, label text NOT NULL);\n"
      "CREATE INDEX tags_label ON tags (label);\n";
  const std::vector<std::string> statements{
      R"(CREATE TABLE "public"."tags")", R"(ALTER TABLE "public"."users" ADD COLUMN "name" text)",
      R"(CREATE INDEX "tags_label" ON "public"."tags")"};
  PushProject quiet("push_quiet");
  quiet.sql("CREATE TABLE users (id int PRIMARY KEY);");
  quiet.schema(schema);
  auto plain = quiet.push("");
  ASSERT_EQ(plain.exit_code, 0) << printed(plain);
  // Without --verbose one line per statement names it, without its SQL.
  for (const auto& sql : statements) EXPECT_FALSE(contains(plain.out, sql)) << plain.out;

  PushProject project("push_verbose");
  project.sql("CREATE TABLE users (id int PRIMARY KEY);");
  project.schema(schema);
  auto result = project.push("--verbose");
  ASSERT_EQ(result.exit_code, 0) << printed(result);
  for (const auto& sql : statements) EXPECT_TRUE(contains(result.out, sql)) << result.out;
  EXPECT_TRUE(contains(result.out, "[3]")) << result.out;
  EXPECT_TRUE(contains(result.err, "running [1]")) << result.err;
  EXPECT_EQ(project.value("SELECT count(*) FROM pg_indexes WHERE indexname = 'tags_label'"), "1");
}

TEST(CliPush, ConcurrentIndexRunsAfterTheTransactionAndDuplicatesStopItBefore) {
  PushProject project("push_concurrent");
  project.sql(
      "CREATE TABLE t (id int PRIMARY KEY, email text); INSERT INTO t VALUES (1, 'a'), "
      "(2, 'b');");
  project.schema(
      "CREATE TABLE t (id int PRIMARY KEY, email text);\n"
      "CREATE UNIQUE INDEX CONCURRENTLY t_email ON t (email);\n"
      "CREATE TABLE u (id int);\n");
  auto applied = project.push("");
  ASSERT_EQ(applied.exit_code, 0) << printed(applied);
  EXPECT_TRUE(contains(applied.out, "1 statement runs after the transaction")) << applied.out;
  EXPECT_TRUE(contains(printed(applied), "0 key values held by more than one row"))
      << printed(applied);
  EXPECT_EQ(project.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_email'::regclass"),
            "t");
  EXPECT_TRUE(contains(project.push("").out, "No changes"));

  // Duplicates: found before the transaction, so u is not created without the index.
  project.sql("DROP INDEX t_email; DROP TABLE u; INSERT INTO t VALUES (3, 'a');");
  std::string before = project.state({"t"});
  auto stopped = project.push("");
  EXPECT_EQ(stopped.exit_code, 1) << printed(stopped);
  EXPECT_TRUE(contains(stopped.err, "CREATE UNIQUE INDEX CONCURRENTLY")) << stopped.err;
  EXPECT_TRUE(contains(stopped.err, "1 key value held by more than one row")) << stopped.err;
  EXPECT_TRUE(contains(stopped.err, "nothing was applied")) << stopped.err;
  EXPECT_EQ(project.state({"t"}), before);
}

// The race the rehearsal cannot see (duplicates arriving after it): apply_push itself drops
// the invalid index a failed CREATE INDEX CONCURRENTLY leaves, else the catalog would list it
// and the next push would find nothing to do.
TEST(CliPush, FailedConcurrentIndexLeavesNoInvalidIndex) {
  PushProject project("push_invalid");
  project.sql("CREATE TABLE t (id int, email text); INSERT INTO t VALUES (1, 'a'), (2, 'a');");
  Plan plan;
  PlannedStatement statement{};
  statement.sql = R"(CREATE UNIQUE INDEX CONCURRENTLY "t_email" ON "public"."t" ("email");)";
  statement.hazards = kNoTransaction | kMayFailOnData;
  statement.object = QualifiedName{"public", "t"};
  statement.kind = ChangeKind::CreateIndex;
  plan.statements.push_back(statement);
  db::Connection connection = test_cluster().connect(project.database());
  try {
    apply_push(connection, plan);
    ADD_FAILURE() << "the index was built over duplicate keys";
  } catch (const Error& error) {
    EXPECT_TRUE(contains(error.what(), "the invalid index t_email it left was dropped"))
        << error.what();
  }
  EXPECT_EQ(project.value("SELECT count(*) FROM pg_class WHERE relname = 't_email'"), "0");
}

// A table renamed by hand in the database: push renames its default-named constraints and
// index to match the files, keeps the rows, and says what each was called.
TEST(CliPush, ConstraintNamesFollowATableRenamedInTheDatabase) {
  PushProject project("push_member_renames");
  project.sql(
      "CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE); CREATE INDEX users_email_idx "
      "ON users (lower(email)); INSERT INTO users VALUES (1, 'a'); ALTER TABLE users RENAME TO "
      "accounts;");
  project.schema(
      "CREATE TABLE accounts (id int PRIMARY KEY, email text UNIQUE);\n"
      "CREATE INDEX accounts_email_idx ON accounts (lower(email));\n");
  auto pushed = project.push("");
  ASSERT_EQ(pushed.exit_code, 0) << printed(pushed);
  EXPECT_TRUE(contains(pushed.out, "rename constraint public.accounts users_pkey › accounts_pkey"))
      << pushed.out;
  EXPECT_TRUE(
      contains(pushed.out, "rename index public.accounts users_email_idx › accounts_email_idx"))
      << pushed.out;
  EXPECT_FALSE(contains(pushed.out, "drop")) << pushed.out;
  EXPECT_EQ(project.value("SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE "
                          "relkind = 'i' AND relname LIKE 'accounts%'"),
            "accounts_email_idx,accounts_email_key,accounts_pkey");
  EXPECT_EQ(project.value("SELECT count(*) FROM accounts"), "1");
  EXPECT_TRUE(contains(project.push("").out, "No changes"));
}

// An invalid index left by someone else's failed CREATE INDEX CONCURRENTLY is not the index
// the files declare: push rebuilds it (it would otherwise report "No changes" over an index
// that enforces nothing).
TEST(CliPush, InvalidIndexInTheDatabaseIsRebuilt) {
  PushProject project("push_rebuild_invalid");
  project.sql("CREATE TABLE t (id int, email text); INSERT INTO t VALUES (1, 'a'), (2, 'a');");
  EXPECT_THROW(project.sql("CREATE UNIQUE INDEX CONCURRENTLY t_email ON t (email);"), Error);
  ASSERT_EQ(project.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_email'::regclass"),
            "f");
  project.sql("DELETE FROM t WHERE id = 2;");
  project.schema(
      "CREATE TABLE t (id int, email text);\nCREATE UNIQUE INDEX t_email ON t (email);\n");
  auto pushed = project.push("");
  ASSERT_EQ(pushed.exit_code, 0) << printed(pushed);
  EXPECT_TRUE(contains(pushed.out, "drop index public.t t_email")) << pushed.out;
  EXPECT_TRUE(contains(pushed.out, "create index public.t t_email")) << pushed.out;
  EXPECT_EQ(project.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_email'::regclass"),
            "t");
  EXPECT_TRUE(contains(project.push("").out, "No changes"));
}

TEST(CliPush, EnumValueUsedLaterIsCommittedFirst) {
  PushProject project("push_enum");
  project.sql(
      "CREATE TYPE mood AS ENUM ('happy'); CREATE TABLE t (id int, m mood DEFAULT "
      "'happy'); INSERT INTO t VALUES (1, 'happy');");
  project.schema(
      "CREATE TYPE mood AS ENUM ('happy', 'sad');\n"
      "CREATE TABLE t (id int, m mood DEFAULT 'sad');\n");
  auto result = project.push("");
  ASSERT_EQ(result.exit_code, 0) << printed(result);
  EXPECT_TRUE(contains(result.out, "1 enum value is committed before the transaction"))
      << result.out;
  EXPECT_EQ(project.value("SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum"),
            "happy,sad");
  EXPECT_EQ(project.value("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef"), "'sad'::mood");
  EXPECT_TRUE(contains(project.push("").out, "No changes"));
}

TEST(CliPush, FailureInsideTheTransactionLeavesTheDatabaseAsBefore) {
  PushProject project("push_midway");
  // The new foreign key fails on the rows; nothing has a row count, so nothing rehearses it.
  project.sql(
      "CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int PRIMARY "
      "KEY, parent_id int); INSERT INTO parent VALUES (1); INSERT INTO child VALUES "
      "(1, 1), (2, 99);");
  project.schema(
      "CREATE TABLE parent (id int PRIMARY KEY, note text);\n"
      "CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent);\n"
      "CREATE TABLE before_it (id int PRIMARY KEY);\n");
  std::string before = project.state({"parent", "child"});
  auto result = project.push("--force");
  EXPECT_EQ(result.exit_code, 1) << printed(result);
  EXPECT_TRUE(contains(result.err, "FOREIGN KEY")) << result.err;
  EXPECT_TRUE(contains(result.err, "the transaction was rolled back: nothing was applied"))
      << result.err;
  EXPECT_EQ(project.state({"parent", "child"}), before);

  // A default calling a function the server does not have: refused, nothing created.
  project.schema(
      "CREATE TABLE parent (id int PRIMARY KEY);\n"
      "CREATE TABLE child (id int PRIMARY KEY, parent_id int);\n"
      "CREATE TABLE things (id int DEFAULT no_such_function());\n");
  auto missing = project.push("--force");
  EXPECT_EQ(missing.exit_code, 1) << printed(missing);
  EXPECT_TRUE(contains(missing.err, "no_such_function")) << missing.err;
  EXPECT_EQ(project.state({"parent", "child"}), before);
}

TEST(CliPush, SchemaFilterMatchingNothingIsAUsageError) {
  PushProject project("push_filter", "schema_filter = [\"biling\"]\n");
  project.schema("CREATE TABLE users (id int PRIMARY KEY);\n");
  std::string before = project.state({});
  auto result = project.push("--force");
  EXPECT_EQ(result.exit_code, 2) << printed(result);
  EXPECT_TRUE(contains(result.err, "'biling'")) << result.err;
  EXPECT_TRUE(contains(result.err, "schema_filter")) << result.err;
  EXPECT_EQ(project.state({}), before);
}

// A typo next to an entry that matches is not an error (an entry may name a schema dropped
// since), but it is said.
TEST(CliPush, SchemaFilterEntryMatchingNothingIsAWarning) {
  PushProject project("push_filter_typo", "schema_filter = [\"public\", \"biling\"]\n");
  project.schema("CREATE TABLE users (id int PRIMARY KEY);\n");
  auto result = project.push("--force");
  EXPECT_EQ(result.exit_code, 0) << printed(result);
  EXPECT_TRUE(contains(result.err, "schema_filter entry 'biling' matches no schema")) << result.err;
  EXPECT_EQ(project.value("SELECT count(*) FROM pg_tables WHERE tablename = 'users'"), "1");
}

// A drizzle project's tablesFilter ["!langchain_pg_*"] carried into sleet.toml: the tables
// another program made beside the project's are neither dropped nor reported; the project's
// own tables are pushed as usual, and status sees no drift.
TEST(CliPush, ExcludedTablesAnotherProgramMadeAreLeftAlone) {
  PushProject project("push_filter_not", "tables_filter = [\"!langchain_pg_*\"]\n");
  project.sql(
      "CREATE TABLE langchain_pg_embedding (id int PRIMARY KEY, document text);"
      "INSERT INTO langchain_pg_embedding VALUES (1, 'kept');");
  project.schema("CREATE TABLE users (id int PRIMARY KEY);\n");
  auto result = project.push("--force");
  EXPECT_EQ(result.exit_code, 0) << printed(result);
  EXPECT_FALSE(contains(printed(result), "langchain")) << printed(result);
  EXPECT_EQ(project.value("SELECT document FROM langchain_pg_embedding"), "kept");
  EXPECT_EQ(project.value("SELECT count(*) FROM pg_tables WHERE tablename = 'users'"), "1");
  auto again = project.push("--force");
  EXPECT_TRUE(contains(again.out, "No changes")) << printed(again);
}

TEST(CliPush, SchemaWithoutUsageIsAClearFailure) {
  PushProject project("push_denied");
  auto& cluster = test_cluster();
  std::string role = project.database() + "_pusher";
  cluster.execute(fmt::format("CREATE ROLE {} LOGIN PASSWORD 'pusher-pw'", role));
  project.sql(
      fmt::format("CREATE SCHEMA vault; CREATE TABLE vault.secrets (id int); INSERT INTO "
                  "vault.secrets VALUES (1); GRANT CREATE ON SCHEMA public TO {};",
                  role));
  std::string url = fmt::format("postgres://{}:pusher-pw@{}:{}/{}", role, cluster.host(),
                                cluster.port(), project.database());
  project.config(
      fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\nschema_filter = "
                  "[\"public\", \"vault\"]\n",
                  url));
  project.schema("CREATE TABLE users (id int PRIMARY KEY);\n");
  std::string before = project.state({"vault.secrets"});
  auto result = project.push("--force");
  EXPECT_EQ(result.exit_code, 1) << printed(result);
  EXPECT_TRUE(contains(result.err, "permission denied for schema vault")) << result.err;
  EXPECT_TRUE(contains(result.err, "GRANT USAGE ON SCHEMA vault")) << result.err;
  EXPECT_FALSE(contains(printed(result), "pusher-pw")) << printed(result);
  EXPECT_EQ(project.state({"vault.secrets"}), before);
}

// A role with CREATE on public but not its owner cannot let the server normalise (that
// renames public inside a rolled-back transaction): push still works with the offline rules
// and says so.
TEST(CliPush, RoleThatDoesNotOwnPublicStillPushes) {
  PushProject project("push_not_owner");
  auto& cluster = test_cluster();
  std::string role = project.database() + "_creator";
  cluster.execute(fmt::format("CREATE ROLE {} LOGIN PASSWORD 'creator-pw'", role));
  project.sql(fmt::format("GRANT CREATE ON SCHEMA public TO {}", role));
  std::string url = fmt::format("postgres://{}:creator-pw@{}:{}/{}", role, cluster.host(),
                                cluster.port(), project.database());
  project.config(fmt::format("schema = \"schema/*.sql\"\nurl = \"{}\"\n", url));
  project.schema("CREATE TABLE users (id int PRIMARY KEY, name text DEFAULT 'x');\n");
  auto first = project.push("");
  ASSERT_EQ(first.exit_code, 0) << printed(first);
  EXPECT_EQ(project.value("SELECT count(*) FROM pg_tables WHERE tablename = 'users'"), "1");
  auto second = project.push("");
  ASSERT_EQ(second.exit_code, 0) << printed(second);
  EXPECT_TRUE(contains(second.out, "No changes")) << printed(second);

  project.schema("CREATE TABLE users (id int PRIMARY KEY, name text DEFAULT 'x', age int);\n");
  auto third = project.push("");
  ASSERT_EQ(third.exit_code, 0) << printed(third);
  EXPECT_TRUE(contains(third.err, "offline rules only")) << printed(third);
  EXPECT_EQ(project.value("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                          "'users' AND column_name = 'age'"),
            "1");
}

TEST(CliPush, UnreachableServerExitsThreeWithoutThePassword) {
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            "schema = \"schema/*.sql\"\n"
            "url = \"postgres://someone:Sup3rSecretPw@127.0.0.1:1/nothing\"\n");
  dir.write("schema/app.sql", "CREATE TABLE users (id int);\n");
  auto result = run_sleet("push --force", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(result.exit_code, 3) << printed(result);
  EXPECT_FALSE(result.err.empty());
  EXPECT_FALSE(contains(printed(result), "Sup3rSecretPw")) << printed(result);
}

// The schema files are read while the database is: a mistake in them is reported first
// (exit 2, at its line), whether the server answers or not, and nothing is applied.
TEST(CliPush, SchemaFileErrorComesBeforeTheDatabase) {
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            "schema = \"schema/*.sql\"\n"
            "url = \"postgres://someone:pw@127.0.0.1:1/nothing\"\n");
  dir.write("schema/app.sql",
            "CREATE TABLE users (id int);\nCREATE TABLE broken (id nosuchtype);\n");
  auto unreachable = run_sleet("push --force", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(unreachable.exit_code, 2) << printed(unreachable);
  EXPECT_TRUE(contains(unreachable.err, "app.sql:2:")) << printed(unreachable);

  PushProject project("push_bad_file");
  project.schema("CREATE TABLE users (id int);\nCREATE TABLE broken (id nosuchtype);\n");
  auto reachable = project.push("--force");
  EXPECT_EQ(reachable.exit_code, 2) << printed(reachable);
  EXPECT_TRUE(contains(reachable.err, "app.sql:2:")) << printed(reachable);
  EXPECT_EQ(project.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
}

// push runs sleet lint's rules on its plan and names each finding's statement; a table the
// same push creates gives none.
TEST(CliPush, LintFindingsNameTheirStatement) {
  PushProject project("push_lint");
  project.sql("CREATE TABLE users (id bigint PRIMARY KEY, email text)");
  project.schema(
      "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n"
      "CREATE INDEX users_email ON users (email);\n"
      "CREATE TABLE posts (id bigint PRIMARY KEY, title text);\n"
      "CREATE INDEX posts_title ON posts (title);\n");
  auto result = project.push("--force");
  ASSERT_EQ(result.exit_code, 0) << printed(result);
  EXPECT_TRUE(contains(result.err, "require-concurrent-index-creation")) << result.err;
  EXPECT_TRUE(contains(result.err, "users_email")) << result.err;
  EXPECT_FALSE(contains(result.err, "posts_title")) << result.err;
}

// With the database at hand, push weighs lock findings by the table's size as `sleet lint
// --url` does: an index on a table the statistics call small is not worth a warning.
TEST(CliPush, LintFindingsOnSmallTablesAreNotWarnings) {
  PushProject project("push_lint_sizes", "[lint]\nsmall_table_rows = 500\n");
  project.sql(
      "CREATE TABLE small (id bigint PRIMARY KEY, note text);\n"
      "CREATE TABLE big (id bigint PRIMARY KEY, note text);\n"
      "INSERT INTO small SELECT g, 'n' FROM generate_series(1, 20) g;\n"
      "INSERT INTO big SELECT g, 'n' FROM generate_series(1, 2000) g;\n"
      "ANALYZE small; ANALYZE big;");
  project.schema(
      "CREATE TABLE small (id bigint PRIMARY KEY, note text);\n"
      "CREATE TABLE big (id bigint PRIMARY KEY, note text);\n"
      "CREATE INDEX small_note ON small (note);\n"
      "CREATE INDEX big_note ON big (note);\n");
  auto result = project.push("--force");
  ASSERT_EQ(result.exit_code, 0) << printed(result);
  EXPECT_TRUE(contains(result.err, "big_note")) << result.err;
  EXPECT_FALSE(contains(result.err, "small_note")) << result.err;
}

TEST(CliPush, AllTargetsAppliesTheOthersWhenOneFails) {
  auto& cluster = test_cluster();
  std::string good = cluster.fresh_database("push_all_good");
  std::string bad = cluster.fresh_database("push_all_bad");
  // Duplicate codes: the new unique constraint cannot be added in `bad`.
  cluster.execute(
      "CREATE TABLE items (id int PRIMARY KEY, code text); INSERT INTO items VALUES "
      "(1, 'x'), (2, 'x');",
      bad);
  TemporaryDirectory dir;
  dir.write("sleet.toml", fmt::format("schema = \"schema/*.sql\"\n[targets.good]\nurl = "
                                      "\"{}\"\n[targets.bad]\nurl = \"{}\"\n",
                                      cluster.url(good), cluster.url(bad)));
  dir.write("schema/app.sql", "CREATE TABLE items (id int PRIMARY KEY, code text UNIQUE);\n");
  std::string bad_before = catalog_fingerprint(cluster, bad);
  auto result = run_sleet("--all push --force", dir.path(), "NO_COLOR=1");
  EXPECT_EQ(result.exit_code, 1) << printed(result);
  EXPECT_TRUE(contains(result.out, "ok   good")) << printed(result);
  EXPECT_TRUE(contains(result.err, "FAIL bad")) << printed(result);
  EXPECT_TRUE(contains(result.err, "could not create unique index")) << printed(result);
  EXPECT_EQ(cluster
                .execute("SELECT count(*) FROM pg_constraint WHERE conrelid = "
                         "'items'::regclass AND contype = 'u'",
                         good)
                .value(0, 0),
            "1");
  EXPECT_EQ(catalog_fingerprint(cluster, bad), bad_before);
  EXPECT_EQ(std::string(cluster.execute("SELECT count(*) FROM items", bad).value(0, 0)), "2");
}

// A data-loss statement that counted no rows loses nothing: it needs no confirmation. One
// that counted rows still does, in the same push.
TEST(CliPush, DroppingWhatHoldsNoDataNeedsNoConfirmation) {
  PushProject project("push_nothing_lost");
  project.sql(
      "CREATE TABLE empty_one (id int); CREATE TABLE kept (id int, unused text, used text);"
      "INSERT INTO kept VALUES (1, NULL, 'x')");
  project.schema("CREATE TABLE kept (id int);\n");
  auto refused = project.push("", "");
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_TRUE(contains(refused.err, "1 statement may lose data")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "DROP COLUMN \"used\"")) << refused.err;
  EXPECT_EQ(project.value("SELECT count(*) FROM pg_tables WHERE tablename = 'empty_one'"), "1");

  project.schema("CREATE TABLE kept (id int, used text);\n");
  auto applied = project.push("", "");
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_TRUE(contains(applied.out, "0 rows in the table")) << applied.out;
  EXPECT_FALSE(contains(applied.err, "may lose data")) << applied.err;
  EXPECT_EQ(project.value("SELECT count(*) FROM pg_tables WHERE tablename = 'empty_one'"), "0");
}

}  // namespace
}  // namespace sleet::testing
