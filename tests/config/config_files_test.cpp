#include <gtest/gtest.h>

#include "config_test_support.h"
#include "support/test_files.h"

namespace sleet::config_test {
namespace {

namespace fs = std::filesystem;
using sleet::testing::TemporaryDirectory;
using Paths = std::vector<fs::path>;

TEST(FindConfigFile, SearchesUpwardFromANestedDirectory) {
  TemporaryDirectory project;
  fs::path config = project.write("sleet.toml", "");
  project.write("services/auth/src/keep", "");
  auto found = find_config_file(project.path() / "services/auth/src");
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, config);
  EXPECT_EQ(find_config_file(project.path()), config);

  // The nearest file wins.
  fs::path nearer = project.write("services/auth/sleet.toml", "");
  EXPECT_EQ(find_config_file(project.path() / "services/auth/src"), nearer);
}

TEST(FindConfigFile, SkipsADirectoryNamedSleetToml) {
  TemporaryDirectory project;
  fs::path config = project.write("sleet.toml", "");
  fs::create_directories(project.path() / "app/sleet.toml");
  EXPECT_EQ(find_config_file(project.path() / "app"), config);
}

TEST(FindConfigFile, ReturnsNothingWhenNoAncestorHasOne) {
  TemporaryDirectory project;
  for (fs::path directory = project.path(); directory.has_relative_path();
       directory = directory.parent_path()) {
    if (fs::exists(directory / "sleet.toml")) GTEST_SKIP() << "a sleet.toml above the temp dir";
  }
  project.write("a/b/keep", "");
  EXPECT_FALSE(find_config_file(project.path() / "a/b"));
  Error error = error_from([&] { locate_config_file(std::nullopt, project.path() / "a/b"); });
  EXPECT_EQ(error.kind(), ErrorKind::Usage);
  EXPECT_NE(std::string(error.what()).find((project.path() / "a/b").string()), std::string::npos);
  EXPECT_NE(error.hint().find("--config"), std::string::npos);
}

TEST(LocateConfigFile, ExplicitPathMustExist) {
  TemporaryDirectory project;
  fs::path config = project.write("conf/custom.toml", "");
  project.write("sleet.toml", "");
  EXPECT_EQ(locate_config_file(config, project.path()), config);
  EXPECT_EQ(locate_config_file(std::nullopt, project.path()), project.path() / "sleet.toml");
  Error error =
      error_from([&] { locate_config_file(project.path() / "missing.toml", project.path()); });
  EXPECT_EQ(error.kind(), ErrorKind::Usage);
  EXPECT_NE(std::string(error.what()).find("missing.toml"), std::string::npos);
}

TEST(LoadConfig, ResolvesPathsAgainstTheFilesDirectory) {
  TemporaryDirectory project;
  fs::path config_path = project.write("deploy/sleet.toml", "out = \"migrations\"\n");
  Config config = load_config(config_path, Environment::from_map({}));
  EXPECT_EQ(config.file, config_path);
  EXPECT_EQ(config.project_directory, project.path() / "deploy");
  EXPECT_EQ(config.targets[0].out, project.path() / "deploy/migrations");
}

TEST(LoadConfig, ErrorsNameTheFile) {
  TemporaryDirectory project;
  fs::path config_path = project.write("sleet.toml", "\nout = 3\n");
  {
    Error error = error_from([&] { load_config(config_path, Environment::from_map({})); });
    EXPECT_EQ(error.where(), config_path.string() + ":2:7");
  }
  {
    Error error =
        error_from([&] { load_config(project.path() / "nope.toml", Environment::from_map({})); });
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("nope.toml"), std::string::npos);
  }
}

// A project with schema files at several depths, plus files that must not match.
class SchemaGlobs : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* file :
         {"schema/a.sql", "schema/b.sql", "schema/notes.txt", "schema/sub/c.sql",
          "schema/sub/deep/d.sql", "schema/.hidden.sql", "schema/.git/e.sql", "other/f.sql"}) {
      project_.write(file, "create table t (id int);\n");
    }
  }

  Target target(const std::string& schema_toml) {
    fs::path config = project_.write("sleet.toml", "schema = " + schema_toml + "\n");
    return load_config(config, Environment::from_map({})).targets[0];
  }

  fs::path at(const std::string& relative) const { return project_.path() / relative; }

  TemporaryDirectory project_;
};

TEST_F(SchemaGlobs, StarMatchesWithinOneDirectory) {
  EXPECT_EQ(expand_schema_globs(target("\"schema/*.sql\"")),
            (Paths{at("schema/a.sql"), at("schema/b.sql")}));
  EXPECT_EQ(expand_schema_globs(target("\"schema/?.sql\"")),
            (Paths{at("schema/a.sql"), at("schema/b.sql")}));
  EXPECT_EQ(expand_schema_globs(target("\"sch*/s?b/*.sql\"")), Paths{at("schema/sub/c.sql")});
}

