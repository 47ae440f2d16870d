// The drizzle-kit oracle for the snapshot tests: tests/fixtures/drizzle/generate.sh run once
// per test program into a temporary folder, and drizzle-kit run again on demand (kit.sh).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sleet::testing {

// The migration folder drizzle-kit generated for the fixture (0000_init, 0001_notes and the
// --custom 0002_seed). Generated on first use; throws std::runtime_error with drizzle-kit's
// output when node/npm are missing or generation fails, so the calling test fails loudly.
const std::filesystem::path& drizzle_output();

// meta/NNNN_snapshot.json files of drizzle_output(), sorted.
std::vector<std::filesystem::path> drizzle_snapshots();

struct KitResult {
  int exit_code = -1;
  std::string output;  // standard output and error together
};

// Runs `drizzle-kit <arguments>` with the fixture's config against `folder` and the schema
// state `schema_file` (schema.ts or schema_v2.ts).
KitResult run_drizzle_kit(const std::filesystem::path& folder, const std::string& schema_file,
                          const std::string& arguments);

}  // namespace sleet::testing
