#!/bin/sh
# The build's layering, tried: a probe that includes what its module may see compiles, and
# probes that include a header of a module above, or another module's private header, fail
# with "No such file or directory" for exactly that header.
# Usage: check_layering.sh <build dir>
set -u
build_dir=$1
status=0
log=$(mktemp "${TMPDIR:-/tmp}/sleet-layering.XXXXXX")
trap 'rm -f "$log"' EXIT INT TERM

if ! cmake --build "$build_dir" --target layering_probe_allowed >"$log" 2>&1; then
  echo "FAIL: the allowed probe does not compile:"; cat "$log"; status=1
else
  echo "ok: a module includes what it may"
fi

expect_refused() {  # probe header
  if cmake --build "$build_dir" --target "layering_probe_$1" >"$log" 2>&1; then
    echo "FAIL: layering_probe_$1 compiled, but $2 must not be visible there"; status=1
  elif grep -q "$2: No such file or directory" "$log"; then
    echo "ok: $1 is refused ($2: No such file or directory)"
  else
    echo "FAIL: layering_probe_$1 failed for another reason:"; cat "$log"; status=1
  fi
}
expect_refused sources_includes_plan sleet/plan.h
expect_refused plan_includes_diff_private diff/diff_internal.h
expect_refused journal_includes_snapshot sleet/snapshot.h
expect_refused pull_includes_studio sleet/studio.h
exit $status
