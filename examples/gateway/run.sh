#!/usr/bin/env bash
# The gateway example in one command: start the service (it migrates its database first),
# ask its health endpoint, stop it. Uses $GATEWAY (default: build/examples/gateway/gateway).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gateway=${GATEWAY:-$here/../../build/examples/gateway/gateway}
log=$(mktemp)
"$gateway" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*/health' "$log" || true)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.1
done
cat "$log"
curl -fsS "$url"
echo
