// The settings pg_dump writes after a table, in schema files: a column's statistics target,
// storage mode, compression and options, REPLICA IDENTITY and CLUSTER ON; what the server
// would refuse refused where it is written.
#include <gtest/gtest.h>

#include "schema_test_support.h"
#include "sleet/snapshot.h"

namespace sleet::testing {
namespace {

constexpr const char* kDumped = R"(
CREATE TABLE public.t (
    id integer NOT NULL,
    body text COMPRESSION lz4,
    blob bytea,
    n numeric,
    label text
);
ALTER TABLE ONLY public.t ALTER COLUMN id SET STATISTICS 20000;
ALTER TABLE ONLY public.t ALTER COLUMN blob SET STORAGE EXTERNAL;
ALTER TABLE ONLY public.t ALTER COLUMN n SET (n_distinct=-0.5, n_distinct_inherited=3);
ALTER TABLE ONLY public.t ALTER COLUMN n RESET (n_distinct_inherited);
ALTER TABLE ONLY public.t ALTER COLUMN label SET STORAGE EXTENDED;
ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);
CREATE INDEX t_n_idx ON public.t USING btree (n);
ALTER TABLE public.t CLUSTER ON t_n_idx;
ALTER TABLE ONLY public.t REPLICA IDENTITY USING INDEX t_pkey;
)";

TEST(SchemaTableSettings, PgDumpSettingsAreModelled) {
  Schema schema = parse(kDumped);
  const Table& t = table_of(schema, "t");
  EXPECT_EQ(t.find_column("id")->statistics, 10000);  // kept at the maximum, as the server
  EXPECT_EQ(t.find_column("body")->compression, "lz4");
  EXPECT_EQ(t.find_column("blob")->storage, "external");
  EXPECT_EQ(t.find_column("n")->options,
            (std::map<std::string, std::string>{{"n_distinct", "-0.5"}}));
  // text's own mode is no setting.
  EXPECT_EQ(t.find_column("label")->storage, "");
  EXPECT_EQ(t.replica_identity, "index");
  EXPECT_EQ(t.replica_identity_index, "t_pkey");
  EXPECT_EQ(t.cluster_on, "t_n_idx");
}

TEST(SchemaTableSettings, LaterStatementsChangeThem) {
  Schema schema = parse(std::string(kDumped) + R"(
    ALTER TABLE t REPLICA IDENTITY FULL, SET WITHOUT CLUSTER;
    ALTER TABLE t ALTER COLUMN body SET COMPRESSION default, ALTER COLUMN id SET STATISTICS -1;)");
  const Table& t = table_of(schema, "t");
  EXPECT_EQ(t.replica_identity, "full");
  EXPECT_EQ(t.replica_identity_index, "");
  EXPECT_EQ(t.cluster_on, "");
  EXPECT_EQ(t.find_column("body")->compression, "");
  EXPECT_EQ(t.find_column("id")->statistics, -1);
}

TEST(SchemaTableSettings, SnapshotKeepsThem) {
  Schema schema = parse(kDumped);
  Schema loaded = load_snapshot(save_snapshot(schema, SnapshotHeader{}), "snapshot.json");
  EXPECT_EQ(loaded.tables.at({"public", "t"}), schema.tables.at({"public", "t"}));
}

TEST(SchemaTableSettings, WhatTheServerRefusesIsRefusedAtTheStatement) {
  struct Case {
    const char* sql;
    const char* message;
  };
  for (const Case& refused : {
           Case{"CREATE TABLE t (a int, b text);\nALTER TABLE t ALTER COLUMN b SET STORAGE big;",
                "unknown storage mode big"},
           Case{"CREATE TABLE t (a int, b text);\nALTER TABLE t ALTER COLUMN a SET STORAGE main;",
                "can only have storage PLAIN"},
           Case{"CREATE TABLE t (a int, b text);\nALTER TABLE t ALTER COLUMN b SET (fillfactor=5);",
                "unknown column option fillfactor"},
           Case{"CREATE TABLE t (a int, b text);\nALTER TABLE t ALTER COLUMN a SET STATISTICS -5;",
                "statistics target -5"},
           Case{"CREATE TABLE t (a int NOT NULL, b text);\nCREATE UNIQUE INDEX t_a ON t (a) "
                "WHERE a > 0; ALTER TABLE t REPLICA IDENTITY USING INDEX t_a;",
                "cannot be a replica identity"},
           Case{"CREATE TABLE t (a int, b text);\nALTER TABLE t CLUSTER ON nothing_here;",
                "has no index named nothing_here"},
           Case{"CREATE TABLE t (a int, b text);\nALTER TABLE t ALTER COLUMN zz SET STATISTICS 5;",
                "column zz does not exist"},
       }) {
    Error error = parse_error(refused.sql);
    EXPECT_NE(std::string(error.what()).find(refused.message), std::string::npos)
        << refused.sql << "\n"
        << error.what();
    EXPECT_TRUE(error.where().starts_with("schema.sql:2:")) << refused.sql << error.where();
    EXPECT_FALSE(error.hint().empty()) << refused.sql;
  }
}

}  // namespace
}  // namespace sleet::testing
