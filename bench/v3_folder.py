#!/usr/bin/env python3
"""A 200-migration drizzle-kit 1.0 (v3) folder: migrate with nothing pending, and check
(docs/benchmarks.md, "drizzle-kit 1.0 folders").

Builds the folder the way a team gets one: drizzle-kit 1.0.0-rc.5 (tests/fixtures/drizzle1,
pinned by its lock file) writes the first migration from the evolve_v1.ts fixture, then
`sleet generate` writes 199 more, each adding five tables of twelve columns with an index,
a version 9 diff snapshot and footprints each. Applies it once with `sleet migrate` on a
private server (bench_cluster.Cluster), then, in interleaved rounds:

  sleet migrate          nothing pending (reads the folder, the tracking table)
  drizzle-kit migrate    the same, drizzle-kit 1.0.0-rc.5
  sleet check            the folder's consistency, branches included
  drizzle-kit check      the same, drizzle-kit 1.0.0-rc.5

Prints the snapshot bytes, and the median wall and CPU time of each.

  bench/v3_folder.py [--sleet build/sleet] [--migrations 200] [--rounds 5]
"""
import argparse
import glob
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KIT = os.path.join(ROOT, "tests", "fixtures", "drizzle1", "kit.sh")


def tables_sql(k):
    parts = []
    for j in range(5):
        name = f"m{k}_t{j}"
        columns = [f"  id serial PRIMARY KEY"] + [
            f"  c{c} {kind}" for c, kind in enumerate(
                ["text NOT NULL", "integer", "bigint DEFAULT 0", "boolean DEFAULT false",
                 "varchar(64)", "timestamp with time zone DEFAULT now()", "jsonb", "uuid",
                 "numeric", "date", "text"])]
        parts.append(f"CREATE TABLE {name} (\n" + ",\n".join(columns) + "\n);\n")
        parts.append(f"CREATE INDEX {name}_c1_idx ON {name} (c1);\n")
    return "".join(parts)


def timed(command, cwd, env=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sleet", default=os.path.join(ROOT, "build", "sleet"))
    parser.add_argument("--migrations", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sleet = os.path.abspath(args.sleet)

    work = tempfile.mkdtemp(prefix="sleet-v3-bench-")
    cluster = Cluster()
    try:
        cluster.start()
        cluster.create_database("bench_v3")
        url = cluster.url("bench_v3")
        project = os.path.join(work, "project")
        folder = os.path.join(project, "drizzle")
        os.makedirs(os.path.join(project, "schema"))
        with open(os.path.join(project, "sleet.toml"), "w") as f:
            f.write(f'url = "{url}"\nschema = "schema"\nout = "drizzle"\n')

        start = time.perf_counter()
        subprocess.run([KIT, folder, "evolve_v1.ts", "generate", "--name", "first"], check=True,
                       capture_output=True)
        first = glob.glob(os.path.join(folder, "*", "migration.sql"))
        if len(first) != 1:
            sys.exit("drizzle-kit 1.0 did not write the first migration")
        # The first migration's SQL is the schema so far; each later one adds a file.
        shutil.copy(first[0], os.path.join(project, "schema", "m0000.sql"))
        for k in range(1, args.migrations):
            with open(os.path.join(project, "schema", f"m{k:04}.sql"), "w") as f:
                f.write(tables_sql(k))
            subprocess.run([sleet, "generate", "--name", f"m{k}"], cwd=project, check=True,
                           capture_output=True)
        built = time.perf_counter() - start
        snapshots = glob.glob(os.path.join(folder, "*", "snapshot.json"))
        size = sum(os.path.getsize(s) for s in snapshots)
        print(f"folder: {len(snapshots)} migrations, snapshots {size / 1e6:.1f} MB "
              f"(built in {built:.0f} s)")
        timed([sleet, "migrate"], project)

        kit_env = dict(os.environ, SLEET_FIXTURE_URL=url)
        commands = {
            "sleet migrate (nothing pending)": ([sleet, "migrate"], None),
            "drizzle-kit 1.0 migrate (nothing pending)":
                ([KIT, folder, "evolve_v1.ts", "migrate"], kit_env),
            "sleet check": ([sleet, "check"], None),
            "drizzle-kit 1.0 check": ([KIT, folder, "evolve_v1.ts", "check"], None),
        }
        samples = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, (command, env) in commands.items():
                samples[name].append(timed(command, project, env))

        print(f"\n{args.rounds} interleaved rounds, load average {os.getloadavg()[0]:.1f} "
              f"at the end\n")
        print("| command | wall (median) | CPU (median) |")
        print("|---|---|---|")
        for name, values in samples.items():
            wall = statistics.median(v[0] for v in values)
            cpu = statistics.median(v[1] for v in values)
            print(f"| {name} | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms |")
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
