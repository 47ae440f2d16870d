// Micro-benchmarks of the library's hot paths on the synthetic project of bench/: parse,
// canonicalise, normalise, export, snapshot save/load, diff and plan.
//
// The project comes from $SLEET_BENCH_PROJECT (a folder holding base/sleet/schema and
// changed/sleet/schema, as bench/generate_project.py writes them); when unset, the
// generator is run into a temporary folder for $SLEET_BENCH_TABLES tables (default 1000).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "sleet/ddl.h"
#include "sleet/normalize.h"
#include "sleet/snapshot.h"
#include "sleet/sources.h"
#include "sleet/sql.h"
#if SLEET_BENCH_HAS_DIFF
#include "sleet/diff.h"
#include "sleet/plan.h"
#endif

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// All schema files of one variant as one script, in file-name order (creation order).
std::string variant_sql(const fs::path& project, const std::string& variant) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(project / variant / "sleet" / "schema")) {
    if (entry.path().extension() == ".sql") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::string sql;
  for (const auto& file : files) sql += read_file(file) + "\n";
  return sql;
}

fs::path project_directory() {
  if (const char* given = std::getenv("SLEET_BENCH_PROJECT"); given && *given) return given;
  const char* tables = std::getenv("SLEET_BENCH_TABLES");
  std::string count = tables && *tables ? tables : "1000";
  fs::path directory = fs::temp_directory_path() / ("sleet-micro-bench-" + count);
  for (const char* variant : {"base", "changed"}) {
    if (fs::exists(directory / variant / "sleet" / "schema")) continue;
    std::string command = std::string("python3 '") + SLEET_BENCH_DIR +
                          "/generate_project.py' --tables " + count + " --variant " + variant +
                          " --out '" + (directory / variant).string() + "'";
    if (std::system(command.c_str()) != 0) {
      std::cerr << "sleet_micro_bench: cannot generate the project: " << command << "\n";
      std::exit(2);
    }
  }
  return directory;
}

struct Fixture {
  std::string base_sql;
  std::string changed_sql;
  sleet::Schema base;
  sleet::Schema changed;
  std::string snapshot_json;

  Fixture() {
    fs::path project = project_directory();
    base_sql = variant_sql(project, "base");
    changed_sql = variant_sql(project, "changed");
    base = sleet::parse_schema_sql(base_sql, "base.sql");
    changed = sleet::parse_schema_sql(changed_sql, "changed.sql");
    sleet::SnapshotHeader header;
    header.id = "6f1c9a52-9d0e-4c4b-8f0e-2b6f3c1d7a10";
    snapshot_json = sleet::save_snapshot(base, header);
  }
};

const Fixture& fixture() {
  static const Fixture instance;
  return instance;
}

void BM_ParseSchemaSql(benchmark::State& state) {
  const auto& f = fixture();
  for (auto _ : state) {
    sleet::Schema schema = sleet::parse_schema_sql(f.base_sql, "base.sql");
    benchmark::DoNotOptimize(schema);
  }
  state.counters["tables"] = static_cast<double>(f.base.tables.size());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(f.base_sql.size()));
}
BENCHMARK(BM_ParseSchemaSql)->Unit(benchmark::kMillisecond);

// The offline normalisation of a whole schema: generate pays it for both sides, push for the
// declared one.
void BM_NormalizeSchema(benchmark::State& state) {
  const auto& f = fixture();
  for (auto _ : state) {
    sleet::Schema schema = f.base;
    sleet::normalize::normalize_schema(schema);
    benchmark::DoNotOptimize(schema);
  }
}
BENCHMARK(BM_NormalizeSchema)->Unit(benchmark::kMillisecond);

// Defaults, checks and predicates as the project (and typical schemas) write them.
const std::vector<std::string> kExpressions = {
    "now()", "gen_random_uuid()", "0", "'0.00'", "true", "'{}'::jsonb", "'{}'::text[]",
    "'active'", "qty >= 0", "amount >= 0", "char_length(name) > 0", "deleted_at IS NULL",
    "lower(email)", "(price * quantity)::numeric(12,2)", "CURRENT_TIMESTAMP",
    "coalesce(updated_at, created_at) > now() - interval '30 days'",
    "status IN ('active', 'suspended')", "nextval('app.ticket_seq'::regclass)",
};

