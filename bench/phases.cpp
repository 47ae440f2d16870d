// The phases of `sleet push` on one database and its schema files, each timed on its own, in
// rounds: parse (the schema files, one thread), inspect (inspect_database), compare
// (compare_with_database: inspect + normalisation), diff (diff_schemas) and plan
// (plan_changes). Prints the median CPU time of the process (all threads) and wall time of
// each phase. Driven by bench/functions_scale.py --phases (docs/benchmarks.md).
//
//   sleet_phases_bench URL SCHEMA_FILE ROUNDS
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "sleet/db.h"
#include "sleet/diff.h"
#include "sleet/error.h"
#include "sleet/inspect.h"
#include "sleet/plan.h"
#include "sleet/push.h"
#include "sleet/sources.h"

namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

struct Sample {
  double cpu_ms;
  double wall_ms;
};

// Runs `work` and returns its process CPU and wall time in milliseconds.
template <typename Work>
Sample measure(Work&& work) {
  std::clock_t cpu_start = std::clock();
  auto wall_start = std::chrono::steady_clock::now();
  work();
  std::chrono::duration<double, std::milli> wall = std::chrono::steady_clock::now() - wall_start;
  double cpu = 1000.0 * double(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  return {cpu, wall.count()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s URL SCHEMA_FILE ROUNDS\n", argv[0]);
    return 2;
  }
  try {
    sleet::db::Connection connection(sleet::db::parse_connection_string(argv[1]));
    std::vector<std::filesystem::path> files{argv[2]};
    int rounds = std::max(1, std::atoi(argv[3]));
    const char* phases[] = {"parse", "inspect", "compare", "diff", "plan"};
    std::map<std::string, std::vector<Sample>> samples;
    size_t changes_found = 0;
    for (int round = 0; round < rounds; ++round) {
      sleet::Schema declared;
      samples["parse"].push_back(
          measure([&] { declared = sleet::parse_schema_files_with_notes(files, 1).schema; }));
      sleet::InspectOptions options;
      samples["inspect"].push_back(
          measure([&] { (void)sleet::inspect_database(connection, options); }));
      sleet::DatabaseComparison comparison;
      samples["compare"].push_back(measure(
          [&] { comparison = sleet::compare_with_database(connection, declared, options); }));
      std::vector<sleet::Change> changes;
      sleet::NoRenames resolver;
      samples["diff"].push_back(measure([&] {
        changes = sleet::diff_schemas(comparison.database, comparison.declared, resolver);
      }));
      samples["plan"].push_back(measure(
          [&] { (void)sleet::plan_changes(changes, comparison.database, comparison.declared); }));
      changes_found = changes.size();
    }
    std::printf("%d rounds, %zu changes found (0 expected)\n", rounds, changes_found);
    for (const char* phase : phases) {
      std::vector<double> cpu, wall;
      for (const Sample& sample : samples[phase]) {
        cpu.push_back(sample.cpu_ms);
        wall.push_back(sample.wall_ms);
      }
      std::printf("%s %.1f %.1f\n", phase, median(cpu), median(wall));
    }
  } catch (const sleet::Error& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 1;
  }
  return 0;
}
