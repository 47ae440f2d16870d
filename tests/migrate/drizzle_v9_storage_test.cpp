// Storage options drizzle-kit 1.0's ddl has fields for, in a v3 folder sleet generates: an
// index's storage parameters (its "with" text, "fillfactor=70") and a materialized view's access
// method and tablespace ("using", "tablespace"). drizzle-kit 1.0.0-rc.5 (tests/fixtures/drizzle1)
// is the judge: its check accepts the folder, its generate on the TypeScript of the same schema
// finds no change, and its migrate builds what sleet's does.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "drizzle_kit.h"
#include "drizzle_v9_support.h"
#include "migrate_test_support.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = R"sql(
CREATE TABLE items (id serial PRIMARY KEY, label text);
CREATE INDEX items_label_idx ON items (label) WITH (fillfactor = {});
CREATE MATERIALIZED VIEW labels USING heap2 {} AS SELECT label FROM items;
)sql";

// The row of `type` named `name` among a base snapshot's ddl or a diff snapshot's create deltas.
nlohmann::json row_named(const nlohmann::json& snapshot, const std::string& type,
                         const std::string& name) {
  if (snapshot.contains("ddl")) {
    for (const nlohmann::json& row : snapshot.at("ddl"))
      if (row.at("entityType") == type && row.at("name") == name) return row;
  }
  return nullptr;
}

// "reloptions|access method|tablespace" of a relation, as the server holds them.
std::string storage_of(const std::string& relation, const std::string& database) {
  return std::string(
      test_cluster()
          .execute(fmt::format("select coalesce(array_to_string(c.reloptions, ','), '') || '|' || "
                               "coalesce(a.amname, '') || '|' || coalesce(t.spcname, '') from "
                               "pg_class c left join pg_am a on a.oid = c.relam left join "
                               "pg_tablespace t on t.oid = c.reltablespace where c.oid = "
                               "'public.{}'::regclass",
                               relation),
                   database)
          .value(0, 0));
}

// The access method the view uses, in `database` (created as the schema's prerequisite, as an
// extension would be).
void add_access_method(const std::string& database) {
  test_cluster().execute("CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler",
                         database);
}

TEST(DrizzleV9Storage, IndexParametersAndAViewsAccessMethodAndTablespaceAreDrizzleKitsFields) {
  TemporaryDirectory dir;
  // A tablespace of this test's server (tablespaces are the cluster's, not a database's).
  // Its directory belongs to the user the server runs as (the owner of its socket directory),
  // which must be able to reach it.
  auto& cluster = test_cluster();
  fs::path location = dir.path() / "space";
  fs::create_directories(location);
  struct stat server {};
  ASSERT_EQ(stat(cluster.socket_directory().c_str(), &server), 0);
  ASSERT_EQ(chown(location.c_str(), server.st_uid, server.st_gid), 0) << strerror(errno);
  fs::permissions(dir.path(), fs::perms::others_exec, fs::perm_options::add);
  auto existing = cluster.execute(
      "select count(*) from pg_tablespace where spcname = 'sleet_v9_space'", "postgres");
  if (std::string(existing.value(0, 0)) == "0") {
    cluster.execute(
        fmt::format("CREATE TABLESPACE sleet_v9_space LOCATION '{}'", location.string()),
        "postgres");
  }

  fs::path out = dir.path() / "drizzle";
  dir.write("sleet.toml", "schema = \"schema.sql\"\nout = \"drizzle\"\nformat = \"v3\"\n");
  dir.write("schema.sql", fmt::format(kSchema, 70, "TABLESPACE sleet_v9_space"));
  auto generated = run_sleet("generate --name v1", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  nlohmann::json base = last_snapshot(out);
  EXPECT_EQ(row_named(base, "indexes", "items_label_idx").value("with", ""), "fillfactor=70")
      << base.dump(2);
  nlohmann::json view = row_named(base, "views", "labels");
  EXPECT_EQ(view.value("using", ""), "heap2") << view.dump();
  EXPECT_EQ(view.value("tablespace", ""), "sleet_v9_space") << view.dump();
  expect_both_tools_agree(dir.path(), out, "storage_v1.ts");

  // A new fillfactor recreates the index (one alter of "with"); the view leaves the tablespace.
  dir.write("schema.sql", fmt::format(kSchema, 50, ""));
  generated = run_sleet("generate --name v2", dir.path());
  ASSERT_EQ(generated.exit_code, 0) << generated.out << generated.err;
  nlohmann::json second = last_snapshot(out);
  std::map<std::string, nlohmann::json> sets;
  for (const nlohmann::json& delta : second.at("deltas")) {
    if (delta.at("op") == "alter") sets[delta.at("key").get<std::string>()] = delta.at("set");
  }
  EXPECT_EQ(sets[std::string("indexes") + '\0' + R"(["public","items_label_idx"])"],
            nlohmann::json({{"with", "fillfactor=50"}}))
      << second.dump(2);
  EXPECT_EQ(sets[std::string("views") + '\0' + R"(["public","labels"])"],
            nlohmann::json({{"tablespace", nullptr}}))
      << second.dump(2);
  expect_both_tools_agree(dir.path(), out, "storage_v2.ts");

  // Both migrators build the same database.
  auto by_kit = cluster.fresh_database("v9_storage_kit");
  auto by_sleet = cluster.fresh_database("v9_storage_sleet");
  add_access_method(by_kit);
  add_access_method(by_sleet);
  std::string log = kit1(out, "storage_v2.ts", "migrate", by_kit);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto applied = migrate_cli(by_sleet, out);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(v3_tracking_rows(by_sleet), v3_tracking_rows(by_kit));
  for (const std::string& database : {by_kit, by_sleet}) {
    EXPECT_EQ(storage_of("items_label_idx", database), "fillfactor=50|btree|") << database;
    EXPECT_EQ(storage_of("labels", database), "|heap2|") << database;
  }
  auto status = run_sleet(fmt::format("status --url '{}'", cluster.url(by_kit)), dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("no drift"), std::string::npos) << status.out;
}

}  // namespace
}  // namespace sleet::testing
