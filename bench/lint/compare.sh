#!/bin/sh
# sleet lint and squawk side by side on tests/lint/corpus (docs/lint.md).
# Usage: bench/lint/compare.sh [--write]   (--write updates docs/lint.md's table)
set -e
cd "$(dirname "$0")"
[ -x node_modules/.bin/squawk ] || npm install --no-audit --no-fund  # npm ci refuses a lock that holds only this platform's package
exec python3 compare.py "$@"