TEST_F(SchemaGlobs, DoubleStarMatchesAnyDepthIncludingNone) {
  EXPECT_EQ(expand_schema_globs(target("\"schema/**/*.sql\"")),
            (Paths{at("schema/a.sql"), at("schema/b.sql"), at("schema/sub/c.sql"),
                   at("schema/sub/deep/d.sql")}));
  EXPECT_EQ(expand_schema_globs(target("\"**/deep/*.sql\"")), Paths{at("schema/sub/deep/d.sql")});
}

TEST_F(SchemaGlobs, PlainPathsAndDirectories) {
  EXPECT_EQ(expand_schema_globs(target("\"schema/b.sql\"")), Paths{at("schema/b.sql")});
  EXPECT_EQ(expand_schema_globs(target("\"schema/sub\"")),
            (Paths{at("schema/sub/c.sql"), at("schema/sub/deep/d.sql")}));
  EXPECT_EQ(expand_schema_globs(target("[\"" + at("other/f.sql").string() + "\"]")),
            Paths{at("other/f.sql")});
}

TEST_F(SchemaGlobs, ADirectoryWithoutSqlFilesStandsForItsTypeScriptSchemaFiles) {
  for (const char* file : {"src/db/users.ts", "src/db/sub/posts.mts", "src/db/types.d.ts",
                           "src/db/README.md", "src/db/node_modules/x/index.js"}) {
    project_.write(file, "export {};\n");
  }
  EXPECT_EQ(expand_schema_globs(target("\"src/db\"")),
            (Paths{at("src/db/sub/posts.mts"), at("src/db/users.ts")}));
  project_.write("src/db/extra.sql", "create table x (id int);\n");
  EXPECT_EQ(expand_schema_globs(target("\"src/db\"")), Paths{at("src/db/extra.sql")});
  EXPECT_EQ(expand_schema_globs(target("[\"src/db/*.ts\", \"src/db/*.sql\"]")),
            (Paths{at("src/db/extra.sql"), at("src/db/types.d.ts"), at("src/db/users.ts")}));
}

TEST_F(SchemaGlobs, SeveralPatternsAreMergedSortedAndDeduplicated) {
  EXPECT_EQ(expand_schema_globs(target("[\"other/*.sql\", \"schema/b.sql\", \"schema/*.sql\"]")),
            (Paths{at("other/f.sql"), at("schema/a.sql"), at("schema/b.sql")}));
}

TEST_F(SchemaGlobs, HiddenFilesNeedAnExplicitDot) {
  EXPECT_EQ(expand_schema_globs(target("\"schema/.*.sql\"")), Paths{at("schema/.hidden.sql")});
}

TEST_F(SchemaGlobs, PatternMatchingNothingIsAUsageError) {
  Target schema_target = target("[\"schema/*.sql\", \"schema/*.psql\"]");
  Error error = error_from([&] { expand_schema_globs(schema_target); });
  EXPECT_EQ(error.kind(), ErrorKind::Usage);
  EXPECT_EQ(std::string(error.what()), "`schema` pattern \"schema/*.psql\" matches no files");
  EXPECT_EQ(error.where(), at("sleet.toml").string());
  EXPECT_NE(error.hint().find(project_.path().string()), std::string::npos) << error.hint();
  EXPECT_THROW(expand_schema_globs(target("\"missing/**/*.sql\"")), Error);
  EXPECT_THROW(expand_schema_globs(target("\"schema/missing.sql\"")), Error);
}

TEST_F(SchemaGlobs, TargetWithoutSchemaIsAUsageError) {
  fs::path config = project_.write("sleet.toml", "[targets.auth]\nout = \"x\"\n");
  Target auth = load_config(config, Environment::from_map({})).targets[0];
  Error error = error_from([&] { expand_schema_globs(auth); });
  EXPECT_EQ(error.kind(), ErrorKind::Usage);
  EXPECT_EQ(std::string(error.what()), "no `schema` is set for target `auth`");
}

TEST_F(SchemaGlobs, SeedGlobsUseTheSameRules) {
  fs::path config = project_.write("sleet.toml", "seed = [\"schema/sub/**/*.sql\"]\n");
  Target seed_target = load_config(config, Environment::from_map({})).targets[0];
  EXPECT_EQ(expand_target_globs(seed_target, seed_target.seed, "seed"),
            (Paths{at("schema/sub/c.sql"), at("schema/sub/deep/d.sql")}));
}

TEST(SchemaGlobsInAnOddlyNamedProject, ProjectDirectoryIsTakenLiterally) {
  TemporaryDirectory root;
  root.write("proj[1]/schema/a.sql", "");
  root.write("proj1/schema/wrong.sql", "");
  fs::path config = root.write("proj[1]/sleet.toml", "schema = \"schema/*.sql\"\n");
  Target target = load_config(config, Environment::from_map({})).targets[0];
  EXPECT_EQ(expand_schema_globs(target), Paths{root.path() / "proj[1]/schema/a.sql"});
}

}  // namespace
}  // namespace sleet::config_test
