#include <gtest/gtest.h>

#include "config_test_support.h"

namespace sleet::config_test {
namespace {

using Strings = std::vector<std::string>;

TEST(ParseConfig, EmptyFileGivesOneDefaultTargetWithDefaults) {
  Config config = parse("");
  EXPECT_EQ(config.file, "/project/sleet.toml");
  EXPECT_EQ(config.project_directory, "/project");
  EXPECT_FALSE(config.has_targets_section);
  ASSERT_EQ(config.targets.size(), 1u);
  const Target& target = config.targets[0];
  EXPECT_EQ(target.name, "default");
  EXPECT_EQ(target.config_file, "/project/sleet.toml");
  EXPECT_EQ(target.project_directory, "/project");
  EXPECT_TRUE(target.schema.empty());
  EXPECT_EQ(target.out, "/project/drizzle");
  EXPECT_FALSE(target.url);
  EXPECT_FALSE(target.database);
  EXPECT_EQ(target.schema_filter, Strings{"public"});
  EXPECT_TRUE(target.tables_filter.empty());
  EXPECT_TRUE(target.extensions.empty());
  EXPECT_EQ(target.migrations_table, "__drizzle_migrations");
  EXPECT_EQ(target.migrations_schema, "drizzle");
  EXPECT_EQ(target.prefix, MigrationPrefix::Index);
  EXPECT_TRUE(target.breakpoints);
  EXPECT_FALSE(target.online);
  EXPECT_TRUE(target.seed.empty());
  EXPECT_TRUE(target.renames.empty());
}

TEST(ParseConfig, ReadsEveryKey) {
  Config config = parse(R"(
schema = ["schema/*.sql", "/abs/extra.sql"]
out = "db/migrations"
url = "postgres://app@localhost/app"
schema_filter = ["public", "audit"]
tables_filter = ["user_*", "!tmp_*"]
extensions = ["pgcrypto", "citext"]
prefix = "timestamp"
breakpoints = false
online = true
seed = ["seed/*.sql"]
renames = ["table:public.a=public.b", "column:public.t.old=new"]

[migrations]
table = "schema_history"
schema = "meta"
)");
  ASSERT_EQ(config.targets.size(), 1u);
  const Target& target = config.targets[0];
  EXPECT_EQ(target.schema, (Strings{"/project/schema/*.sql", "/abs/extra.sql"}));
  EXPECT_EQ(target.out, "/project/db/migrations");
  EXPECT_EQ(target.url, "postgres://app@localhost/app");
  EXPECT_FALSE(target.database);
  EXPECT_EQ(target.schema_filter, (Strings{"public", "audit"}));
  EXPECT_EQ(target.tables_filter, (Strings{"user_*", "!tmp_*"}));
  EXPECT_EQ(target.extensions, (Strings{"pgcrypto", "citext"}));
  EXPECT_EQ(target.prefix, MigrationPrefix::Timestamp);
  EXPECT_FALSE(target.breakpoints);
  EXPECT_TRUE(target.online);
  EXPECT_EQ(target.seed, Strings{"/project/seed/*.sql"});
  EXPECT_EQ(target.renames, (Strings{"table:public.a=public.b", "column:public.t.old=new"}));
  EXPECT_EQ(target.migrations_table, "schema_history");
  EXPECT_EQ(target.migrations_schema, "meta");
}

TEST(ParseConfig, ReadsEveryPrefixAndDatabase) {
  EXPECT_EQ(parse("prefix = \"index\"").targets[0].prefix, MigrationPrefix::Index);
  EXPECT_EQ(parse("prefix = \"unix\"").targets[0].prefix, MigrationPrefix::Unix);
  EXPECT_EQ(parse("prefix = \"none\"").targets[0].prefix, MigrationPrefix::None);
  EXPECT_EQ(to_string(MigrationPrefix::Timestamp), "timestamp");
  Target target = parse("database = \"app_db\"").targets[0];
  EXPECT_EQ(target.database, "app_db");
  EXPECT_FALSE(target.url);
}

TEST(ParseConfig, CasingForTypeScriptSchemas) {
  EXPECT_EQ(parse("").targets[0].casing, "");
  Config config =
      parse("casing = \"snake_case\"\n[targets.a]\n[targets.b]\ncasing = \"camelCase\"\n");
  EXPECT_EQ(config.targets[0].casing, "snake_case");
  EXPECT_EQ(config.targets[1].casing, "camelCase");
  Error error = parse_error("casing = \"snakecase\"");
  EXPECT_EQ(std::string(error.what()), "`casing` cannot be \"snakecase\"");
  EXPECT_EQ(error.hint().rfind("did you mean `snake_case`?", 0), 0u) << error.hint();
}

// `format`: the layout a new migration folder gets, per target; journal unless said.
TEST(ParseConfig, FormatOfNewMigrationFolders) {
  EXPECT_EQ(parse("").targets[0].format, "journal");
  Config config = parse("format = \"v3\"\n[targets.a]\n[targets.b]\nformat = \"journal\"\n");
  EXPECT_EQ(config.targets[0].format, "v3");
  EXPECT_EQ(config.targets[1].format, "journal");
  Error error = parse_error("format = \"v2\"");
  EXPECT_EQ(std::string(error.what()), "`format` cannot be \"v2\"");
  EXPECT_NE(error.hint().find("\"v3\" (drizzle-kit 1.0)"), std::string::npos) << error.hint();
  EXPECT_NE(error.where().find(":1:"), std::string::npos) << error.where();
}

// A folder drizzle-kit also applies keeps the plain forms: `online` is set per target.
TEST(ParseConfig, OnlineIsSetPerTarget) {
  Config config = parse(R"(
online = true
[targets.app]
[targets.legacy]
online = false
)");
  ASSERT_EQ(config.targets.size(), 2u);
  EXPECT_TRUE(config.targets[0].online);   // app
  EXPECT_FALSE(config.targets[1].online);  // legacy
  EXPECT_THROW(parse("online = \"yes\""), Error);
}

TEST(ParseConfig, ListKeysAcceptOneString) {
  Target target = parse("schema = \"schema/*.sql\"\nextensions = \"pgcrypto\"").targets[0];
  EXPECT_EQ(target.schema, Strings{"/project/schema/*.sql"});
  EXPECT_EQ(target.extensions, Strings{"pgcrypto"});
}

TEST(ParseConfig, RelativePathsAreNormalisedAgainstTheProjectDirectory) {
  Target target = parse("out = \"./a/../migrations/\"\nschema = \"../shared/**/*.sql\"").targets[0];
  EXPECT_EQ(target.out, "/project/migrations/");
  EXPECT_EQ(target.schema, Strings{"/shared/**/*.sql"});
}

TEST(ParseConfig, TargetsOverrideDefaultsAndArraysReplace) {
  Config config = parse(R"(
schema = "schema/*.sql"
schema_filter = ["public", "audit"]
extensions = ["pgcrypto"]
breakpoints = false
[migrations]
schema = "tracking"

[targets.users]
database = "user_db"

[targets.auth]
database = "auth_db"
schema = ["services/auth/*.sql"]
out = "services/auth/drizzle"
schema_filter = ["auth"]
[targets.auth.migrations]
table = "auth_migrations"
)");
  EXPECT_TRUE(config.has_targets_section);
  ASSERT_EQ(config.targets.size(), 2u);
  const Target& auth = config.targets[0];
  const Target& users = config.targets[1];
  EXPECT_EQ(auth.name, "auth");
  EXPECT_EQ(users.name, "users");

  EXPECT_EQ(auth.database, "auth_db");
  EXPECT_EQ(auth.schema, Strings{"/project/services/auth/*.sql"});
  EXPECT_EQ(auth.out, "/project/services/auth/drizzle");
  EXPECT_EQ(auth.schema_filter, Strings{"auth"});
  EXPECT_EQ(auth.extensions, Strings{"pgcrypto"});
  EXPECT_FALSE(auth.breakpoints);
  EXPECT_EQ(auth.migrations_table, "auth_migrations");
  EXPECT_EQ(auth.migrations_schema, "tracking");

  EXPECT_EQ(users.database, "user_db");
  EXPECT_EQ(users.schema, Strings{"/project/schema/*.sql"});
  EXPECT_EQ(users.out, "/project/drizzle");
  EXPECT_EQ(users.schema_filter, (Strings{"public", "audit"}));
  EXPECT_EQ(users.migrations_table, "__drizzle_migrations");
  EXPECT_EQ(users.migrations_schema, "tracking");
}

TEST(ParseConfig, TargetConnectionReplacesTheInheritedOne) {
  Config config = parse(R"(
url = "postgres://localhost/main"
[targets.auth]
database = "auth_db"
[targets.main]
out = "main"
)");
  EXPECT_EQ(config.targets[0].database, "auth_db");
  EXPECT_FALSE(config.targets[0].url);
  EXPECT_EQ(config.targets[1].url, "postgres://localhost/main");
  EXPECT_FALSE(config.targets[1].database);
}

TEST(ParseConfig, EmptyUrlCountsAsUnset) {
  Target target = parse("url = \"${DATABASE_URL:-}\"").targets[0];
  EXPECT_FALSE(target.url);
}

TEST(ParseConfigErrors, UrlAndDatabaseInOneScope) {
  Error error = parse_error("[targets.auth]\nurl = \"postgres://x/y\"\ndatabase = \"auth_db\"\n");
  EXPECT_EQ(error.kind(), ErrorKind::Usage);
  EXPECT_EQ(std::string(error.what()),
            "`targets.auth.url` and `targets.auth.database` are both set");
  EXPECT_EQ(error.where(), "/project/sleet.toml:3:1");
  // Set in different scopes, they are not a conflict.
  EXPECT_NO_THROW(parse("url = \"postgres://x/y\"\n[targets.auth]\ndatabase = \"auth_db\"\n"));
}

TEST(ParseConfigErrors, UnknownTopLevelKeySuggestsTheNearest) {
  Error error = parse_error("out = \"drizzle\"\n  schem = \"schema/*.sql\"\n");
  EXPECT_EQ(error.kind(), ErrorKind::Usage);
  EXPECT_EQ(std::string(error.what()), "unknown key `schem` at the top level");
  EXPECT_EQ(error.where(), "/project/sleet.toml:2:3");
  EXPECT_EQ(error.hint(), "did you mean `schema`?");
  EXPECT_EQ(parse_error("target = 1").hint(), "did you mean `targets`?");
  EXPECT_EQ(parse_error("breakpionts = true").hint(), "did you mean `breakpoints`?");
}

TEST(ParseConfigErrors, UnknownKeyInsideTargetsAndMigrations) {
  Error error = parse_error("[targets.auth]\nout = \"x\"\nextentions = []\n");
  EXPECT_EQ(std::string(error.what()), "unknown key `extentions` in [targets.auth]");
  EXPECT_EQ(error.where(), "/project/sleet.toml:3:1");
  EXPECT_EQ(error.hint(), "did you mean `extensions`?");

  error = parse_error("[targets.auth.migrations]\ntabel = \"m\"\n");
  EXPECT_EQ(std::string(error.what()), "unknown key `tabel` in [targets.auth.migrations]");
  EXPECT_EQ(error.where(), "/project/sleet.toml:2:1");
  EXPECT_EQ(error.hint(), "did you mean `table`?");

  error = parse_error("[targets.auth]\ntargets = {}\n");
  EXPECT_EQ(std::string(error.what()), "unknown key `targets` in [targets.auth]");
}

TEST(ParseConfigErrors, MisplacedKeySaysWhereItBelongs) {
  Error error = parse_error("[migrations]\nprefix = \"unix\"\n");
  EXPECT_EQ(error.where(), "/project/sleet.toml:2:1");
  EXPECT_EQ(error.hint(), "`prefix` belongs in the top level or [targets.NAME]");
  EXPECT_EQ(parse_error("table = \"m\"").hint(), "`table` belongs in [migrations]");
}

TEST(ParseConfigErrors, UnknownKeyWithNothingCloseListsValidKeys) {
  Error error = parse_error("[migrations]\nfrobnicate = 1\n");
  EXPECT_EQ(error.hint(), "valid keys here: table, schema");
  EXPECT_NE(parse_error("zzzzzzzz = 1").hint().find("valid keys here: schema, out,"),
            std::string::npos);
}

TEST(ParseConfigErrors, WrongValueTypesNameTheKeyAndPosition) {
  Error error = parse_error("out = 3\n");
  EXPECT_EQ(error.kind(), ErrorKind::Usage);
  EXPECT_EQ(std::string(error.what()), "`out` must be a string, not an integer");
  EXPECT_EQ(error.where(), "/project/sleet.toml:1:7");

  error = parse_error("breakpoints = \"yes\"");
  EXPECT_EQ(std::string(error.what()), "`breakpoints` must be true or false, not a string");

  error = parse_error("extensions = [\"pgcrypto\", 1]");
  EXPECT_EQ(std::string(error.what()),
            "`extensions` must be an array of strings, but element 2 is an integer");
  EXPECT_EQ(error.where(), "/project/sleet.toml:1:27");

  error = parse_error("schema = { a = 1 }");
  EXPECT_EQ(std::string(error.what()),
            "`schema` must be a string or an array of strings, not a table");

  error = parse_error("migrations = \"x\"");
  EXPECT_EQ(std::string(error.what()), "`migrations` must be a table, not a string");

  error = parse_error("[targets]\nauth = 3\n");
  EXPECT_EQ(std::string(error.what()), "`targets.auth` must be a table, not an integer");
  EXPECT_EQ(error.where(), "/project/sleet.toml:2:8");

  error = parse_error("[targets.auth.migrations]\nschema = 1.5\n");
  EXPECT_EQ(std::string(error.what()),
            "`targets.auth.migrations.schema` must be a string, not a floating-point number");
}

TEST(ParseConfigErrors, BadValues) {
  Error error = parse_error("\nprefix = \"indx\"");
  EXPECT_EQ(std::string(error.what()), "`prefix` cannot be \"indx\"");
  EXPECT_EQ(error.where(), "/project/sleet.toml:2:10");
  EXPECT_EQ(error.hint().rfind("did you mean `index`?", 0), 0u) << error.hint();

  EXPECT_EQ(std::string(parse_error("out = \"\"").what()), "`out` is empty");
  EXPECT_EQ(std::string(parse_error("schema_filter = []").what()), "`schema_filter` is empty");
  EXPECT_EQ(std::string(parse_error("[targets]\n").what()), "[targets] defines no target");
  EXPECT_EQ(std::string(parse_error("targets = 1").what()),
            "`targets` must be a table, not an integer");
}

TEST(ParseConfigErrors, BrokenTomlReportsItsPosition) {
  Error error = parse_error("out = \"drizzle\"\nschema = [\"a.sql\",\n\nurl = 1\n");
  EXPECT_EQ(error.kind(), ErrorKind::Usage);
  EXPECT_EQ(std::string(error.what()).rfind("invalid TOML: ", 0), 0u) << error.what();
  EXPECT_EQ(error.where(), "/project/sleet.toml:4:1") << error.what();
  EXPECT_NE(std::string(error.what()).find("could not determine value type"), std::string::npos)
      << error.what();

  error = parse_error("\n[targets.auth]\nout = \"unterminated\n");
  EXPECT_EQ(error.where().rfind("/project/sleet.toml:3:", 0), 0u) << error.where();

  error = parse_error("out = \"drizzle\"\nout = \"again\"\n");
  EXPECT_EQ(error.where().rfind("/project/sleet.toml:2:", 0), 0u) << error.where();
  EXPECT_NE(std::string(error.what()).find("out"), std::string::npos) << error.what();
}

}  // namespace
}  // namespace sleet::config_test

