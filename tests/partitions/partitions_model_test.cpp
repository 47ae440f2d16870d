// Partitioned tables without a server: what the parser reads and where it refuses, DDL that
// parses back to the same model, the changes the diff makes (and those it refuses), the plan's
// order and the snapshot's "sleet" member.
#include <gtest/gtest.h>

#include "sleet/ddl.h"
#include "sleet/diff.h"
#include "sleet/error.h"
#include "sleet/plan.h"
#include "sleet/snapshot.h"
#include "sleet/sources.h"
#include "support/oracle_cases.h"
#include "support/schema_model.h"

namespace sleet::testing {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text NOT NULL,
  PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01'::date) TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events (CONSTRAINT events_2025_kind CHECK (kind <> ''))
  FOR VALUES FROM ('2025-01-01') TO (MAXVALUE) PARTITION BY LIST (lower(kind));
CREATE TABLE events_2025_audit PARTITION OF events_2025 FOR VALUES IN ('audit', NULL);
CREATE TABLE events_rest PARTITION OF events DEFAULT;
CREATE INDEX events_kind ON events (kind);
CREATE INDEX events_2024_kind ON events_2024 (kind, at);
CREATE TABLE buckets (id integer) PARTITION BY HASH (id);
CREATE TABLE buckets_0 (id integer);
ALTER TABLE buckets ATTACH PARTITION buckets_0 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE buckets_1 PARTITION OF buckets FOR VALUES WITH (modulus 2, remainder 1);
)sql";

TEST(PartitionModel, KeysAndBoundsInOneSpellingPartitionsHoldOnlyTheirOwn) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  const Table& events = schema.tables.at({"public", "events"});
  EXPECT_EQ(events.partition_by, "RANGE (at)");
  EXPECT_FALSE(events.partition_of);
  EXPECT_TRUE(events.indexes.contains("events_kind"));
  const Table& y2024 = schema.tables.at({"public", "events_2024"});
  EXPECT_EQ(y2024.partition_of, (QualifiedName{"public", "events"}));
  EXPECT_EQ(y2024.partition_bound, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  EXPECT_TRUE(y2024.columns.empty());
  EXPECT_FALSE(y2024.primary_key);
  EXPECT_EQ(y2024.indexes.size(), 1u);  // its own; the parent's index is the parent's
  const Table& y2025 = schema.tables.at({"public", "events_2025"});
  EXPECT_EQ(y2025.partition_bound, "FOR VALUES FROM ('2025-01-01') TO (MAXVALUE)");
  EXPECT_EQ(y2025.partition_by, "LIST ((lower(kind)))");
  EXPECT_TRUE(y2025.check_constraints.contains("events_2025_kind"));
  EXPECT_EQ(schema.tables.at({"public", "events_2025_audit"}).partition_bound,
            "FOR VALUES IN ('audit', NULL)");
  EXPECT_EQ(schema.tables.at({"public", "events_rest"}).partition_bound, "DEFAULT");
  // Attached the way pg_dump writes it: the same model as PARTITION OF.
  const Table& attached = schema.tables.at({"public", "buckets_0"});
  EXPECT_EQ(attached.partition_bound, "FOR VALUES WITH (MODULUS 2, REMAINDER 0)");
  EXPECT_TRUE(attached.columns.empty());
  EXPECT_EQ(schema.tables.at({"public", "buckets_1"}).partition_bound,
            "FOR VALUES WITH (MODULUS 2, REMAINDER 1)");
}

TEST(PartitionModel, ExportedDdlParsesBackToTheSameModel) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  std::string script = ddl::create_script(schema);
  Schema again = parse_schema_sql(script, "exported.sql");
  EXPECT_EQ(again.tables, schema.tables) << script;
  // Each partition after its parent, though its name sorts first.
  Schema reversed = parse_schema_sql(
      "CREATE TABLE z (k int) PARTITION BY LIST (k);\n"
      "CREATE TABLE a PARTITION OF z FOR VALUES IN (1);\n",
      "schema.sql");
  std::vector<std::string> statements = ddl::create_statements(reversed);
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_TRUE(statements[0].starts_with("CREATE TABLE \"public\".\"z\"")) << statements[0];
  EXPECT_EQ(statements[1],
            "CREATE TABLE \"public\".\"a\" PARTITION OF \"public\".\"z\" FOR VALUES IN ('1')");
}

