// inspect_database with and without the catalog's dependency graph (InspectOptions::
// dependencies) on one database, in interleaved rounds: prints the median wall time of each
// and of the difference. Driven by bench/dependency_graph.py (docs/benchmarks.md).
//
//   sleet_inspect_bench URL ROUNDS
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "sleet/db.h"
#include "sleet/error.h"
#include "sleet/inspect.h"

namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s URL ROUNDS\n", argv[0]);
    return 2;
  }
  try {
    sleet::db::Connection connection(sleet::db::parse_connection_string(argv[1]));
    int rounds = std::max(1, std::atoi(argv[2]));
    std::vector<double> with, without;
    size_t edges = 0, tables = 0;
    for (int round = 0; round < rounds; ++round) {
      for (bool dependencies : {true, false}) {
        sleet::InspectOptions options;
        options.dependencies = dependencies;
        auto start = std::chrono::steady_clock::now();
        sleet::Schema schema = sleet::inspect_database(connection, options);
        std::chrono::duration<double, std::milli> elapsed =
            std::chrono::steady_clock::now() - start;
        (dependencies ? with : without).push_back(elapsed.count());
        if (dependencies) edges = schema.dependencies.edges.size();
        tables = schema.tables.size();
      }
    }
    std::printf("%zu tables, %zu dependency edges, %d rounds\n", tables, edges, rounds);
    std::printf("inspect without the graph: %.1f ms (median)\n", median(without));
    std::printf("inspect with the graph:    %.1f ms (median)\n", median(with));
    std::printf("difference:                %.1f ms\n", median(with) - median(without));
  } catch (const sleet::Error& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 1;
  }
  return 0;
}
