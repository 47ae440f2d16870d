#!/usr/bin/env bash
# `sleet generate` with nothing to change on a drizzle TypeScript schema: with an empty
# export cache (node and drizzle-kit run), with the cache, and drizzle-kit's own `generate` on
# the same project. Median of RUNS (default 5) of `/usr/bin/time -f "%e %M"` (wall seconds,
# peak RSS KiB of the command and its children). docs/benchmarks.md records the figures.
#
# Usage: bench/typescript_sources.sh [RUNS]     (SLEET=path/to/sleet, default build/sleet)
# Projects: tests/typescript/project (5 tables in 3 PostgreSQL schemas, casing snake_case)
# and bench/generate_project.py's schema.ts at 1,000 tables. node_modules links to
# tests/fixtures/drizzle's (drizzle-kit 0.31.11, drizzle-orm 0.45.4; installed if missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sleet="${SLEET:-$here/build/sleet}"
runs="${1:-5}"
fixture="$here/tests/fixtures/drizzle"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$fixture/kit.sh" "$work/install" schema.ts --version >/dev/null

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure LABEL SETUP COMMAND: RUNS timed runs of COMMAND (SETUP before each, untimed).
measure() {
  local times="$work/times"
  : >"$times"
  for _ in $(seq "$runs"); do
    eval "$2"
    /usr/bin/time -f "%e %M" -a -o "$times" bash -c "$3" >"$work/output" 2>&1
    grep -q "No schema changes" "$work/output" || { cat "$work/output"; exit 1; }
  done
  printf '| %s | %s s | %s MiB |\n' "$1" "$(cut -d' ' -f1 "$times" | median)" \
    "$(( $(cut -d' ' -f2 "$times" | median) / 1024 ))"
}

# project NAME DIR SCHEMA CONFIG_EXTRA: DIR holds the schema; both tools generate once.
project() {
  local name="$1" directory="$2" schema="$3" extra="$4"
  cd "$directory"
  ln -sfn "$fixture/node_modules" node_modules
  printf 'schema = "%s"\nout = "sleet-drizzle"\n%s' "$schema" "$extra" >sleet.toml
  local casing=""
  grep -q snake_case sleet.toml && casing=', casing: "snake_case"'
  printf 'export default { dialect: "postgresql", schema: "./%s", out: "./kit-drizzle"%s };\n' \
    "$schema" "$casing" >kit.config.mjs
  "$sleet" generate --name init >/dev/null
  node node_modules/drizzle-kit/bin.cjs generate --config kit.config.mjs --name init >/dev/null
  echo
  echo "$name"
  echo
  echo "| command (no change) | wall (median of $runs) | peak RSS |"
  echo "|---|---|---|"
  measure "sleet generate, empty cache" "rm -rf .sleet/cache" "'$sleet' generate"
  measure "sleet generate, cached" ":" "'$sleet' generate"
  measure "drizzle-kit generate" ":" \
    "node node_modules/drizzle-kit/bin.cjs generate --config kit.config.mjs"
}

mkdir -p "$work/fixture"
cp -r "$here/tests/typescript/project/schema" "$work/fixture/schema"
project "tests/typescript/project (5 tables)" "$work/fixture" "schema/*.ts" \
  "casing = \"snake_case\"
schema_filter = [\"public\", \"billing\", \"audit\"]
"
python3 "$here/bench/generate_project.py" --tables 1000 --out "$work/large" >/dev/null
project "bench/generate_project.py --tables 1000 (schema.ts, 1.1 MB)" "$work/large/drizzle" \
  "schema.ts" "schema_filter = [\"app\", \"billing\", \"audit\"]
"
