// sleet and drizzle-kit finish each other's work on the same database and leave the same
// tracking rows and schema as drizzle-kit alone.
#include <gtest/gtest.h>

#include <cstdio>

#include "drizzle_kit.h"
#include "migrate_test_support.h"

namespace sleet::testing {
namespace {

// The fixture folder, and a copy whose journal lists only the first `count` entries.
struct Folders {
  TemporaryDirectory dir;
  std::filesystem::path full = dir.path() / "full";
  std::filesystem::path half = dir.path() / "half";
};

void make_folders(Folders& folders, std::size_t count) {
  // The fixture's generate.sh schema is a snapshot oracle that cannot be applied (it links a
  // policy to a table that does not exist); migrate_v1/v2.ts are small schemas that apply.
  std::string kit = (fixture() / "kit.sh").string();
  std::string out = folders.full.string();
  std::string log =
      shell(fmt::format("'{0}' '{1}' migrate_v1.ts generate --name init && '{0}' '{1}' "
                        "migrate_v2.ts generate --name refunds && '{0}' '{1}' "
                        "migrate_v2.ts generate --custom --name seed",
                        kit, out));
  ASSERT_TRUE(std::filesystem::exists(folders.full / "0002_seed.sql")) << log;
  // Give the custom migration content so that it counts.
  folders.dir.write("full/0002_seed.sql", read_file(folders.full / "0002_seed.sql") +
                                              "\nINSERT INTO shop.customers (name) VALUES ('x');");
  std::filesystem::copy(folders.full, folders.half, std::filesystem::copy_options::recursive);
  Journal journal = parse_journal(read_file(folders.half / "meta/_journal.json"), "j");
  journal.entries.resize(count);
  folders.dir.write("half/meta/_journal.json", format_journal(journal));
}

TEST(DrizzleInterop, EachFinishesTheOthersWork) {
  Folders folders;
  make_folders(folders, 2);

  auto reference = test_cluster().fresh_database("kit_alone");
  std::string log = drizzle_kit_migrate(folders.full, reference);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  auto expected_rows = tracking_rows(reference);
  ASSERT_EQ(expected_rows.size(), 3u) << log;

  auto kit_first = test_cluster().fresh_database("kit_then_sleet");
  log = drizzle_kit_migrate(folders.half, kit_first);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  ASSERT_EQ(tracking_rows(kit_first).size(), 2u);
  auto status =
      run_sleet(fmt::format("status --url '{}' --out full", test_cluster().url(kit_first)),
                folders.dir.path());
  EXPECT_EQ(status.exit_code, 1);
  EXPECT_NE(status.out.find("applied (by drizzle-kit)"), std::string::npos) << status.out;
  auto finished = migrate_cli(kit_first, folders.full);
  ASSERT_EQ(finished.exit_code, 0) << finished.err;
  EXPECT_NE(finished.out.find("applied 1 migration"), std::string::npos) << finished.out;
  EXPECT_EQ(tracking_rows(kit_first), expected_rows);
  EXPECT_EQ(schema_outline(kit_first), schema_outline(reference));

  auto sleet_first = test_cluster().fresh_database("sleet_then_kit");
  ASSERT_EQ(migrate_cli(sleet_first, folders.half).exit_code, 0);
  log = drizzle_kit_migrate(folders.full, sleet_first);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(tracking_rows(sleet_first), expected_rows);
  EXPECT_EQ(schema_outline(sleet_first), schema_outline(reference));

  auto sleet_alone = test_cluster().fresh_database("sleet_alone");
  ASSERT_EQ(migrate_cli(sleet_alone, folders.full).exit_code, 0);
  EXPECT_EQ(tracking_rows(sleet_alone), expected_rows);
  // drizzle-kit finds nothing left to do after sleet.
  log = drizzle_kit_migrate(folders.full, sleet_alone);
  ASSERT_FALSE(log.starts_with("FAILED")) << log;
  EXPECT_EQ(tracking_rows(sleet_alone), expected_rows);
}

}  // namespace
}  // namespace sleet::testing