TEST(PartitionModel, RefusedAtFileLineColumn) {
  EXPECT_EQ(failure("CREATE TABLE p PARTITION OF t FOR VALUES IN (1);"),
            "schema.sql:1:29: table public.t (the parent of partition public.p) does not exist");
  EXPECT_EQ(failure("CREATE TABLE t (k int);\nCREATE TABLE p PARTITION OF t FOR VALUES IN (1);"),
            "schema.sql:2:29: table public.t is not partitioned, so public.p cannot be its "
            "partition");
  EXPECT_EQ(failure("CREATE TABLE t (k int) PARTITION BY RANGE (k);\n"
                    "CREATE TABLE p PARTITION OF t FOR VALUES IN (1);"),
            "schema.sql:2:42: partition public.p has a LIST bound, but public.t is partitioned "
            "by RANGE (k)");
  EXPECT_EQ(failure("CREATE TABLE t (k int) PARTITION BY HASH (k);\n"
                    "CREATE TABLE p PARTITION OF t DEFAULT;"),
            "schema.sql:2:31: a hash-partitioned table cannot have a default partition");
  EXPECT_EQ(failure("CREATE TABLE t (k int) PARTITION BY LIST (k);\n"
                    "CREATE TABLE p PARTITION OF t FOR VALUES IN (1 + 1);"),
            "schema.sql:2:48: a partition bound value must be a constant");
  EXPECT_EQ(failure("CREATE TABLE t (k int) PARTITION BY LIST (k);\n"
                    "CREATE TABLE p PARTITION OF t (k DEFAULT 1) FOR VALUES IN (1);"),
            "schema.sql:2:32: column options on a partition (PARTITION OF t (column ...)) are not "
            "supported yet");
}

// The same partitioned tables twice: declared, and as pg_dump --schema-only writes them
// (whole tables attached, constraints added to the parent ONLY and to each partition, indexes
// created ON ONLY the parent and on each partition, then ALTER INDEX ... ATTACH PARTITION).
constexpr const char* kDeclared = R"sql(
CREATE TABLE kinds (name text PRIMARY KEY);
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text REFERENCES kinds (name),
  code integer, PRIMARY KEY (id, at), UNIQUE (code, id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
  PARTITION BY RANGE (id);
CREATE TABLE events_2024_low PARTITION OF events_2024 FOR VALUES FROM (0) TO (1000);
CREATE TABLE events_2024_rest PARTITION OF events_2024 DEFAULT;
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_kind_idx ON events (kind);
CREATE INDEX events_2024_id_idx ON events_2024 (id DESC);
CREATE UNIQUE INDEX events_2024_low_code ON events_2024_low (code);
CREATE INDEX events_2025_code_idx ON events_2025 (code) WHERE code > 0;
)sql";

constexpr const char* kDumped = R"sql(
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.kinds (name text NOT NULL);
CREATE TABLE public.events (id bigint NOT NULL, at date NOT NULL, kind text, code integer)
PARTITION BY RANGE (at);
CREATE TABLE public.events_2024 (id bigint NOT NULL, at date NOT NULL, kind text, code integer)
PARTITION BY RANGE (id);
CREATE TABLE public.events_2024_low (id bigint NOT NULL, at date NOT NULL, kind text,
  code integer);
CREATE TABLE public.events_2024_rest (id bigint NOT NULL, at date NOT NULL, kind text,
  code integer);
CREATE TABLE public.events_2025 (id bigint NOT NULL, at date NOT NULL, kind text, code integer);
ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2024
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE ONLY public.events_2024 ATTACH PARTITION public.events_2024_low
  FOR VALUES FROM ('0') TO ('1000');
ALTER TABLE ONLY public.events_2024 ATTACH PARTITION public.events_2024_rest DEFAULT;
ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2025
  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_code_id_at_key UNIQUE (code, id, at);
ALTER TABLE ONLY public.events_2024
    ADD CONSTRAINT events_2024_code_id_at_key UNIQUE (code, id, at);
ALTER TABLE ONLY public.events_2024_low
    ADD CONSTRAINT events_2024_low_code_id_at_key UNIQUE (code, id, at);
