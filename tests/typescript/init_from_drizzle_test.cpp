// sleet init --from-drizzle: a drizzle.config.ts evaluated by the pinned drizzle-kit's loader
// becomes a sleet.toml that sleet's own loader reads and that generate and migrate work from.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "migrate/migrate_test_support.h"
#include "sleet/config.h"
#include "support/catalog_fingerprint.h"
#include "support/test_cluster.h"
#include "support/test_files.h"
#include "typescript/typescript_project.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPlainConfig = R"(import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./schema/*.ts",
  out: "./migrations",
  dbCredentials: { url: process.env.DATABASE_URL! },
  schemaFilter: ["public", "billing", "audit"],
  tablesFilter: ["*"],
  migrations: { table: "__app_migrations", schema: "app_meta", prefix: "index" },
  breakpoints: false,
  casing: "snake_case",
  entities: { roles: true },
  verbose: true,
  strict: true,
});
)";

Config load(const TypeScriptProject& project, std::map<std::string, std::string> variables) {
  return load_config(project.path() / "sleet.toml", Environment::from_map(std::move(variables)));
}

TEST(InitFromDrizzle, PlainConfigBecomesSleetTomlThatGeneratesWhatDrizzleKitDoes) {
  TypeScriptProject project("");
  project.write("drizzle.config.ts", kPlainConfig);
  CommandResult init = project.sleet("init --from-drizzle");
  ASSERT_EQ(init.exit_code, 0) << init.err << init.out;
  std::string toml = project.read("sleet.toml");
  EXPECT_TRUE(contains(toml, "url = \"${DATABASE_URL}\"")) << toml;
  EXPECT_TRUE(contains(toml, "schema = \"schema/*.ts\"")) << toml;
  EXPECT_TRUE(contains(toml, "breakpoints = false")) << toml;
  for (const char* unmapped : {"strict:", "verbose:", "entities.roles:"}) {
    EXPECT_TRUE(contains(init.out.substr(init.out.find("not mapped:")), unmapped)) << init.out;
  }

  Config config = load(project, {{"DATABASE_URL", "postgres://h/db"}});
  ASSERT_EQ(config.targets.size(), 1u);
  const Target& target = config.targets.front();
  EXPECT_EQ(target.url, "postgres://h/db");
  // drizzle-kit migrate applies the folder in one transaction: no CONCURRENTLY there.
  EXPECT_FALSE(target.online);
  EXPECT_EQ(target.out, project.path() / "migrations");
  EXPECT_EQ(target.schema, std::vector<std::string>{(project.path() / "schema/*.ts").string()});
  EXPECT_EQ(target.schema_filter, (std::vector<std::string>{"public", "billing", "audit"}));
  EXPECT_EQ(target.tables_filter, std::vector<std::string>{"*"});
  EXPECT_EQ(target.migrations_table, "__app_migrations");
  EXPECT_EQ(target.migrations_schema, "app_meta");
  EXPECT_EQ(target.prefix, MigrationPrefix::Index);
  EXPECT_FALSE(target.breakpoints);
  EXPECT_EQ(target.casing, "snake_case");

  // drizzle-kit's own generate from the same config, then sleet's.
  std::string log = shell(fmt::format(
      "cd '{}' && DATABASE_URL=postgres://unused node node_modules/drizzle-kit/bin.cjs generate "
      "--name init && mv migrations kit",
      project.path().string()));
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  CommandResult generated = project.sleet("generate --name init");
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  std::string sql = project.read("migrations/0000_init.sql");
  EXPECT_FALSE(contains(sql, "statement-breakpoint")) << sql;
  EXPECT_TRUE(contains(sql, "\"created_at\"")) << sql;  // casing: snake_case

  // Both folders build the same database; sleet's records itself in app_meta.__app_migrations.
  std::string by_kit = test_cluster().fresh_database("init_kit");
  ASSERT_EQ(migrate_cli(by_kit, project.path() / "kit").exit_code, 0);
  std::string by_sleet = test_cluster().fresh_database("init_sleet");
  CommandResult migrated =
      project.sleet("migrate", fmt::format("DATABASE_URL='{}'", test_cluster().url(by_sleet)));
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_EQ(std::string(test_cluster()
                            .execute("select count(*) from app_meta.__app_migrations", by_sleet)
                            .value(0, 0)),
            "1");
  std::vector<std::string> expected = catalog_lines(test_cluster(), by_kit);
  ASSERT_GT(expected.size(), 40u);
  std::vector<std::string> actual = catalog_lines(test_cluster(), by_sleet);
  // The tracking tables differ by design (drizzle.__drizzle_migrations vs the config's).
  auto without_tracking = [](std::vector<std::string> lines) {
    std::erase_if(lines, [](const std::string& line) {
      return contains(line, "migrations") || contains(line, "app_meta") ||
             contains(line, "schema drizzle");
    });
    return lines;
  };
  EXPECT_EQ(without_tracking(actual), without_tracking(expected))
      << catalog_difference(without_tracking(expected), without_tracking(actual));
}

