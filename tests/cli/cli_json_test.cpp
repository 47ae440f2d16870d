// Every command's --json output through the real binary: exactly one document on stdout, valid
// against docs/json.schema.json (checked by the jsonschema library, tests/cli/validate_json.py),
// in success and in failure, with the exit code unchanged (docs/json.md).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "support/test_cluster.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

// Runs `sleet --json ARGUMENTS` in `directory` and checks the envelope: one JSON document on
// stdout, valid against the schema, naming `command`, "ok" true exactly on exit 0, and the
// error of a failure in a target entry with the process's exit code (or, over several
// targets, each failing target's own code).
nlohmann::json run_json(const std::string& arguments, const std::filesystem::path& directory,
                        const std::string& command, int expected_exit_code) {
  CommandResult result = run_sleet("--json " + arguments, directory);
  EXPECT_EQ(result.exit_code, expected_exit_code) << arguments << "\n" << result.err;
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(result.out);
  } catch (const std::exception& e) {
    ADD_FAILURE() << arguments << ": stdout is not one JSON document (" << e.what() << ")\n"
                  << result.out << "\n"
                  << result.err;
    return nlohmann::json::object();
  }
  EXPECT_EQ(schema_violations(result.out), "") << arguments << "\n" << result.out;
  EXPECT_EQ(document.value("sleet", ""), SLEET_VERSION);
  EXPECT_EQ(document.value("command", ""), command) << arguments;
  EXPECT_EQ(document.value("ok", false), result.exit_code == 0) << arguments;
  if (result.exit_code != 0 && result.exit_code != 1) {
    bool recorded = false;
    for (const auto& target : document["targets"]) {
      if (target.contains("error")) recorded = true;
    }
    EXPECT_TRUE(recorded) << arguments << "\n" << result.out;
  }
  return document;
}

// The only target entry's error exit code (0 when there is no error).
int error_code(const nlohmann::json& document) {
  const auto& target = document["targets"].at(0);
  return target.contains("error") ? target["error"]["exit_code"].get<int>() : 0;
}

constexpr const char* kJournalHead = R"({"version":"7","dialect":"postgresql","entries":[)";

// A project with one target, `app`, on `url`: a users table, a seed file, no migrations yet.
void write_project(const TemporaryDirectory& dir, const std::string& url) {
  dir.write("sleet.toml", fmt::format("[targets.app]\n"
                                      "url = \"{}\"\n"
                                      "schema = \"schema/*.sql\"\n"
                                      "out = \"drizzle\"\n"
                                      "seed = [\"seed/*.sql\"]\n",
                                      url));
  dir.write("schema/schema.sql", "CREATE TABLE users (id integer PRIMARY KEY, name text);\n");
  dir.write("seed/01_users.sql", "INSERT INTO users VALUES (1, 'ada');\n");
  dir.write("drizzle/meta/_journal.json", std::string(kJournalHead) + "]}");
}