ALTER TABLE ONLY public.events ADD CONSTRAINT events_pkey PRIMARY KEY (id, at);
ALTER TABLE ONLY public.events_2024 ADD CONSTRAINT events_2024_pkey PRIMARY KEY (id, at);
ALTER TABLE ONLY public.events_2024_low ADD CONSTRAINT events_2024_low_pkey PRIMARY KEY (id, at);
ALTER TABLE ONLY public.events_2024_rest
    ADD CONSTRAINT events_2024_rest_code_id_at_key UNIQUE (code, id, at);
ALTER TABLE ONLY public.events_2024_rest ADD CONSTRAINT events_2024_rest_pkey PRIMARY KEY (id, at);
ALTER TABLE ONLY public.events_2025
    ADD CONSTRAINT events_2025_code_id_at_key UNIQUE (code, id, at);
ALTER TABLE ONLY public.events_2025 ADD CONSTRAINT events_2025_pkey PRIMARY KEY (id, at);
ALTER TABLE ONLY public.kinds ADD CONSTRAINT kinds_pkey PRIMARY KEY (name);
CREATE INDEX events_2024_id_idx ON ONLY public.events_2024 USING btree (id DESC);
CREATE INDEX events_kind_idx ON ONLY public.events USING btree (kind);
CREATE INDEX events_2024_kind_idx ON ONLY public.events_2024 USING btree (kind);
CREATE UNIQUE INDEX events_2024_low_code ON public.events_2024_low USING btree (code);
CREATE INDEX events_2024_low_id_idx ON public.events_2024_low USING btree (id DESC);
CREATE INDEX events_2024_low_kind_idx ON public.events_2024_low USING btree (kind);
CREATE INDEX events_2024_rest_id_idx ON public.events_2024_rest USING btree (id DESC);
CREATE INDEX events_2024_rest_kind_idx ON public.events_2024_rest USING btree (kind);
CREATE INDEX events_2025_code_idx ON public.events_2025 USING btree (code) WHERE (code > 0);
CREATE INDEX events_2025_kind_idx ON public.events_2025 USING btree (kind);
ALTER INDEX public.events_code_id_at_key ATTACH PARTITION public.events_2024_code_id_at_key;
ALTER INDEX public.events_kind_idx ATTACH PARTITION public.events_2024_kind_idx;
ALTER INDEX public.events_2024_code_id_at_key
  ATTACH PARTITION public.events_2024_low_code_id_at_key;
ALTER INDEX public.events_2024_id_idx ATTACH PARTITION public.events_2024_low_id_idx;
ALTER INDEX public.events_2024_kind_idx ATTACH PARTITION public.events_2024_low_kind_idx;
ALTER INDEX public.events_2024_pkey ATTACH PARTITION public.events_2024_low_pkey;
ALTER INDEX public.events_2024_code_id_at_key
  ATTACH PARTITION public.events_2024_rest_code_id_at_key;
ALTER INDEX public.events_2024_id_idx ATTACH PARTITION public.events_2024_rest_id_idx;
ALTER INDEX public.events_2024_kind_idx ATTACH PARTITION public.events_2024_rest_kind_idx;
ALTER INDEX public.events_2024_pkey ATTACH PARTITION public.events_2024_rest_pkey;
ALTER INDEX public.events_pkey ATTACH PARTITION public.events_2024_pkey;
ALTER INDEX public.events_code_id_at_key ATTACH PARTITION public.events_2025_code_id_at_key;
ALTER INDEX public.events_kind_idx ATTACH PARTITION public.events_2025_kind_idx;
ALTER INDEX public.events_pkey ATTACH PARTITION public.events_2025_pkey;
ALTER TABLE public.events ADD CONSTRAINT events_kind_fkey FOREIGN KEY (kind)
  REFERENCES public.kinds(name);
)sql";

