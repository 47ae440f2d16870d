#!/usr/bin/env bash
# Times `sleet verify` on a folder of N generated migrations (default 150), each with its down
# script: every step adds a table referencing the previous one, every third step also a table
# with defaults. The development database (.sleet/dev in a scratch project) is
# the scratch server; it is started before timing and stopped afterwards.
# Usage: bench/verify_speed.sh [N] [path/to/sleet]
set -euo pipefail
steps="${1:-150}"
sleet="$(realpath "${2:-build/sleet}")"
work="$(mktemp -d)"
trap '(cd "$work" && "$sleet" dev stop >/dev/null 2>&1 || true); rm -rf "$work"' EXIT
cd "$work"
printf 'schema = "schema/*.sql"\n' > sleet.toml
mkdir -p schema
: > schema/app.sql
for i in $(seq 1 "$steps"); do
  if [ "$i" -eq 1 ]; then
    echo "CREATE TABLE t1 (id integer PRIMARY KEY, name text NOT NULL);" >> schema/app.sql
  else
    echo "CREATE TABLE t$i (id integer PRIMARY KEY, name text NOT NULL, parent integer REFERENCES t$((i - 1)) (id));" >> schema/app.sql
  fi
  if [ $((i % 3)) -eq 0 ]; then
    echo "CREATE TABLE extra$i (id integer PRIMARY KEY, note text DEFAULT 'x', at timestamptz NOT NULL DEFAULT now());" >> schema/app.sql
  fi
  "$sleet" generate --name "step$i" > /dev/null
done
"$sleet" dev start > /dev/null
start=$(date +%s.%N)
"$sleet" verify
end=$(date +%s.%N)
echo "sleet verify, $steps migrations with down scripts: $(echo "$end - $start" | bc) s"
