// Pure parts of migrate: classification of tracking rows, transaction rules, lock keys.
#include <gtest/gtest.h>

#include "sleet/migrate.h"

namespace sleet {
namespace {

Migration migration(const std::string& tag, std::int64_t when, const std::string& text) {
  Migration m;
  m.entry.tag = tag;
  m.entry.when = when;
  m.text = text;
  m.hash = sha256_hex(text);
  m.chunks = split_migration(text);
  return m;
}

TEST(MigrateRules, ClassifiesRowsAgainstTheJournal) {
  std::vector<Migration> migrations = {migration("0000_a", 100, "A"), migration("0001_b", 200, "B"),
                                       migration("0002_c", 300, "C"), migration("0003_d", 400, "D"),
                                       migration("0004_e", 500, "E")};
  std::vector<TrackingRow> rows = {
      {1, sha256_hex("A"), 100},      // applied
      {2, sha256_hex("B-old"), 200},  // edited since
      {3, sha256_hex("D"), 450},      // applied, journal `when` changed: matched by hash
      {4, sha256_hex("gone"), 420},   // no file
      {5, sha256_hex("A"), 100},      // duplicate row from drizzle-kit's unlocked races
  };
  auto statuses = classify_migrations(migrations, rows);
  ASSERT_EQ(statuses.size(), 6u);
  EXPECT_EQ(statuses[0].state, MigrationState::Applied);
  EXPECT_EQ(statuses[1].state, MigrationState::Edited);
  EXPECT_EQ(statuses[1].stored_hash, sha256_hex("B-old"));
  EXPECT_EQ(statuses[2].state, MigrationState::OutOfOrder);  // 300 < newest row 450
  EXPECT_EQ(statuses[3].state, MigrationState::Applied);
  EXPECT_EQ(statuses[4].state, MigrationState::Pending);
  EXPECT_EQ(statuses[5].state, MigrationState::MissingFile);
  EXPECT_EQ(statuses[5].when, 420);
  EXPECT_EQ(to_string(MigrationState::OutOfOrder), "out-of-order");
}

TEST(MigrateRules, NonTransactionalStatementsComeFromTheParser) {
  EXPECT_EQ(statement_needing_no_transaction("CREATE INDEX CONCURRENTLY i ON t (a);"),
            "CREATE INDEX CONCURRENTLY");
  EXPECT_EQ(statement_needing_no_transaction("select 1; drop index concurrently if exists i"),
            "DROP INDEX CONCURRENTLY");
  EXPECT_EQ(statement_needing_no_transaction("REINDEX (CONCURRENTLY) TABLE t"),
            "REINDEX CONCURRENTLY");
  EXPECT_EQ(statement_needing_no_transaction("ALTER TABLE t DETACH PARTITION t1 CONCURRENTLY"),
            "DETACH PARTITION CONCURRENTLY");
  EXPECT_EQ(statement_needing_no_transaction("ALTER TABLE t DETACH PARTITION t1"), std::nullopt);
  EXPECT_EQ(statement_needing_no_transaction("VACUUM (ANALYZE) t"), "VACUUM");
  EXPECT_EQ(statement_needing_no_transaction("ALTER SYSTEM SET work_mem = '8MB'"), "ALTER SYSTEM");
  EXPECT_EQ(statement_needing_no_transaction("CREATE DATABASE x"), "CREATE DATABASE");
  EXPECT_EQ(statement_needing_no_transaction("CREATE INDEX i ON t (a)"), std::nullopt);
  EXPECT_EQ(statement_needing_no_transaction("ANALYZE t"), std::nullopt);
  EXPECT_EQ(statement_needing_no_transaction("SELECT 'CREATE INDEX CONCURRENTLY'"), std::nullopt);
  EXPECT_EQ(statement_needing_no_transaction("-- CREATE INDEX CONCURRENTLY i ON t (a)\nSELECT 1"),
            std::nullopt);
  EXPECT_EQ(statement_needing_no_transaction("this is not sql"), std::nullopt);
}

// A batched backfill commits inside its DO block: PostgreSQL runs that only outside a
// transaction block. A DO block that does not commit keeps its migration transactional.
TEST(MigrateRules, DoBlockThatCommitsRunsOutsideATransaction) {
  EXPECT_EQ(statement_needing_no_transaction(
                "SELECT 1;\nDO $$ BEGIN LOOP UPDATE t SET a = 1 WHERE a IS NULL; EXIT WHEN NOT "
                "FOUND; COMMIT; END LOOP; END $$;"),
            "DO block with COMMIT");
  EXPECT_EQ(statement_needing_no_transaction(
                "DO LANGUAGE plpgsql $b$ BEGIN IF true THEN ROLLBACK; END IF; END $b$"),
            "DO block with COMMIT");
  EXPECT_EQ(statement_needing_no_transaction("DO $$ BEGIN UPDATE t SET a = 1; END $$"),
            std::nullopt);
  // The word in a string or a comment is not a COMMIT statement.
  EXPECT_EQ(
      statement_needing_no_transaction("DO $$ BEGIN RAISE NOTICE 'COMMIT'; -- COMMIT\n END $$"),
      std::nullopt);
  EXPECT_EQ(statement_needing_no_transaction("DO $$ BEGIN COMMIT $$"), std::nullopt);  // no END
}

TEST(MigrateRules, DirectiveMustBeAtTheTop) {
  EXPECT_EQ(transaction_directive("-- sleet:transaction=off\nVACUUM;"), TransactionDirective::Off);
  EXPECT_EQ(transaction_directive("\n-- a note\n--  sleet:transaction=on  \nSELECT 1;"),
            TransactionDirective::On);
  EXPECT_EQ(transaction_directive("SELECT 1;\n-- sleet:transaction=off"),
            TransactionDirective::None);
  EXPECT_EQ(transaction_directive(""), TransactionDirective::None);
}

TEST(MigrateRules, LockKeyIsStablePerTable) {
  EXPECT_EQ(migration_lock_key("drizzle", "__drizzle_migrations"),
            migration_lock_key("drizzle", "__drizzle_migrations"));
  EXPECT_NE(migration_lock_key("drizzle", "__drizzle_migrations"),
            migration_lock_key("auth", "__drizzle_migrations"));
}

// migrate creates configured schemas beforehand unless a migration creates them itself.
// Chunks are read one at a time, so one that does not parse hides nothing in the others.
TEST(MigrateRules, SchemasCreatedInEveryChunkOfAMigration) {
  const std::string sql =
      "CREATE SCHEMA \"app\";\n--> statement-breakpoint\n"
      "CREATE TABLE \"app\".\"t\" (id int);\n--> statement-breakpoint\n"
      "this is not SQL schema;\n--> statement-breakpoint\n"
      "create schema IF NOT EXISTS billing; CREATE SCHEMA audit AUTHORIZATION CURRENT_USER;\n";
  EXPECT_EQ(schemas_created_in(sql), (std::vector<std::string>{"app", "billing", "audit"}));
  EXPECT_TRUE(schemas_created_in("CREATE TABLE schema_names (id int);").empty());
  EXPECT_TRUE(schemas_created_in("").empty());
}

}  // namespace
}  // namespace sleet
