#!/bin/sh
# Lint speed: 1,000 drizzle-kit-style migration files (a few statements each) linted by
# `sleet lint DIR` and by squawk on the same files; RUNS runs each, median wall time.
# Usage: bench/lint/speed.sh [FILES] [RUNS]    (defaults 1000, 5; docs/benchmarks.md, "Lint")
set -e
cd "$(dirname "$0")"
[ -x node_modules/.bin/squawk ] || npm install --no-audit --no-fund  # npm ci refuses a lock that holds only this platform's package
exec python3 - "${1:-1000}" "${2:-5}" <<'PY'
import os, pathlib, statistics, subprocess, sys, tempfile, time

files, runs = int(sys.argv[1]), int(sys.argv[2])
root = pathlib.Path.cwd().parent.parent
sleet = root / "build" / "sleet"
squawk = pathlib.Path.cwd() / "node_modules" / ".bin" / "squawk"


def migration(i):
    t, prev = f"table_{i}", f"table_{max(i - 1, 0)}"
    kind = i % 4
    if kind == 0:  # a new table with a foreign key and an index (quiet for sleet)
        return f'''CREATE TABLE "{t}" (
\t"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "{t}_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
\t"name" text NOT NULL,
\t"owner_id" bigint NOT NULL,
\t"status" varchar(32) DEFAULT 'new' NOT NULL,
\t"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "{t}" ADD CONSTRAINT "{t}_owner_id_{prev}_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."{prev}"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "{t}_owner_idx" ON "{t}" USING btree ("owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "{t}_name_key" ON "{t}" USING btree ("name");
'''
    if kind == 1:  # columns on an existing table
        return f'''ALTER TABLE "{prev}" ADD COLUMN "note_{i}" text;--> statement-breakpoint
ALTER TABLE "{prev}" ADD COLUMN "flag_{i}" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "{prev}" ADD COLUMN "count_{i}" integer;--> statement-breakpoint
CREATE INDEX "{prev}_flag_{i}_idx" ON "{prev}" USING btree ("flag_{i}");
'''
    if kind == 2:  # constraints and NOT NULL on an existing table
        return f'''ALTER TABLE "{prev}" ALTER COLUMN "name" SET DATA TYPE varchar(200);--> statement-breakpoint
ALTER TABLE "{prev}" ALTER COLUMN "status" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "{prev}" ADD CONSTRAINT "{prev}_name_unique_{i}" UNIQUE("name");--> statement-breakpoint
ALTER TABLE "{prev}" ADD CONSTRAINT "{prev}_check_{i}" CHECK ("owner_id" > 0) NOT VALID;
'''
    return f'''CREATE TYPE "public"."kind_{i}" AS ENUM('a', 'b', 'c');--> statement-breakpoint
ALTER TABLE "{prev}" DROP COLUMN "note_{i - 2}";--> statement-breakpoint
ALTER TABLE "{prev}" RENAME COLUMN "status" TO "state";--> statement-breakpoint
DROP INDEX "{prev}_owner_idx";
'''


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


with tempfile.TemporaryDirectory() as folder:
    paths = []
    for i in range(files):
        path = os.path.join(folder, f"{i:04d}_migration.sql")
        with open(path, "w") as out:
            out.write(migration(i))
        paths.append(path)
    size = sum(os.path.getsize(p) for p in paths)
    commands = {
        "sleet lint DIR --json": [str(sleet), "--json", "lint", folder],
        "squawk --reporter json FILES": [str(squawk), "--reporter", "json", *paths],
    }
    version = subprocess.run([str(squawk), "--version"], capture_output=True, text=True).stdout
    print(f"{files} files, {size / 1024:.0f} KiB, {runs} runs; {version.strip()}")
    for name, command in commands.items():
        timed(command)  # warm the page cache
        times = sorted(timed(command) for _ in range(runs))
        print(f"{name}: median {statistics.median(times) * 1000:.0f} ms "
              f"(range {times[0] * 1000:.0f}-{times[-1] * 1000:.0f} ms)")
PY
