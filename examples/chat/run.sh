#!/usr/bin/env bash
# The chat example in one command: create and migrate both services' databases, then show
# each one's status. Uses $SLEET (default: sleet on PATH).
set -euo pipefail
cd "$(dirname "$0")"
sleet=${SLEET:-sleet}
"$sleet" up --all               # both targets, in parallel: create database, extensions, migrate
SERVICE=auth "$sleet" status    # one service, chosen the way a container would choose it
"$sleet" status --all           # every service