TEST(PartitionModel, PgDumpIndexAttachmentsAreTheParentsIndexes) {
  Schema declared = parse_schema_sql(kDeclared, "schema.sql");
  Schema dumped = parse_schema_sql(kDumped, "dump.sql");
  EXPECT_EQ(dumped.tables, declared.tables);
  // Attached: the parent's alone. Not attached: the partition's own.
  const Table& low = dumped.tables.at({"public", "events_2024_low"});
  EXPECT_FALSE(low.primary_key);
  EXPECT_TRUE(low.unique_constraints.empty());
  ASSERT_EQ(low.indexes.size(), 1u);
  EXPECT_TRUE(low.indexes.contains("events_2024_low_code"));
  const Table& y2024 = dumped.tables.at({"public", "events_2024"});
  ASSERT_EQ(y2024.indexes.size(), 1u);
  EXPECT_TRUE(y2024.indexes.contains("events_2024_id_idx"));
  EXPECT_FALSE(y2024.primary_key);
  const Table& events = dumped.tables.at({"public", "events"});
  ASSERT_TRUE(events.primary_key);
  EXPECT_EQ(events.primary_key->name, "events_pkey");
  EXPECT_TRUE(events.unique_constraints.contains("events_code_id_at_key"));
  EXPECT_TRUE(events.indexes.contains("events_kind_idx"));
}

TEST(PartitionModel, AnIndexAttachedOutsideItsParentIsRefusedAtTheAlterIndex) {
  constexpr const char* kTables =
      "CREATE TABLE t (k int) PARTITION BY LIST (k);\n"
      "CREATE TABLE p PARTITION OF t FOR VALUES IN (1);\n"
      "CREATE TABLE other (k int);\n"
      "CREATE INDEX t_k ON ONLY t (k);\n"
      "CREATE INDEX other_k ON other (k);\n";
  EXPECT_EQ(failure(std::string(kTables) + "ALTER INDEX t_k ATTACH PARTITION other_k;"),
            "schema.sql:6:34: index public.other_k cannot be attached to public.t_k: its table "
            "public.other is not a partition of public.t");
  EXPECT_EQ(failure(std::string(kTables) + "ALTER INDEX t_k ATTACH PARTITION p_k;"),
            "schema.sql:6:34: index public.p_k does not exist");
  // Left unattached, a partition's index is its own.
  Schema own = parse_schema_sql(std::string(kTables) + "CREATE INDEX p_k ON p (k);", "schema.sql");
  EXPECT_TRUE(own.tables.at({"public", "p"}).indexes.contains("p_k"));
  Schema attached = parse_schema_sql(
      std::string(kTables) + "CREATE INDEX p_k ON p (k);\nALTER INDEX t_k ATTACH PARTITION p_k;",
      "schema.sql");
  EXPECT_TRUE(attached.tables.at({"public", "p"}).indexes.empty());
}

constexpr const char* kParent = "CREATE TABLE t (k int NOT NULL) PARTITION BY RANGE (k);\n";

TEST(PartitionPlan, BoundChangeDetachesAndAttachesColumnsGoToTheParentOnce) {
  std::string a =
      std::string(kParent) + "CREATE TABLE t1 PARTITION OF t FOR VALUES FROM (0) TO (10);\n";
  std::string b =
      std::string("CREATE TABLE t (k int NOT NULL, note text) PARTITION BY RANGE (k);\n") +
      "CREATE TABLE t1 PARTITION OF t FOR VALUES FROM (0) TO (20);\n";
  std::vector<std::string> sql = plan_sql(a, b);
  ASSERT_EQ(sql.size(), 3u) << ::testing::PrintToString(sql);
  EXPECT_EQ(sql[0], "ALTER TABLE \"public\".\"t\" DETACH PARTITION \"public\".\"t1\";");
  EXPECT_EQ(sql[1], "ALTER TABLE \"public\".\"t\" ADD COLUMN \"note\" text;");
  EXPECT_EQ(sql[2],
            "ALTER TABLE \"public\".\"t\" ATTACH PARTITION \"public\".\"t1\" FOR VALUES FROM ('0') "
            "TO ('20');");
}

