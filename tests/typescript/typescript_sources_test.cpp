// drizzle TypeScript schema files as sleet's declared schema: read through the project's own
// drizzle-kit (tests/fixtures/drizzle's pinned copy, linked into a temporary project), alone
// or mixed with SQL files, cached by content, and the errors when that cannot work.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "migrate/drizzle_kit.h"
#include "migrate/migrate_test_support.h"
#include "sources/typescript_imports.h"
#include "support/catalog_fingerprint.h"
#include "support/test_cluster.h"
#include "support/test_files.h"
#include "typescript/typescript_project.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kConfig =
    "schema = \"schema/*.ts\"\n"
    "out = \"drizzle\"\n"
    "casing = \"snake_case\"\n"
    "schema_filter = [\"public\", \"billing\", \"audit\"]\n";

// drizzle-kit's own generate of the same schema files into kit/.
void drizzle_kit_generate(const TypeScriptProject& project) {
  project.write("kit.config.mjs",
                "export default { dialect: \"postgresql\", schema: \"./schema/*.ts\", "
                "out: \"./kit\", casing: \"snake_case\" };\n");
  std::string log =
      shell(fmt::format("cd '{}' && node node_modules/drizzle-kit/bin.cjs generate --config "
                        "kit.config.mjs --name init",
                        project.path().string()));
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  ASSERT_TRUE(fs::exists(project.path() / "kit/0000_init.sql")) << log;
}

// A folder of executables standing in for PATH: `node` there fails and leaves a mark.
class FailingNode {
 public:
  FailingNode() {
    fs::path node = directory_.write("node",
                                     "#!/bin/sh\ntouch \"$(dirname \"$0\")/ran\"\n"
                                     "echo 'this node must not run' >&2\nexit 1\n");
    fs::permissions(node, fs::perms::owner_all);
  }
  std::string environment() const {
    return fmt::format("PATH='{}:/usr/bin:/bin'", directory_.path().string());
  }
  bool ran() const { return fs::exists(directory_.path() / "ran"); }
  void reset() const { fs::remove(directory_.path() / "ran"); }

 private:
  TemporaryDirectory directory_;
};