namespace sleet {
namespace {

TEST(ConfigTimeouts, SecondsAtTheTopAndPerTarget) {
  Config config = parse_config(
      "lock_timeout = 5\nstatement_timeout = 1.5\n[targets.a]\n"
      "[targets.b]\nstatement_timeout = 30\n",
      "/project/sleet.toml", Environment::from_map({}));
  ASSERT_EQ(config.targets.size(), 2u);
  EXPECT_EQ(config.targets[0].lock_timeout, 5.0);
  EXPECT_EQ(config.targets[0].statement_timeout, 1.5);
  EXPECT_EQ(config.targets[1].statement_timeout, 30.0);
  EXPECT_FALSE(Config{}.targets.size());
  try {
    parse_config("lock_timeout = \"soon\"\n", "/project/sleet.toml", Environment::from_map({}));
    FAIL() << "a string is not a number of seconds";
  } catch (const Error& error) {
    EXPECT_EQ(error.where(), "/project/sleet.toml:1:16");
    EXPECT_NE(std::string(error.what()).find("positive number of seconds"), std::string::npos);
  }
}

TEST(ConfigTimeouts, LockRetriesAreAWholeNumber) {
  Config config = parse_config("lock_retries = 5\n[targets.a]\n[targets.b]\nlock_retries = 0\n",
                               "/project/sleet.toml", Environment::from_map({}));
  ASSERT_EQ(config.targets.size(), 2u);
  EXPECT_EQ(config.targets[0].lock_retries, 5);
  EXPECT_EQ(config.targets[1].lock_retries, 0);
  EXPECT_FALSE(parse_config("", "/project/sleet.toml", Environment::from_map({}))
                   .targets[0]
                   .lock_retries.has_value());
  for (const char* wrong :
       {"lock_retries = -1\n", "lock_retries = 1.5\n", "lock_retries = 101\n"}) {
    try {
      parse_config(wrong, "/project/sleet.toml", Environment::from_map({}));
      ADD_FAILURE() << wrong;
    } catch (const Error& error) {
      EXPECT_EQ(error.where(), "/project/sleet.toml:1:16") << wrong;
      EXPECT_NE(std::string(error.what()).find("whole number from 0 to 100"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace sleet