TEST(PartitionPlan, PartitionsCreatedAfterAndDroppedBeforeTheirParent) {
  std::string schema = std::string(kParent) +
                       "CREATE TABLE a_low PARTITION OF t FOR VALUES FROM (0) TO (10) "
                       "PARTITION BY LIST (k);\n"
                       "CREATE TABLE a_low_one PARTITION OF a_low FOR VALUES IN (1);\n";
  std::vector<std::string> created = plan_sql("", schema);
  ASSERT_EQ(created.size(), 3u);
  EXPECT_TRUE(created[0].starts_with("CREATE TABLE \"public\".\"t\" (")) << created[0];
  EXPECT_TRUE(created[1].starts_with("CREATE TABLE \"public\".\"a_low\" PARTITION OF"))
      << created[1];
  EXPECT_TRUE(created[2].starts_with("CREATE TABLE \"public\".\"a_low_one\" PARTITION OF"))
      << created[2];
  std::vector<std::string> dropped = plan_sql(schema, "");
  ASSERT_EQ(dropped.size(), 3u);
  EXPECT_EQ(dropped[0], "DROP TABLE \"public\".\"a_low_one\";");
  EXPECT_EQ(dropped[1], "DROP TABLE \"public\".\"a_low\";");
  EXPECT_EQ(dropped[2], "DROP TABLE \"public\".\"t\";");
}

TEST(PartitionPlan, ADroppedPartitionLosesDataLikeADroppedTable) {
  std::string a =
      std::string(kParent) + "CREATE TABLE t1 PARTITION OF t FOR VALUES FROM (0) TO (10);\n";
  NoRenames resolver;
  Schema from = parse_schema_sql(a, "a.sql");
  Schema to = parse_schema_sql(kParent, "b.sql");
  Plan plan = plan_changes(diff_schemas(from, to, resolver), from, to);
  ASSERT_EQ(plan.statements.size(), 1u);
  EXPECT_TRUE(plan.statements[0].hazards & kDataLoss);
}

// The statements of the plan from `from` to `to`, online (PlanOptions::online) or not.
Plan plan_of(const std::string& from, const std::string& to, bool online) {
  NoRenames resolver;
  Schema a = parse_schema_sql(from, "a.sql");
  Schema b = parse_schema_sql(to, "b.sql");
  return plan_changes(diff_schemas(a, b, resolver), a, b, PlanOptions{online});
}

std::vector<std::string> sql_of(const Plan& plan) {
  std::vector<std::string> out;
  for (const PlannedStatement& statement : plan.statements) out.push_back(statement.sql);
  return out;
}

constexpr const char* kLayout = R"sql(
CREATE TABLE t (k int NOT NULL, at date NOT NULL, note text) PARTITION BY LIST (k);
CREATE TABLE t_one PARTITION OF t FOR VALUES IN (1);
CREATE TABLE t_rest PARTITION OF t DEFAULT PARTITION BY RANGE (at);
CREATE TABLE t_rest_old PARTITION OF t_rest FOR VALUES FROM (MINVALUE) TO ('2024-01-01');
CREATE INDEX t_note ON t (note);
)sql";

