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