TEST(InitFromDrizzle, HostPortUserPasswordCredentialsReadFromTheEnvironment) {
  std::string database = test_cluster().fresh_database("init_host");
  TypeScriptProject project("");
  project.write("drizzle.config.ts", fmt::format(R"(export default {{
  dialect: "postgresql",
  schema: "./schema/users.ts",
  dbCredentials: {{
    host: process.env.DB_HOST!,
    port: Number(process.env.DB_PORT),
    user: process.env.DB_USER!,
    password: process.env.DB_PASSWORD!,
    database: "{}",
    ssl: false,
  }},
}};
)",
                                                 database));
  CommandResult init = project.sleet("init --from-drizzle");
  ASSERT_EQ(init.exit_code, 0) << init.err << init.out;
  std::string toml = project.read("sleet.toml");
  EXPECT_TRUE(contains(toml, fmt::format("url = \"postgres://${{DB_USER}}:${{DB_PASSWORD}}@"
                                         "${{DB_HOST}}:${{DB_PORT}}/{}?sslmode=disable\"",
                                         database)))
      << toml;
  EXPECT_TRUE(contains(init.out, "DB_HOST, DB_PASSWORD, DB_PORT, DB_USER")) << init.out;

  // The variables reach a real server.
  std::string environment =
      fmt::format("DB_HOST={} DB_PORT={} DB_USER=postgres DB_PASSWORD='{}'", test_cluster().host(),
                  test_cluster().port(), test_cluster().password());
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
  CommandResult migrated = project.sleet("migrate", environment);
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_EQ(std::string(test_cluster()
                            .execute("select count(*) from drizzle.__drizzle_migrations", database)
                            .value(0, 0)),
            "1");
}

TEST(InitFromDrizzle, LiteralPasswordsAreNeverWritten) {
  TypeScriptProject project("");
  project.write("drizzle.config.ts", R"(export default {
  dialect: "postgresql",
  schema: "./schema/users.ts",
  dbCredentials: { host: "db.internal", port: 5432, user: "app", password: "hunter2-literal",
                   database: "app", ssl: "require" },
};
)");
  CommandResult init = project.sleet("init --from-drizzle");
  ASSERT_EQ(init.exit_code, 0) << init.err << init.out;
  std::string toml = project.read("sleet.toml");
  EXPECT_FALSE(contains(toml, "hunter2")) << toml;
  EXPECT_FALSE(contains(init.out + init.err, "hunter2"));
  EXPECT_TRUE(contains(toml,
                       "url = \"postgres://app:${DATABASE_PASSWORD}@db.internal:5432/"
                       "app?sslmode=require\""))
      << toml;
  EXPECT_TRUE(contains(init.out, "set DATABASE_PASSWORD")) << init.out;

  project.write("drizzle.config.ts", R"(export default {
  dialect: "postgresql", schema: "./schema/users.ts",
  dbCredentials: { url: "postgres://app:hunter2-literal@db.internal/app" },
};
)");
  init = project.sleet("init --from-drizzle --force");
  ASSERT_EQ(init.exit_code, 0) << init.err << init.out;
  toml = project.read("sleet.toml");
  EXPECT_FALSE(contains(toml, "hunter2")) << toml;
  EXPECT_TRUE(contains(toml, "url = \"postgres://app:${DATABASE_PASSWORD}@db.internal/app\""))
      << toml;
}