// An index added to a partitioned table with rows, online: built partition by partition under
// the names the server would give each copy (the existing t_note took "..._note_idx").
TEST(PartitionPlan, OnlineIndexIsBuiltPartitionByPartitionAndAttached) {
  std::string b = std::string(kLayout) + "CREATE INDEX t_note_lower ON t (lower(note), note);\n";
  Plan plan = plan_of(kLayout, b, true);
  EXPECT_EQ(sql_of(plan),
            (std::vector<std::string>{
                "CREATE INDEX \"t_note_lower\" ON ONLY \"public\".\"t\" USING btree "
                "((lower(note)), \"note\");",
                "CREATE INDEX CONCURRENTLY \"t_one_lower_note_idx\" ON \"public\".\"t_one\" USING "
                "btree ((lower(note)), \"note\");",
                "ALTER INDEX \"public\".\"t_note_lower\" ATTACH PARTITION "
                "\"public\".\"t_one_lower_note_idx\";",
                "CREATE INDEX \"t_rest_lower_note_idx\" ON ONLY \"public\".\"t_rest\" USING btree "
                "((lower(note)), \"note\");",
                "CREATE INDEX CONCURRENTLY \"t_rest_old_lower_note_idx\" ON "
                "\"public\".\"t_rest_old\" USING btree ((lower(note)), \"note\");",
                "ALTER INDEX \"public\".\"t_rest_lower_note_idx\" ATTACH PARTITION "
                "\"public\".\"t_rest_old_lower_note_idx\";",
                "ALTER INDEX \"public\".\"t_note_lower\" ATTACH PARTITION "
                "\"public\".\"t_rest_lower_note_idx\";"}));
  EXPECT_TRUE(plan.statement_by_statement);
  EXPECT_TRUE(plan.statements[1].hazards & kNoTransaction);
  EXPECT_FALSE(plan.statements[0].hazards & kNoTransaction);
  // A second index on the same column: each copy takes the next free name, after the copies of
  // t_note the server made.
  std::string same = std::string(kLayout) + "CREATE INDEX t_note_2 ON t (note) WHERE k > 0;\n";
  std::vector<std::string> sql = sql_of(plan_of(kLayout, same, true));
  ASSERT_EQ(sql.size(), 7u);
  EXPECT_TRUE(sql[1].starts_with("CREATE INDEX CONCURRENTLY \"t_one_note_idx1\"")) << sql[1];
  EXPECT_TRUE(sql[3].starts_with("CREATE INDEX \"t_rest_note_idx1\" ON ONLY")) << sql[3];
  // Without online, one CREATE INDEX (the server builds every partition's).
  EXPECT_EQ(sql_of(plan_of(kLayout, b, false)),
            (std::vector<std::string>{"CREATE INDEX \"t_note_lower\" ON \"public\".\"t\" USING "
                                      "btree ((lower(note)), \"note\");"}));
  // A partitioned table the plan creates holds no rows: the plain form.
  std::vector<std::string> created = sql_of(plan_of("", b, true));
  for (const std::string& statement : created)
    EXPECT_EQ(statement.find("CONCURRENTLY"), std::string::npos) << statement;
}

// A key on a partitioned table with rows, online: USING INDEX is refused on a partitioned
// table, so each leaf gets its constraint over a concurrently built index and the parent's
// ADD CONSTRAINT attaches them (and makes the sub-partitioned table's own).
TEST(PartitionPlan, OnlineKeyIsBuiltOnEachLeafThenAttached) {
  std::string b = kLayout;
  b.replace(b.find(") PARTITION BY LIST"), 1, ", PRIMARY KEY (k, at)) ");
  Plan plan = plan_of(kLayout, b, true);
  std::vector<std::string> sql = sql_of(plan);
  ASSERT_EQ(sql.size(), 5u) << ::testing::PrintToString(sql);
  EXPECT_EQ(sql[0],
            "CREATE UNIQUE INDEX CONCURRENTLY \"t_one_pkey\" ON \"public\".\"t_one\" USING btree "
            "(\"k\", \"at\");");
  EXPECT_EQ(sql[1],
            "ALTER TABLE \"public\".\"t_one\" ADD CONSTRAINT \"t_one_pkey\" PRIMARY KEY USING "
            "INDEX \"t_one_pkey\";");
  EXPECT_TRUE(sql[2].starts_with("CREATE UNIQUE INDEX CONCURRENTLY \"t_rest_old_pkey\"")) << sql[2];
  EXPECT_EQ(sql[4],
            "-- sleet:ignore disallowed-unique-constraint each partition holds this key already: "
            "the server attaches their constraints and builds nothing\n"
            "ALTER TABLE \"public\".\"t\" ADD CONSTRAINT \"t_pkey\" PRIMARY KEY (\"k\", \"at\");");
}

// Dropping a partitioned table's index online: the server refuses CONCURRENTLY, so the plain
// DROP stays, flagged and with the lint finding accepted in the file.
TEST(PartitionPlan, OnlineDropOfAPartitionedIndexStaysPlainAndSaysWhy) {
  std::string without = kLayout;
  without.erase(without.find("CREATE INDEX t_note"));
  Plan plan = plan_of(kLayout, without, true);
  ASSERT_EQ(plan.statements.size(), 1u);
  EXPECT_EQ(plan.statements[0].sql,
            "-- sleet:ignore require-concurrent-index-deletion PostgreSQL cannot drop a "
            "partitioned table's index concurrently\nDROP INDEX \"public\".\"t_note\";");
  EXPECT_TRUE(plan.statements[0].hazards & kExclusiveLock);
}

