#!/usr/bin/env python3
"""Functions and triggers at scale (docs/benchmarks.md, "Functions and triggers").

Two schemas of 1,000 tables: one plain, one with 2,000 functions (a plpgsql trigger function
and a SQL function per table) and 2,000 triggers (two per table, one with WHEN). Each is
loaded with psql into its own database of a private server (bench_cluster.Cluster), then,
in interleaved rounds so that load on the machine falls on both alike:

  push     `sleet push --dry-run` on the loaded database: inspect + parse + diff + plan,
           which must find no change;
  generate `sleet generate --dry-run` over a folder whose baseline is the same schema:
           parse + snapshot read + diff + plan, no database.

Prints the median wall and CPU time (user + system of sleet) of each, and the ratio of the
schema with functions to the one without. The issue's bar: within 2x.

  bench/functions_scale.py [--sleet build/sleet] [--tables 1000] [--columns 4] [--rounds 7]
                           [--phases build/bench/sleet_phases_bench]

--phases: also time push's phases apart on each database with sleet_phases_bench (parse,
inspect, compare = inspect + normalisation, diff, plan: the issue's bar names inspect, diff and
plan), and print their CPU ratios.

--columns: columns per table (4: id, name, n, updated_at; more are cycled from a list of
common kinds). Narrow tables are the hard case: the functions then weigh most.
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_cluster import Cluster  # noqa: E402


# Extra columns of a wider table, cycled: what real tables hold besides the four every table has.
EXTRA_COLUMNS = ["email varchar(255)", "active boolean NOT NULL DEFAULT true", "score numeric(10, 2)",
                 "payload jsonb", "created_at timestamptz NOT NULL DEFAULT now()", "owner_id uuid",
                 "tags text[]", "due date", "amount bigint DEFAULT 0", "note text"]


def schema_sql(tables, with_functions, columns=4):
    parts = []
    for i in range(tables):
        extra = "".join(f"  x{c}_{EXTRA_COLUMNS[c % len(EXTRA_COLUMNS)]},\n"
                        for c in range(max(0, columns - 4)))
        parts.append(
            f"CREATE TABLE t{i} (\n  id bigserial PRIMARY KEY,\n  name text NOT NULL,\n"
            f"  n integer,\n{extra}  updated_at timestamptz NOT NULL DEFAULT now()\n);\n")
        if not with_functions:
            continue
        parts.append(
            f"CREATE FUNCTION touch_t{i}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n  NEW.updated_at := now();\n  NEW.n := coalesce(NEW.n, {i});\n"
            f"  RETURN NEW;\nEND;\n$$;\n")
        parts.append(
            f"CREATE FUNCTION weight_t{i}(a integer, b integer DEFAULT 1) RETURNS integer\n"
            f"  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a * {i + 1} + b $$;\n")
        parts.append(
            f"CREATE TRIGGER t{i}_touch BEFORE UPDATE ON t{i}\n"
            f"  FOR EACH ROW EXECUTE FUNCTION touch_t{i}();\n")
        parts.append(
            f"CREATE TRIGGER t{i}_fill BEFORE INSERT ON t{i}\n"
            f"  FOR EACH ROW WHEN (NEW.n IS NULL) EXECUTE FUNCTION touch_t{i}();\n")
    return "".join(parts)


def timed(command, cwd):
    """(wall seconds, cpu seconds of the child, completed process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--sleet", default=os.path.join(root, "build", "sleet"))
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--columns", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--phases", help="sleet_phases_bench to time push's phases apart")
    args = parser.parse_args()
    sleet = os.path.abspath(args.sleet)

    work = tempfile.mkdtemp(prefix="sleet-functions-bench-")
    cluster = Cluster()
    try:
        cluster.start()
        projects = {}
        for name, with_functions in (("plain", False), ("functions", True)):
            project = os.path.join(work, name)
            os.makedirs(os.path.join(project, "schema"))
            path = os.path.join(project, "schema", "schema.sql")
            with open(path, "w") as f:
                f.write(schema_sql(args.tables, with_functions, args.columns))
            database = f"bench_{name}"
            cluster.create_database(database)
            cluster.load_file(path, database)
            with open(os.path.join(project, "sleet.toml"), "w") as f:
                f.write(f'url = "{cluster.url(database)}"\nschema = "schema"\nout = "drizzle"\n')
            # The baseline generate --dry-run compares with: the same schema, already written.
            done = subprocess.run([sleet, "generate", "--name", "baseline"], cwd=project,
                                  capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"{name}: generate failed: {done.stderr}")
            projects[name] = project
            size = os.path.getsize(path)
            print(f"{name}: {args.tables} tables of {args.columns} columns, schema file "
                  f"{size / 1e6:.2f} MB")

        commands = {
            "push": [sleet, "push", "--dry-run"],
            "generate": [sleet, "generate", "--dry-run"],
        }
        samples = {(op, name): [] for op in commands for name in projects}
        for round_ in range(args.rounds):
            for op, command in commands.items():
                for name, project in projects.items():
                    wall, cpu, done = timed(command, project)
                    if done.returncode != 0 or "No" not in done.stdout:
                        sys.exit(f"{op} on {name} (round {round_ + 1}) did not find the schema "
                                 f"unchanged: exit {done.returncode}\n{done.stdout}{done.stderr}")
                    samples[(op, name)].append((wall, cpu))

        phases = {}
        for name, project in projects.items() if args.phases else []:
            done = subprocess.run([os.path.abspath(args.phases), cluster.url(f"bench_{name}"),
                                   os.path.join(project, "schema", "schema.sql"),
                                   str(args.rounds)], capture_output=True, text=True)
            if done.returncode != 0 or "0 changes found" not in done.stdout:
                sys.exit(f"phases of {name}: {done.stdout}{done.stderr}")
            for line in done.stdout.splitlines()[1:]:
                phase, cpu, wall = line.split()
                phases[(phase, name)] = (float(cpu), float(wall))

        load = os.getloadavg()[0]
        print(f"\n{args.rounds} interleaved rounds, load average {load:.1f} at the end\n")
        print("| operation | without functions | with 2 per table + 2 triggers | ratio (wall) "
              "| ratio (CPU) |")
        print("|---|---|---|---|---|")
        for op in commands:
            plain = samples[(op, "plain")]
            funcs = samples[(op, "functions")]
            pw, pc = statistics.median(s[0] for s in plain), statistics.median(s[1] for s in plain)
            fw, fc = statistics.median(s[0] for s in funcs), statistics.median(s[1] for s in funcs)
            print(f"| {op} (no change) | {pw * 1000:.0f} ms wall, {pc * 1000:.0f} ms CPU "
                  f"| {fw * 1000:.0f} ms wall, {fc * 1000:.0f} ms CPU "
                  f"| {fw / pw:.2f}x | {fc / pc:.2f}x |")
        if phases:
            print("\n| phase of push (no change) | without | with functions and triggers "
                  "| ratio (CPU) | ratio (wall) |")
            print("|---|---|---|---|---|")
            for phase in ("parse", "inspect", "compare", "diff", "plan"):
                pc, pw = phases[(phase, "plain")]
                fc, fw = phases[(phase, "functions")]
                ratio = lambda a, b: f"{a / b:.2f}x" if b > 0.05 else "-"
                print(f"| {phase} | {pc:.1f} ms CPU | {fc:.1f} ms CPU | {ratio(fc, pc)} "
                      f"| {ratio(fw, pw)} |")
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