TEST(InitFromDrizzle, FallbacksBecomeDefaultsButPasswordsDoNot) {
  TypeScriptProject project("");
  project.write("drizzle.config.ts", R"(export default {
  dialect: "postgresql",
  schema: "./schema/users.ts",
  dbCredentials: {
    host: process.env.DB_HOST ?? "localhost",
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USER || "postgres",
    password: process.env.DB_PASSWORD ?? "fallback-secret",
    database: process.env.DB_NAME ?? "app$1",
  },
};
)");
  CommandResult init = project.sleet("init --from-drizzle");
  ASSERT_EQ(init.exit_code, 0) << init.err << init.out;
  std::string toml = project.read("sleet.toml");
  EXPECT_TRUE(contains(toml,
                       "url = \"postgres://${DB_USER:-postgres}:${DB_PASSWORD}@"
                       "${DB_HOST:-localhost}:${DB_PORT:-5432}/${DB_NAME:-app$$1}\""))
      << toml;
  EXPECT_FALSE(contains(toml + init.out + init.err, "fallback-secret"));
  Config config = load(project, {{"DB_PASSWORD", "pw"}});
  EXPECT_EQ(config.targets.front().url, "postgres://postgres:pw@localhost:5432/app$1");

  project.write("drizzle.config.ts", R"(export default {
  dialect: "postgresql", schema: "./schema/users.ts",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://me:fallback-secret@localhost/app" },
};
)");
  init = project.sleet("init --from-drizzle --force");
  ASSERT_EQ(init.exit_code, 0) << init.err << init.out;
  toml = project.read("sleet.toml");
  EXPECT_TRUE(contains(toml, "url = \"${DATABASE_URL}\"")) << toml;
  EXPECT_FALSE(contains(toml + init.out + init.err, "fallback-secret"));
}

constexpr const char* kServiceConfig = R"(import { defineConfig } from "drizzle-kit";

const services = {
  auth: { dir: "auth", schemaName: "auth", urlVariable: "AUTH_DATABASE_URL" },
  user: { dir: "user", schemaName: "public", urlVariable: "USER_DATABASE_URL" },
} as const;

const service = services[process.env.SERVICE as keyof typeof services];
if (!service) throw new Error(`set SERVICE to one of: ${Object.keys(services).join(", ")}`);

export default defineConfig({
  dialect: "postgresql",
  schema: `./services/${service.dir}/schema/*.ts`,
  out: `./services/${service.dir}/drizzle`,
  schemaFilter: [service.schemaName],
  dbCredentials: { url: process.env[service.urlVariable]! },
});
)";