TEST(CliJson, EveryCommandSucceedsWithOneValidDocument) {
  auto& cluster = test_cluster();
  TemporaryDirectory dir;
  const std::string database = cluster.fresh_database("json_all");
  write_project(dir, cluster.url(database));

  TemporaryDirectory empty;
  auto init = run_json("init", empty.path(), "init", 0);
  EXPECT_TRUE(init["targets"][0]["target"].is_null()) << init;
  EXPECT_NE(init["targets"][0]["created"][0].get<std::string>().find("sleet.toml"),
            std::string::npos)
      << init;

  auto exported = run_json("export", dir.path(), "export", 0);
  EXPECT_EQ(exported["targets"][0]["target"], "app");
  EXPECT_TRUE(exported["targets"][0]["database"].is_null()) << exported;
  EXPECT_NE(exported["targets"][0]["statements"][0].get<std::string>().find("users"),
            std::string::npos);

  auto generated = run_json("generate --name users", dir.path(), "generate", 0);
  ASSERT_EQ(generated["targets"][0]["status"], "written") << generated;
  const std::string tag = generated["targets"][0]["tag"];
  EXPECT_NE(tag.find("users"), std::string::npos) << tag;

  auto checked = run_json("check", dir.path(), "check", 0);
  EXPECT_EQ(checked["targets"][0]["ok"], true) << checked;

  auto linted = run_json("lint", dir.path(), "lint", 0);
  EXPECT_TRUE(linted["targets"][0]["findings"].is_array()) << linted;
  EXPECT_EQ(linted["targets"][0]["target"], "app");

  auto pending = run_json("status --no-drift", dir.path(), "status", 1);
  int pending_count = 0;
  for (const auto& m : pending["targets"][0]["status"]["migrations"]) {
    pending_count += m["state"] == "pending";
  }
  EXPECT_EQ(pending_count, 1) << pending;
  EXPECT_NE(pending["targets"][0]["database"].get<std::string>().find(database), std::string::npos)
      << pending;

  auto migrated = run_json("migrate", dir.path(), "migrate", 0);
  ASSERT_EQ(migrated["targets"][0]["report"]["applied"].size(), 1u) << migrated;
  EXPECT_EQ(migrated["targets"][0]["report"]["applied"][0]["tag"], tag);
  EXPECT_NE(migrated["targets"][0]["database"].get<std::string>().find(
                fmt::format("@{}:{}/{}", cluster.host(), cluster.port(), database)),
            std::string::npos)
      << migrated;

  auto up = run_json("up", dir.path(), "up", 0);
  EXPECT_EQ(up["targets"][0]["report"]["already_applied"], 1) << up;

  auto status = run_json("status", dir.path(), "status", 0);
  EXPECT_EQ(status["targets"][0]["status"]["migrations"][0]["state"], "applied") << status;
  EXPECT_EQ(status["targets"][0]["drift"]["found"], false) << status;

  auto seeded = run_json("seed", dir.path(), "seed", 0);
  EXPECT_EQ(seeded["targets"][0]["files"][0]["rows"], 1) << seeded;

  auto diffed = run_json("diff --from drizzle --to schema/schema.sql", dir.path(), "diff", 0);
  EXPECT_EQ(diffed["targets"][0]["statements"].size(), 0u) << diffed;

  auto pushed = run_json("push --dry-run", dir.path(), "push", 0);
  EXPECT_EQ(pushed["targets"][0]["statements"].size(), 0u) << pushed;

  auto pulled = run_json("pull --dry-run --schema-dir pulled", dir.path(), "pull", 0);
  EXPECT_EQ(pulled["targets"][0]["status"], "dry_run") << pulled;

  auto info = run_json("db info", dir.path(), "db info", 0);
  EXPECT_FALSE(info["targets"][0]["server_version"].get<std::string>().empty()) << info;
  EXPECT_EQ(info["targets"][0]["database"], info["targets"][0]["connection"]) << info;

  auto waited = run_json("db wait --timeout 5", dir.path(), "db wait", 0);
  EXPECT_EQ(waited["targets"][0]["accepts_connections"], true) << waited;

  auto created = run_json("db create", dir.path(), "db create", 0);
  EXPECT_EQ(created["targets"][0]["created"], false) << created;

  auto repaired = run_json("repair --yes", dir.path(), "repair", 0);
  EXPECT_EQ(repaired["targets"][0]["repaired"].size(), 0u) << repaired;

  auto verified = run_json("verify --scratch-url '" + cluster.url() + "'", dir.path(), "verify", 0);
  EXPECT_EQ(verified["targets"].size(), 1u) << verified;

  auto reset = run_json("reset --force", dir.path(), "reset", 0);
  EXPECT_EQ(reset["targets"][0]["report"]["applied"][0]["tag"], tag) << reset;
  EXPECT_EQ(reset["targets"][0]["files"][0]["file"], "seed/01_users.sql") << reset;

  auto rolled = run_json("rollback --yes --force", dir.path(), "rollback", 0);
  EXPECT_EQ(rolled["targets"][0]["rolled_back"][0]["tag"], tag) << rolled;

  auto dropped = run_json("drop --yes " + tag, dir.path(), "drop", 0);
  EXPECT_EQ(dropped["targets"][0]["dropped"], tag) << dropped;
  // A folder in one line: nothing to rebase (the moved-migrations shape is validated in
  // tests/migrate/branch_rebase_test.cpp).
  run_json("rebase --offline", dir.path(), "rebase", 2);
  // The folder holds no migration now: nothing to convert (the converted shape is validated in
  // tests/migrate/drizzle_convert_test.cpp).
  run_json("convert --to v3 --offline", dir.path(), "convert", 2);

  // No development database here: dev url fails, dev status says so.
  auto dev = run_json("dev url", dir.path(), "dev url", 2);
  EXPECT_EQ(error_code(dev), 2) << dev;
  auto dev_status = run_json("dev status", dir.path(), "dev status", 1);
  EXPECT_EQ(dev_status["targets"][0]["running"], false) << dev_status;

  auto gone = run_json("db drop --force", dir.path(), "db drop", 0);
  EXPECT_EQ(gone["targets"][0]["dropped"], true) << gone;
}

