// Every input that once broke a parser under scripts/fuzz (fuzz/regressions/<target>/), fed
// through the very calls of that target (fuzz/entry_points.h): each must now be accepted or
// refused with a sleet::Error, never escape as another exception.
#include <gtest/gtest.h>

#include <filesystem>

#include "entry_points.h"
#include "support/test_files.h"

namespace sleet::testing {
namespace {

namespace fs = std::filesystem;

TEST(FuzzRegressions, EveryReproducerGivesACleanOutcome) {
  const fs::path root = source_dir() / "fuzz" / "regressions";
  int replayed = 0;
  for (const auto& target : fs::directory_iterator(root)) {
    auto entry = fuzz::entry_points().find(target.path().filename().string());
    ASSERT_NE(entry, fuzz::entry_points().end()) << "no fuzz target " << target.path();
    for (const auto& input : fs::directory_iterator(target.path())) {
      SCOPED_TRACE(input.path().string());
      EXPECT_NO_THROW(entry->second(read_file(input.path())));
      ++replayed;
    }
  }
  EXPECT_GE(replayed, 2);
}

TEST(FuzzRegressions, AJournalNumberOutOfRangeIsAClearError) {
  try {
    parse_journal(read_file(source_dir() / "fuzz/regressions/journal/number_out_of_range.json"),
                  "meta/_journal.json");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), 2);
    EXPECT_NE(std::string(error.what()).find("out of range"), std::string::npos) << error.what();
  }
}

// Found by scripts/fuzz 600: a drizzle-kit 1.0 snapshot with a number beyond a double's range
// (an id of 5e600) escaped read_v9_snapshot as nlohmann's out_of_range.
TEST(FuzzRegressions, AV9SnapshotNumberOutOfRangeIsAClearError) {
  try {
    read_v9_snapshot(
        read_file(source_dir() / "fuzz/regressions/snapshot_v9/number_out_of_range.json"),
        "20260101000000_x/snapshot.json");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.exit_code(), 2);
    EXPECT_NE(error.describe().find("out of range"), std::string::npos) << error.describe();
    EXPECT_NE(error.describe().find("20260101000000_x/snapshot.json"), std::string::npos)
        << error.describe();
  }
}

// The snapshot_v9 target's seed (a base and two diff snapshots drizzle-kit 1.0 wrote for
// tests/fixtures/drizzle1/evolve_v1..v3.ts, form-feed separated) must replay cleanly, or the
// fuzzer would start from inputs that are refused at the first byte.
TEST(FuzzSeeds, TheV9SeedChainReplaysIntoOneLeafWithTables) {
  std::string text = read_file(source_dir() / "fuzz/seeds/snapshot_v9/base_and_two_diffs.txt");
  std::vector<V9Snapshot> snapshots = fuzz::v9_snapshots_of(text);
  ASSERT_EQ(snapshots.size(), 3u);
  EXPECT_TRUE(snapshots[0].base);
  EXPECT_FALSE(snapshots[2].base);
  V9FolderState state = v9_folder_state(snapshots);
  ASSERT_EQ(state.leaf_ids.size(), 1u);
  EXPECT_EQ(state.leaf_ids.front(), snapshots[2].id);
  EXPECT_FALSE(state.schema.tables.empty());
  EXPECT_NO_THROW(fuzz::snapshot_v9(text));
}

}  // namespace
}  // namespace sleet::testing