TEST(InitFromDrizzle, ServiceMapBecomesOneTargetPerService) {
  TypeScriptProject project("");
  project.write("drizzle.config.ts", kServiceConfig);
  project.write(
      "services/auth/schema/accounts.ts",
      "import { sql } from \"drizzle-orm\";\n"
      "import { pgSchema, text, integer, timestamp, index, uniqueIndex } from "
      "\"drizzle-orm/pg-core\";\n"
      "export const auth = pgSchema(\"auth\");\n"
      "export const role = auth.enum(\"role\", [\"admin\", \"member\"]);\n"
      "export const accounts = auth.table(\"accounts\", {\n"
      "  id: integer().primaryKey().generatedAlwaysAsIdentity(), login: text().notNull(),\n"
      "  role: role().default(\"member\").notNull(),\n"
      "  createdAt: timestamp(\"created_at\", { withTimezone: true }).defaultNow().notNull(),\n"
      "}, (t) => [uniqueIndex(\"accounts_login\").on(sql`lower(${t.login})`)]);\n"
      "export const sessions = auth.table(\"sessions\", {\n"
      "  token: text().primaryKey(),\n"
      "  accountId: integer(\"account_id\").notNull().references(() => accounts.id, "
      "{ onDelete: \"cascade\" }),\n"
      "}, (t) => [index(\"sessions_account\").on(t.accountId)]);\n");
  project.write("services/user/schema/profiles.ts",
                "import { sql } from \"drizzle-orm\";\n"
                "import { pgTable, text, integer, jsonb, varchar, index } from "
                "\"drizzle-orm/pg-core\";\n"
                "export const profiles = pgTable(\"profiles\", {\n"
                "  id: integer().primaryKey(), name: varchar({ length: 80 }),\n"
                "  settings: jsonb().default({ theme: \"light\" }).notNull(),\n"
                "  tags: text().array().default(sql`'{}'::text[]`),\n"
                "}, (t) => [index(\"profiles_named\").on(t.name).where(sql`${t.name} is not "
                "null`)]);\n");
  CommandResult init = project.sleet("init --from-drizzle");
  ASSERT_EQ(init.exit_code, 0) << init.err << init.out;
  EXPECT_TRUE(contains(init.out, "one target each (auth, user)")) << init.out;

  Config config = load(project, {{"AUTH_DATABASE_URL", "postgres://a/auth_db"},
                                 {"USER_DATABASE_URL", "postgres://u/user_db"}});
  ASSERT_EQ(config.targets.size(), 2u);
  const Target& auth = config.targets[0];
  const Target& user = config.targets[1];
  EXPECT_EQ(auth.name, "auth");
  EXPECT_EQ(auth.schema,
            std::vector<std::string>{(project.path() / "services/auth/schema/*.ts").string()});
  EXPECT_EQ(auth.out, project.path() / "services/auth/drizzle");
  EXPECT_EQ(auth.schema_filter, std::vector<std::string>{"auth"});
  EXPECT_EQ(auth.url, "postgres://a/auth_db");
  EXPECT_EQ(user.name, "user");
  EXPECT_EQ(user.out, project.path() / "services/user/drizzle");
  EXPECT_EQ(user.schema_filter, std::vector<std::string>{"public"});
  EXPECT_EQ(user.url, "postgres://u/user_db");

  // SERVICE selects the target, as it selected the service for drizzle-kit; per service,
  // drizzle-kit's generate + migrate and sleet's build the same database, and a second sleet
  // generate finds nothing to do.
  std::string urls = "AUTH_DATABASE_URL=postgres://unused USER_DATABASE_URL=postgres://unused";
  for (const std::string service : {"auth", "user"}) {
    std::string log = shell(fmt::format(
        "cd '{0}' && SERVICE={1} {2} node node_modules/drizzle-kit/bin.cjs generate --name init "
        "&& mv services/{1}/drizzle services/{1}/kit",
        project.path().string(), service, urls));
    ASSERT_FALSE(log.starts_with("FAILED")) << log;
    CommandResult generated =
        project.sleet("generate --name init", fmt::format("SERVICE={}", service));
    ASSERT_EQ(generated.exit_code, 0) << service << ": " << generated.err;
    std::string by_kit = test_cluster().fresh_database("init_kit_" + service);
    // drizzle-kit's folder, applied by sleet: identical to drizzle-kit migrate (DrizzleFolders).
    CommandResult kit_migrated =
        project.sleet(fmt::format("migrate --url '{}' --out services/{}/kit",
                                  test_cluster().url(by_kit), service),
                      fmt::format("SERVICE={}", service));
    ASSERT_EQ(kit_migrated.exit_code, 0) << service << ": " << kit_migrated.err;
    std::string by_sleet = test_cluster().fresh_database("init_sleet_" + service);
    std::string variable = service == "auth" ? "AUTH_DATABASE_URL" : "USER_DATABASE_URL";
    CommandResult migrated = project.sleet(
        "migrate",
        fmt::format("SERVICE={} {}='{}'", service, variable, test_cluster().url(by_sleet)));
    ASSERT_EQ(migrated.exit_code, 0) << service << ": " << migrated.err;
    std::vector<std::string> expected = catalog_lines(test_cluster(), by_kit);
    std::vector<std::string> actual = catalog_lines(test_cluster(), by_sleet);
    // Not empty: each service's indexes reached the database.
    std::string catalog = fmt::format("{}", fmt::join(expected, "\n"));
    EXPECT_TRUE(contains(catalog, service == "auth" ? "sessions_account" : "profiles_named"))
        << catalog;
    EXPECT_EQ(actual, expected) << service << "\n" << catalog_difference(expected, actual);
    CommandResult again = project.sleet("generate", fmt::format("SERVICE={}", service));
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_TRUE(contains(again.out + again.err, "No schema changes")) << again.out << again.err;
  }
  EXPECT_TRUE(contains(project.read("services/auth/drizzle/0000_init.sql"),
                       "CREATE TABLE \"auth\".\"accounts\""));
  EXPECT_TRUE(contains(project.read("services/user/drizzle/0000_init.sql"), "\"profiles\""))
      << project.read("services/user/drizzle/0000_init.sql");
}