// A changed bound detaches CONCURRENTLY online, unless the parent has a default partition
// (the server refuses it then).
TEST(PartitionPlan, OnlineBoundChangeDetachesConcurrentlyWithoutADefaultPartition) {
  std::string a =
      std::string(kParent) + "CREATE TABLE t1 PARTITION OF t FOR VALUES FROM (0) TO (10);\n";
  std::string b =
      std::string(kParent) + "CREATE TABLE t1 PARTITION OF t FOR VALUES FROM (0) TO (20);\n";
  Plan plan = plan_of(a, b, true);
  ASSERT_EQ(plan.statements.size(), 3u);
  EXPECT_EQ(plan.statements[0].sql,
            "ALTER TABLE \"public\".\"t\" DETACH PARTITION \"public\".\"t1\" CONCURRENTLY;");
  EXPECT_TRUE(plan.statements[0].hazards & kNoTransaction);
  // The copy of the old bound the server leaves on the partition (t1_k_check: the bound reads
  // k alone) goes before the new bound is attached.
  EXPECT_TRUE(plan.statements[1].sql.ends_with(
      "\nALTER TABLE \"public\".\"t1\" DROP CONSTRAINT IF EXISTS \"t1_k_check\";"))
      << plan.statements[1].sql;
  std::string with_default = "CREATE TABLE t_rest PARTITION OF t DEFAULT;\n";
  Plan plain = plan_of(a + with_default, b + with_default, true);
  EXPECT_EQ(plain.statements[0].sql,
            "ALTER TABLE \"public\".\"t\" DETACH PARTITION \"public\".\"t1\";");
  EXPECT_TRUE(plain.statements[0].hazards & kExclusiveLock);
}

constexpr const char* kHashTwo = R"sql(
CREATE TABLE h (id int GENERATED ALWAYS AS IDENTITY, name text,
  size int GENERATED ALWAYS AS (length(name)) STORED) PARTITION BY HASH (id);
CREATE TABLE h_0 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE h_1 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 1);
)sql";
constexpr const char* kHashFour = R"sql(
CREATE TABLE h (id int GENERATED ALWAYS AS IDENTITY, name text,
  size int GENERATED ALWAYS AS (length(name)) STORED) PARTITION BY HASH (id);
CREATE TABLE h_0 PARTITION OF h FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE h_1 PARTITION OF h FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE h_2 PARTITION OF h FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE h_3 PARTITION OF h FOR VALUES WITH (MODULUS 4, REMAINDER 3);
)sql";

