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

}  // namespace
}  // namespace sleet::testing
