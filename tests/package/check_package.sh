#!/bin/sh
# Installs the built tree into a temporary prefix, builds tests/package/consumer against it
# with find_package(sleet) and checks what the consumer prints.
# Usage: check_package.sh <sleet build dir> <consumer source dir>
set -eu

build_dir=$1
consumer_dir=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/sleet-package.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

cmake --install "$build_dir" --prefix "$work/prefix" >"$work/install.log" ||
  { cat "$work/install.log"; exit 1; }
test -f "$work/prefix/lib/cmake/sleet/sleetConfig.cmake" ||
  test -f "$work/prefix/lib64/cmake/sleet/sleetConfig.cmake" ||
  { echo "sleetConfig.cmake was not installed" >&2; exit 1; }
test -x "$work/prefix/bin/sleet" || { echo "the sleet binary was not installed" >&2; exit 1; }

# The manual pages the build wrote (sleet __man), one per command, in share/man/man1; each
# must format without a warning (groff -ww), and name its command's flags.
man1="$work/prefix/share/man/man1"
for page in sleet sleet-migrate sleet-rollback sleet-db-info sleet-completion; do
  test -f "$man1/$page.1" || { echo "$page.1 was not installed in share/man/man1" >&2; exit 1; }
done
if command -v groff >/dev/null 2>&1; then
  for page in "$man1"/*.1; do
    warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
    test -z "$warnings" || { echo "$page: $warnings" >&2; exit 1; }
  done
  groff -man -Tutf8 -P-cbou "$man1/sleet-migrate.1" 2>/dev/null | grep -q -- '--dry-run' ||
    { echo "sleet-migrate(1) does not show --dry-run" >&2; exit 1; }
else
  grep -q '^\.TH SLEET-MIGRATE 1' "$man1/sleet-migrate.1" ||
    { echo "sleet-migrate.1 has no .TH header" >&2; exit 1; }
fi

# A clean environment for the consumer: no compiler launcher or cache from the caller.
cmake -S "$consumer_dir" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" -j2 >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

output=$("$work/build/consumer" "$work/no-such-folder")
echo "$output"
expected='quoted: "Order Items"
tables: 1
migrator: exit code 2'
if [ "$output" != "$expected" ]; then
  echo "unexpected consumer output; expected:" >&2
  echo "$expected" >&2
  exit 1
fi
echo "package test passed"
