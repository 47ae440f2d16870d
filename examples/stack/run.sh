#!/usr/bin/env bash
# The stack example in one command: bring the database up, seed it (the bootstrap admin's
# password is printed once), then reset it to a clean, migrated and seeded state.
# Uses $SLEET (default: sleet on PATH).
set -euo pipefail
cd "$(dirname "$0")"
sleet=${SLEET:-sleet}
"$sleet" up                 # create the database and pgcrypto, apply migrations
"$sleet" seed               # bootstrap once, then seeds that are new or changed
"$sleet" seed               # nothing new: every file is unchanged
"$sleet" reset --force      # drop everything sleet manages, migrate again, seed again
"$sleet" status