TEST(TypeScriptSources, GenerateAndMigrateBuildWhatDrizzleKitBuilds) {
  TypeScriptProject project(kConfig);
  CommandResult generated = project.sleet("generate --name init");
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_TRUE(contains(generated.out, "wrote drizzle/0000_init.sql")) << generated.out;
  drizzle_kit_generate(project);

  std::string by_sleet = test_cluster().fresh_database("ts_sleet");
  CommandResult migrated = migrate_cli(by_sleet, project.path() / "drizzle");
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  std::string by_kit = test_cluster().fresh_database("ts_kit");
  std::string log = drizzle_kit_migrate(project.path() / "kit", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  std::vector<std::string> expected = catalog_lines(test_cluster(), by_kit);
  ASSERT_GT(expected.size(), 40u);
  std::vector<std::string> actual = catalog_lines(test_cluster(), by_sleet);
  EXPECT_EQ(actual, expected) << catalog_difference(expected, actual);

  CommandResult again = project.sleet("generate");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(contains(again.out, "No schema changes")) << again.out;

  // drizzle-kit applies sleet's folder too, to the same database.
  std::string sleet_folder_by_kit = test_cluster().fresh_database("ts_sleet_kit");
  log = drizzle_kit_migrate(project.path() / "drizzle", sleet_folder_by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(catalog_lines(test_cluster(), sleet_folder_by_kit), expected);
}

TEST(TypeScriptSources, EveryCommandThatReadsTheSchema) {
  TypeScriptProject project(kConfig);
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
  drizzle_kit_generate(project);
  std::string by_kit = test_cluster().fresh_database("ts_kit_all");
  std::string log = drizzle_kit_migrate(project.path() / "kit", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;

  CommandResult check = project.sleet("check");
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;

  CommandResult exported = project.sleet("export");
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_TRUE(contains(exported.out, "CREATE TABLE \"billing\".\"invoice_lines\"")) << exported.out;
  EXPECT_TRUE(contains(exported.out, "\"display_name\" text")) << exported.out;  // casing

  // diff against the folder drizzle-kit wrote: a directory of .ts files, and a glob.
  CommandResult diff = project.sleet("diff --from kit --to schema --casing snake_case");
  EXPECT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_EQ(diff.out, "");
  diff = project.sleet("diff --from kit --to 'schema/*.ts' --casing snake_case");
  EXPECT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_EQ(diff.out, "");
  diff = project.sleet(
      fmt::format("diff --from '{}' --to schema --casing snake_case", test_cluster().url(by_kit)));
  EXPECT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_EQ(diff.out, "");

  std::string pushed = test_cluster().fresh_database("ts_push");
  CommandResult push =
      project.sleet(fmt::format("push --force --url '{}'", test_cluster().url(pushed)));
  ASSERT_EQ(push.exit_code, 0) << push.out << push.err;
  // push creates defaults as declared (`DEFAULT '0'` is '0'::numeric, as drizzle-kit's load).
  std::vector<std::string> expected = catalog_lines(test_cluster(), by_kit);
  EXPECT_EQ(catalog_lines(test_cluster(), pushed), expected)
      << catalog_difference(expected, catalog_lines(test_cluster(), pushed));
  push = project.sleet(fmt::format("push --force --url '{}'", test_cluster().url(pushed)));
  EXPECT_EQ(push.exit_code, 0) << push.err;
  EXPECT_TRUE(contains(push.out, "No changes")) << push.out;

  // An edit shows as drift in check, then generate writes it.
  project.edit("schema/users.ts", "    country: char({ length: 2 }),\n", "");
  check = project.sleet("check");
  EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
  EXPECT_TRUE(contains(check.err, "DROP COLUMN \"country\"")) << check.err;
  CommandResult generated = project.sleet("generate --name drop_country");
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_TRUE(contains(project.read("drizzle/0001_drop_country.sql"),
                       "ALTER TABLE \"public\".\"users\" DROP COLUMN \"country\""));
}

TEST(TypeScriptSources, MixedWithSqlFiles) {
  TypeScriptProject project(
      "schema = [\"schema/*.ts\", \"sql/*.sql\"]\nout = \"drizzle\"\n"
      "casing = \"snake_case\"\nschema_filter = [\"public\", \"billing\", \"audit\"]\n");
  project.write("sql/extras.sql",
                "-- What drizzle cannot declare, beside the TypeScript schema.\n"
                "COMMENT ON TABLE public.users IS 'people who sign in';\n"
                "COMMENT ON COLUMN billing.accounts.seats IS 'paid seats';\n"
                "CREATE INDEX users_display_name_trgm ON public.users (lower(display_name) "
                "text_pattern_ops);\n"
                "CREATE SEQUENCE billing.invoice_numbers START WITH 1000;\n"
                "GRANT SELECT ON public.users TO PUBLIC;\n");
  CommandResult generated = project.sleet("generate --name init");
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  std::string sql = project.read("drizzle/0000_init.sql");
  EXPECT_TRUE(contains(sql, "COMMENT ON TABLE \"public\".\"users\" IS 'people who sign in'"))
      << sql;
  EXPECT_TRUE(contains(sql, "users_display_name_trgm")) << sql;
  EXPECT_TRUE(contains(sql, "CREATE TABLE \"billing\".\"invoices\"")) << sql;
  EXPECT_TRUE(contains(sql, "\"billing\".\"invoice_numbers\"")) << sql;

  std::string database = test_cluster().fresh_database("ts_mixed");
  CommandResult migrated = migrate_cli(database, project.path() / "drizzle");
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_EQ(test_cluster()
                .execute("select obj_description('public.users'::regclass, 'pg_class')", database)
                .value(0, 0),
            std::string("people who sign in"));
  CommandResult again = project.sleet("generate");
  EXPECT_TRUE(contains(again.out, "No schema changes")) << again.out << again.err;

  // An SQL error is reported in the SQL file, a TypeScript one in the TypeScript file.
  project.write("sql/extras.sql", "CREATE INDEX broken ON public.users (;\n");
  CommandResult broken = project.sleet("generate");
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_TRUE(contains(broken.err, "extras.sql:1:")) << broken.err;
}

TEST(TypeScriptSources, CachedExportNeedsNoNode) {
  TypeScriptProject project(kConfig);
  ASSERT_EQ(project.sleet("generate --name init").exit_code, 0);
  EXPECT_TRUE(fs::exists(project.path() / ".sleet/cache"));
  EXPECT_EQ(project.read(".sleet/.gitignore"), "*\n");

  FailingNode node;
  CommandResult generated = project.sleet("generate", node.environment());
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_TRUE(contains(generated.out, "No schema changes")) << generated.out;
  CommandResult check = project.sleet("check", node.environment());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_FALSE(node.ran());

  // A schema file changed: node runs again (and this one fails, so the command does).
  project.edit("schema/users.ts", "    country: char({ length: 2 }),\n", "");
  generated = project.sleet("generate --dry-run", node.environment());
  EXPECT_EQ(generated.exit_code, 2) << generated.out;
  EXPECT_TRUE(node.ran());
  generated = project.sleet("generate --dry-run");
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_TRUE(contains(generated.out, "DROP COLUMN \"country\"")) << generated.out;

  // A file the schema imports by relative path changed: node runs again too.
  node.reset();
  ASSERT_EQ(project.sleet("generate --dry-run", node.environment()).exit_code, 0);
  EXPECT_FALSE(node.ran());
  project.edit("schema/columns.ts", "precision: 3", "precision: 6");
  generated = project.sleet("generate --dry-run", node.environment());
  EXPECT_EQ(generated.exit_code, 2) << generated.out;
  EXPECT_TRUE(node.ran());
  generated = project.sleet("generate --dry-run");
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_TRUE(contains(generated.out, "\"updated_at\" SET DATA TYPE")) << generated.out;

  // The casing is part of the key.
  node.reset();
  project.write("sleet.toml", std::string(kConfig).replace(std::string(kConfig).find("snake_case"),
                                                           10, "camelCase"));
  generated = project.sleet("generate --dry-run", node.environment());
  EXPECT_EQ(generated.exit_code, 2) << generated.out;
  EXPECT_TRUE(node.ran());
}

TEST(TypeScriptSources, NoDrizzleKitInNodeModules) {
  TypeScriptProject project(kConfig, false);
  CommandResult generated = project.sleet("generate");
  EXPECT_EQ(generated.exit_code, 2) << generated.out;
  EXPECT_TRUE(contains(generated.err, "no drizzle-kit in the node_modules of")) << generated.err;
  EXPECT_TRUE(contains(generated.err, "npm i -D drizzle-kit drizzle-orm")) << generated.err;
  EXPECT_TRUE(contains(generated.err, "schema/billing.ts")) << generated.err;
}

TEST(TypeScriptSources, DrizzleKitTooOld) {
  TypeScriptProject project(kConfig, false);
  project.write("node_modules/drizzle-kit/package.json",
                "{\"name\": \"drizzle-kit\", \"version\": \"0.20.18\"}\n");
  CommandResult generated = project.sleet("generate");
  EXPECT_EQ(generated.exit_code, 2) << generated.out;
  EXPECT_TRUE(contains(generated.err, "drizzle-kit 0.20.18 is too old")) << generated.err;
  EXPECT_TRUE(contains(generated.err, "0.31 or later")) << generated.err;
  EXPECT_TRUE(contains(generated.err, "node_modules/drizzle-kit/package.json")) << generated.err;
}

TEST(TypeScriptSources, NoNodeOnPath) {
  TypeScriptProject project(kConfig);
  TemporaryDirectory empty;
  CommandResult generated =
      project.sleet("generate", fmt::format("PATH='{}'", empty.path().string()));
  EXPECT_EQ(generated.exit_code, 2) << generated.out;
  EXPECT_TRUE(contains(generated.err, "no `node` on PATH")) << generated.err;
  EXPECT_TRUE(contains(generated.err, "install Node.js")) << generated.err;
}

TEST(TypeScriptSources, TypeScriptErrorsNameTheFileAndLine) {
  TypeScriptProject project(kConfig);
  std::string text = project.read("schema/users.ts");
  int line = 1 + static_cast<int>(std::count(
                     text.begin(), text.begin() + text.find("displayName: text(),"), '\n'));
  project.edit("schema/users.ts", "    displayName: text(),", "    displayName: text(.notNull(),");
  CommandResult generated = project.sleet("generate");
  EXPECT_EQ(generated.exit_code, 2) << generated.out;
  EXPECT_TRUE(contains(generated.err, fmt::format("schema/users.ts:{}:", line))) << generated.err;
  EXPECT_TRUE(contains(generated.err, "Unexpected")) << generated.err;

  // A runtime error: the message and the first frame in the project's files.
  project.edit("schema/users.ts", "    displayName: text(.notNull(),", "    displayName: text(),");
  project.write("schema/broken.ts",
                "import { pgTable, integer } from \"drizzle-orm/pg-core\";\n"
                "export const broken = pgTable(\"broken\", {\n"
                "  id: integer().references(() => (missing as any).id),\n"
                "});\n"
                "declare const missing: unknown;\n");
  generated = project.sleet("generate");
  EXPECT_EQ(generated.exit_code, 2) << generated.out;
  EXPECT_TRUE(contains(generated.err, "missing is not defined")) << generated.err;
  EXPECT_TRUE(contains(generated.err, "schema/broken.ts:3:")) << generated.err;
}

TEST(TypeScriptImports, RelativeSpecifiers) {
  std::string text =
      "import { a } from \"./a\";\n"
      "import type { B } from '../b/index.js';\n"
      "export * from \"./c\";\n"
      "import \"./side-effect\";\n"
      "const d = await import('./d');\n"
      "const e = require(\"./e.cjs\");\n"
      "import { pgTable } from \"drizzle-orm/pg-core\";\n"
      "const text = \"./not-an-import\";\n";
  EXPECT_EQ(
      sources::relative_import_specifiers(text),
      (std::vector<std::string>{"./a", "../b/index.js", "./c", "./side-effect", "./d", "./e.cjs"}));
}

TEST(TypeScriptImports, ResolvesAsNodeAndTypeScriptDo) {
  TemporaryDirectory directory;
  fs::path importer = directory.write("schema/index.ts", "");
  fs::path users = directory.write("schema/users.ts", "");
  fs::path shared = directory.write("shared/index.ts", "");
  EXPECT_EQ(sources::resolve_relative_import(importer, "./users"), users);
  EXPECT_EQ(sources::resolve_relative_import(importer, "./users.js"), users);
  EXPECT_EQ(sources::resolve_relative_import(importer, "../shared"), shared);
  EXPECT_EQ(sources::resolve_relative_import(importer, "./missing"), std::nullopt);
}

}  // namespace
}  // namespace sleet::testing