void BM_CanonicalExpression(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& expression : kExpressions) {
      benchmark::DoNotOptimize(sleet::sql::canonical_expression(expression));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kExpressions.size()));
}
BENCHMARK(BM_CanonicalExpression);

// canonical_expression memoises per thread, so the loop above measures repeats (as in a
// schema, where the same defaults recur). Here every text is new (a distinct comment, which
// the parser drops): the cost of a parse and deparse through libpg_query.
void BM_CanonicalExpressionFirstSeen(benchmark::State& state) {
  int64_t counter = 0;
  for (auto _ : state) {
    for (const auto& expression : kExpressions) {
      std::string text = expression + " /* " + std::to_string(counter++) + " */";
      benchmark::DoNotOptimize(sleet::sql::canonical_expression(text));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kExpressions.size()));
}
BENCHMARK(BM_CanonicalExpressionFirstSeen);

void BM_CreateScript(benchmark::State& state) {
  const auto& f = fixture();
  for (auto _ : state) benchmark::DoNotOptimize(sleet::ddl::create_script(f.base));
}
BENCHMARK(BM_CreateScript)->Unit(benchmark::kMillisecond);

void BM_SaveSnapshot(benchmark::State& state) {
  const auto& f = fixture();
  sleet::SnapshotHeader header;
  header.id = "6f1c9a52-9d0e-4c4b-8f0e-2b6f3c1d7a10";
  for (auto _ : state) benchmark::DoNotOptimize(sleet::save_snapshot(f.base, header));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(f.snapshot_json.size()));
}
BENCHMARK(BM_SaveSnapshot)->Unit(benchmark::kMillisecond);

void BM_LoadSnapshot(benchmark::State& state) {
  const auto& f = fixture();
  for (auto _ : state) {
    sleet::Snapshot snapshot = sleet::read_snapshot(f.snapshot_json, "snapshot.json");
    benchmark::DoNotOptimize(snapshot);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(f.snapshot_json.size()));
}
BENCHMARK(BM_LoadSnapshot)->Unit(benchmark::kMillisecond);

// The schema alone, without the layout needed to write the file back (sleet check, diff).
void BM_LoadSnapshotSchemaOnly(benchmark::State& state) {
  const auto& f = fixture();
  for (auto _ : state) {
    sleet::Schema schema = sleet::load_snapshot(f.snapshot_json, "snapshot.json");
    benchmark::DoNotOptimize(schema);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(f.snapshot_json.size()));
}
BENCHMARK(BM_LoadSnapshotSchemaOnly)->Unit(benchmark::kMillisecond);

#if SLEET_BENCH_HAS_DIFF
void BM_DiffFromEmpty(benchmark::State& state) {
  const auto& f = fixture();
  sleet::Schema empty;
  for (auto _ : state) {
    sleet::NoRenames resolver;
    benchmark::DoNotOptimize(sleet::diff_schemas(empty, f.base, resolver));
  }
}
BENCHMARK(BM_DiffFromEmpty)->Unit(benchmark::kMillisecond);

void BM_DiffChanged(benchmark::State& state) {
  const auto& f = fixture();
  for (auto _ : state) {
    sleet::NoRenames resolver;
    benchmark::DoNotOptimize(sleet::diff_schemas(f.base, f.changed, resolver));
  }
}
BENCHMARK(BM_DiffChanged)->Unit(benchmark::kMillisecond);

void BM_PlanFromEmpty(benchmark::State& state) {
  const auto& f = fixture();
  sleet::Schema empty;
  sleet::NoRenames resolver;
  auto changes = sleet::diff_schemas(empty, f.base, resolver);
  for (auto _ : state) benchmark::DoNotOptimize(sleet::plan_changes(changes, empty, f.base));
  state.counters["changes"] = static_cast<double>(changes.size());
}
BENCHMARK(BM_PlanFromEmpty)->Unit(benchmark::kMillisecond);

void BM_PlanChanged(benchmark::State& state) {
  const auto& f = fixture();
  sleet::NoRenames resolver;
  auto changes = sleet::diff_schemas(f.base, f.changed, resolver);
  for (auto _ : state) {
    benchmark::DoNotOptimize(sleet::plan_changes(changes, f.base, f.changed));
  }
  state.counters["changes"] = static_cast<double>(changes.size());
}
BENCHMARK(BM_PlanChanged)->Unit(benchmark::kMillisecond);
#endif

}  // namespace

BENCHMARK_MAIN();