// A hash partitioned table laid out again keeps its rows: 2 to 4 partitions moves the rows the
// new bounds leave out through a table aside; 4 to 2 empties the dropped partitions into the
// parent instead of losing their rows. Identity values are kept, generated ones recomputed.
TEST(PartitionPlan, HashPartitionsLaidOutAgainMoveTheirRows) {
  Plan split = plan_of(kHashTwo, kHashFour, false);
  std::vector<std::string> sql = sql_of(split);
  ASSERT_EQ(sql.size(), 14u) << ::testing::PrintToString(sql);
  EXPECT_EQ(sql[0], "ALTER TABLE \"public\".\"h\" DETACH PARTITION \"public\".\"h_0\";");
  EXPECT_TRUE(sql[2].starts_with("CREATE TABLE \"public\".\"h_2\" PARTITION OF")) << sql[2];
  EXPECT_TRUE(sql[4].starts_with("-- hash partitions laid out again: the rows of public.h_0 "))
      << sql[4];
  EXPECT_TRUE(
      sql[4].ends_with("\nCREATE TABLE \"public\".\"h_0_sleet_moving\" (LIKE "
                       "\"public\".\"h_0\");"))
      << sql[4];
  EXPECT_EQ(sql[5],
            "WITH moved AS (DELETE FROM \"public\".\"h_0\" WHERE NOT "
            "satisfies_hash_partition('\"public\".\"h\"'::regclass, 4, 0, id) RETURNING *) "
            "INSERT INTO \"public\".\"h_0_sleet_moving\" SELECT * FROM moved;");
  EXPECT_EQ(sql[6],
            "ALTER TABLE \"public\".\"h\" ATTACH PARTITION \"public\".\"h_0\" FOR VALUES WITH "
            "(MODULUS 4, REMAINDER 0);");
  EXPECT_EQ(sql[10],
            "INSERT INTO \"public\".\"h\" (\"id\", \"name\") OVERRIDING SYSTEM VALUE SELECT "
            "\"id\", \"name\" FROM \"public\".\"h_0_sleet_moving\";");
  EXPECT_EQ(sql[11], "DROP TABLE \"public\".\"h_0_sleet_moving\";");
  EXPECT_TRUE(split.with_hazard(kDataLoss).empty()) << plan_text(split);

  Plan merge = plan_of(kHashFour, kHashTwo, false);
  sql = sql_of(merge);
  ASSERT_EQ(sql.size(), 10u) << ::testing::PrintToString(sql);
  EXPECT_EQ(sql[2],
            "-- hash partitions laid out again: public.h_2 leaves, and its rows go into the "
            "partitions that take them below\n"
            "ALTER TABLE \"public\".\"h\" DETACH PARTITION \"public\".\"h_2\";");
  EXPECT_EQ(sql[6],
            "INSERT INTO \"public\".\"h\" (\"id\", \"name\") OVERRIDING SYSTEM VALUE SELECT "
            "\"id\", \"name\" FROM \"public\".\"h_2\";");
  EXPECT_EQ(sql[7], "DROP TABLE \"public\".\"h_2\";");
  EXPECT_TRUE(merge.with_hazard(kDataLoss).empty()) << plan_text(merge);

  // A hash partition dropped while the others still leave a gap is a dropped table as before.
  std::string gap = kHashTwo;
  gap.erase(gap.find("CREATE TABLE h_1"));
  Plan dropped = plan_of(kHashTwo, gap, false);
  ASSERT_EQ(dropped.statements.size(), 1u);
  EXPECT_EQ(dropped.statements[0].sql, "DROP TABLE \"public\".\"h_1\";");
  EXPECT_TRUE(dropped.statements[0].hazards & kDataLoss);
}

TEST(PartitionDiff, KeyAndLayoutChangesAreRefusedNamingTheTable) {
  auto refusal = [](const std::string& from, const std::string& to) {
    NoRenames resolver;
    try {
      diff_schemas(parse_schema_sql(from, "a.sql"), parse_schema_sql(to, "b.sql"), resolver);
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::Usage);
      EXPECT_NE(error.hint().find("custom migration"), std::string::npos) << error.hint();
      return std::string(error.what());
    }
    return std::string("no refusal");
  };
  EXPECT_EQ(refusal(kParent, "CREATE TABLE t (k int NOT NULL) PARTITION BY LIST (k);"),
            "table public.t changes from partitioned by RANGE (k) to partitioned by LIST (k): "
            "PostgreSQL cannot change a table's partitioning in place");
  EXPECT_EQ(refusal("CREATE TABLE t (k int NOT NULL);", kParent),
            "table public.t changes from a plain table to partitioned by RANGE (k): PostgreSQL "
            "cannot change a table's partitioning in place");
  std::string with_partition =
      std::string(kParent) + "CREATE TABLE t1 PARTITION OF t FOR VALUES FROM (0) TO (10);\n";
  EXPECT_EQ(refusal(with_partition, std::string(kParent) + "CREATE TABLE t1 (k int NOT NULL);"),
            "table public.t1 changes from a partition of public.t (FOR VALUES FROM ('0') TO "
            "('10')) to a plain table: PostgreSQL cannot change a table's partitioning in place");
}

TEST(PartitionSnapshot, SleetSnapshotsCarryThemDrizzleComparisonsDropThem) {
  Schema schema = parse_schema_sql(kSchema, "schema.sql");
  SnapshotHeader header;
  header.id = "11111111-2222-4333-8444-555555555555";
  Schema loaded = load_snapshot(save_snapshot(schema, header), "snapshot.json");
  EXPECT_EQ(loaded.tables, schema.tables);
  NoRenames resolver;
  EXPECT_TRUE(diff_schemas(schema, loaded, resolver).empty());
  drop_what_drizzle_snapshots_cannot_hold(loaded);
  EXPECT_FALSE(loaded.tables.contains({"public", "events_2024"}));
  EXPECT_EQ(loaded.tables.at({"public", "events"}).partition_by, "");
}

}  // namespace
}  // namespace sleet::testing