TEST(InitFromDrizzle, ExistingSleetTomlIsKeptWithoutForce) {
  TypeScriptProject project("# mine\n");
  project.write("drizzle.config.ts", kPlainConfig);
  CommandResult refused = project.sleet("init --from-drizzle");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(contains(refused.err, "--force")) << refused.err;
  EXPECT_EQ(project.read("sleet.toml"), "# mine\n");

  CommandResult forced = project.sleet("init --from-drizzle --force");
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_TRUE(contains(project.read("sleet.toml"), "url = \"${DATABASE_URL}\""));
}

TEST(InitFromDrizzle, ConfigFileNamedWithConfigThatKeepsNodeBusy) {
  TypeScriptProject project("");
  // An open timer (a pool, a watcher) must not keep sleet waiting for node.
  project.write("config/drizzle.pg.mjs",
                "setInterval(() => {}, 1000);\n"
                "export default { dialect: \"postgresql\", schema: \"./schema/*.ts\" };\n");
  CommandResult init = project.sleet("init --from-drizzle --config config/drizzle.pg.mjs");
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_TRUE(contains(project.read("sleet.toml"), "schema = \"schema/*.ts\""));
}

TEST(InitFromDrizzle, OtherDialectsAreRefused) {
  TypeScriptProject project("");
  project.write("drizzle.config.ts",
                "export default { dialect: \"mysql\", schema: \"./schema.ts\", "
                "dbCredentials: { url: process.env.MYSQL_URL } };\n");
  CommandResult init = project.sleet("init --from-drizzle");
  EXPECT_EQ(init.exit_code, 2);
  EXPECT_TRUE(contains(init.err, "dialect: \"mysql\": sleet works with PostgreSQL only"))
      << init.err;
  EXPECT_FALSE(fs::exists(project.path() / "sleet.toml"));
}

TEST(InitFromDrizzle, ConfigThatThrowsIsReportedWithFileAndLine) {
  TypeScriptProject project("");
  project.write("drizzle.config.ts",
                "import { defineConfig } from \"drizzle-kit\";\n"
                "\n"
                "if (!process.env.CI) {}\n"
                "throw new Error(\"the config is broken\");\n"
                "export default defineConfig({ dialect: \"postgresql\", schema: \"./s.ts\" });\n");
  CommandResult init = project.sleet("init --from-drizzle");
  EXPECT_EQ(init.exit_code, 2);
  EXPECT_TRUE(contains(init.err, "drizzle.config.ts:4:")) << init.err;
  EXPECT_TRUE(contains(init.err, "the config is broken")) << init.err;

  project.write("drizzle.config.ts", "export default { dialect: \"postgresql\",, };\n");
  init = project.sleet("init --from-drizzle");
  EXPECT_EQ(init.exit_code, 2);
  EXPECT_TRUE(contains(init.err, "drizzle.config.ts:1:")) << init.err;
}

TEST(InitFromDrizzle, NoDrizzleKitGivesTheInstallCommand) {
  TypeScriptProject project("", /*link_node_modules=*/false);
  project.write("drizzle.config.ts",
                "export default { dialect: \"postgresql\", schema: \"./schema/*.ts\" };\n");
  CommandResult init = project.sleet("init --from-drizzle");
  EXPECT_EQ(init.exit_code, 2);
  EXPECT_TRUE(contains(init.err, "npm i -D drizzle-kit drizzle-orm")) << init.err;

  TypeScriptProject empty("");
  init = empty.sleet("init --from-drizzle");
  EXPECT_EQ(init.exit_code, 2);
  EXPECT_TRUE(contains(init.err, "no drizzle.config.ts")) << init.err;
}

}  // namespace
}  // namespace sleet::testing