TEST(CliJson, EveryCommandFailsWithOneValidDocument) {
  TemporaryDirectory dir;
  // Nothing listens on port 1: every command that connects exits 3.
  write_project(dir, "postgres://u:secret@127.0.0.1:1/app");
  dir.write(
      "drizzle/meta/_journal.json",
      std::string(kJournalHead) +
          R"({"idx":0,"version":"7","when":1700000000000,"tag":"0000_init","breakpoints":true}]})");
  dir.write("drizzle/0000_init.sql", "CREATE TABLE t (id int);\n");
  dir.write("drizzle/0000_init.down.sql", "DROP TABLE t;\n");
  const std::vector<std::pair<std::string, std::string>> unreachable = {
      {"migrate", "migrate"},
      {"up", "up"},
      {"status", "status"},
      {"seed", "seed"},
      {"push --force", "push"},
      {"pull --dry-run", "pull"},
      {"db info", "db info"},
      {"db create", "db create"},
      {"db drop --force", "db drop"},
      {"rollback --yes", "rollback"},
      {"repair --yes", "repair"},
      {"reset --force", "reset"},
      {"lint --pending", "lint"},
      {"verify --scratch-url postgres://u:secret@127.0.0.1:1/postgres", "verify"},
      {"diff --from postgres://u:secret@127.0.0.1:1/app --to schema/schema.sql", "diff"},
  };
  for (const auto& [arguments, command] : unreachable) {
    auto document = run_json(arguments, dir.path(), command, 3);
    if (document.empty()) continue;
    EXPECT_EQ(error_code(document), 3) << arguments << "\n" << document;
    // The password never appears, in the error or the database label.
    EXPECT_EQ(document.dump().find("secret"), std::string::npos) << arguments << document;
  }

  // Commands on files: bad input is exit 2, a failed check exit 1.
  dir.write("schema/broken.sql", "CREATE TABLE (;\n");
  auto exported = run_json("export", dir.path(), "export", 2);
  EXPECT_EQ(error_code(exported), 2) << exported;
  EXPECT_NE(exported["targets"][0]["error"]["where"].get<std::string>().find("broken.sql"),
            std::string::npos)
      << exported;
  run_json("generate", dir.path(), "generate", 2);
  auto restored = run_json("db restore missing.dump", dir.path(), "db restore", 2);
  EXPECT_EQ(error_code(restored), 2) << restored;
  auto dropped = run_json("drop --yes 0099_nothing", dir.path(), "drop", 2);
  EXPECT_EQ(error_code(dropped), 2) << dropped;
  auto init = run_json("init", dir.path(), "init", 2);
  EXPECT_TRUE(init["targets"][0]["target"].is_null()) << init;
  dir.write("drizzle/0000_init.sql", "ALTER TABLE t ADD COLUMN c int NOT NULL;\n");
  auto linted = run_json("lint drizzle/0000_init.sql", dir.path(), "lint", 1);
  bool required = false;
  for (const auto& finding : linted["targets"][0]["findings"]) {
    required = required || finding["rule"] == "adding-required-field";
  }
  EXPECT_TRUE(required) << linted;
  dir.write("drizzle/meta/_journal.json", "{");
  auto checked = run_json("check", dir.path(), "check", 1);
  EXPECT_EQ(checked["targets"][0]["ok"], false) << checked;
  // A flag sleet does not know is bad usage, in the document too.
  auto usage = run_json("status --frobnicate", dir.path(), "status", 2);
  EXPECT_EQ(error_code(usage), 2) << usage;
}

// --all: each target's entry carries its own exit code; the process keeps 3 when every target
// is unreachable, else 1 (docs/errors.md#several-targets).
TEST(CliJson, SeveralTargetsEachCarryTheirExitCode) {
  TemporaryDirectory dir;
  dir.write("sleet.toml",
            "[targets.auth]\n"
            "url = \"postgres://u:secret@127.0.0.1:1/auth\"\n"
            "[targets.users]\n"
            "url = \"postgres://u:secret@127.0.0.1:1/users\"\n"
            "out = \"missing\"\n");
  dir.write("drizzle/meta/_journal.json", std::string(kJournalHead) + "]}");
  auto mixed = run_json("migrate --all", dir.path(), "migrate", 1);
  ASSERT_EQ(mixed["targets"].size(), 2u) << mixed;
  std::map<std::string, int> codes;
  for (const auto& target : mixed["targets"])
    codes[target["target"]] = target["error"]["exit_code"];
  EXPECT_EQ(codes["auth"], 3) << mixed;
  EXPECT_EQ(codes["users"], 2) << mixed;

  dir.write("missing/meta/_journal.json", std::string(kJournalHead) + "]}");
  for (const std::string command : {"migrate", "status"}) {
    auto unreachable = run_json(command + " --all", dir.path(), command, 3);
    ASSERT_EQ(unreachable["targets"].size(), 2u) << unreachable;
    for (const auto& target : unreachable["targets"]) {
      EXPECT_EQ(target["error"]["exit_code"], 3) << unreachable;
    }
  }
}

}  // namespace
}  // namespace sleet::testing
