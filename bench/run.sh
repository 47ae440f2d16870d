#!/usr/bin/env bash
# sleet vs drizzle-kit benchmark: one entry command (docs/benchmarks.md).
#
#   bench/run.sh [--sizes 100,1000] [--runs 5] [--quick] [--verify] [--sleet-only]
#                [--ops version,generate,migrate,push,pull,floors,kitsql] [--timeout 600]
#                [--kit-slow-runs 1000=1] [--fail-on-error]
#                [--sleet PATH] [--results-dir DIR] [--workdir DIR]
#
# Builds sleet into build/ when no --sleet (or SLEET_BIN) is given and build/sleet is
# missing, installs drizzle-kit into bench/node_modules with `npm ci` (unless --sleet-only),
# then runs bench/harness.py, which starts and always stops its own PostgreSQL.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

sleet="${SLEET_BIN:-}"
sleet_only=0
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sleet) sleet="$2"; shift 2 ;;
    --sleet=*) sleet="${1#--sleet=}"; shift ;;
    --sleet-only) sleet_only=1; args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done

if [ -z "$sleet" ]; then
  sleet="$root/build/sleet"
  if [ ! -x "$sleet" ]; then
    echo "run.sh: building sleet into build/" >&2
    cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release >&2
    cmake --build "$root/build" --target sleet -j 2 >&2
  fi
fi
if [ ! -x "$sleet" ]; then
  echo "run.sh: no sleet binary at $sleet" >&2
  exit 2
fi

if [ "$sleet_only" -eq 0 ]; then
  if command -v npm >/dev/null 2>&1; then
    # Several runs (CTest, a person) may arrive at once: one installs, the others wait.
    exec 9>"$here/.install.lock"
    flock 9
    if [ ! -f "$here/node_modules/drizzle-kit/package.json" ] \
       || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
      echo "run.sh: npm ci in bench/" >&2
      (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
    fi
    flock -u 9
  else
    echo "run.sh: npm not found: measuring sleet only (scripts/setup installs nodejs)" >&2
    args+=(--sleet-only)
  fi
fi

exec python3 "$here/harness.py" --sleet "$sleet" ${args[@]+"${args[@]}"}
