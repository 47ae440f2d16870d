#!/usr/bin/env python3
"""Tenant schemas at scale (docs/benchmarks.md, "Tenants").

On a private PostgreSQL server (bench_cluster.Cluster):
  1. `sleet migrate` of TENANTS tenant schemas (a query) x a MIGRATIONS-migration folder, one
     command, default --jobs: wall time and peak RSS (/usr/bin/time -v);
  2. the same folder run one tenant at a time (`sleet migrate --tenant T --jobs 1`, a process
     per tenant) on SAMPLE fresh tenants: the summed wall time, extrapolated to TENANTS;
  3. a shell loop over `drizzle-kit migrate` (0.31, tests/fixtures/drizzle's), one config per
     tenant (migrations.schema = the tenant, search_path through the URL's options) on
     KIT_SAMPLE tenants, extrapolated to TENANTS (skipped with --no-drizzle-kit);
  4. peak RSS of `sleet migrate` at each of MEMORY_SIZES tenants with a MEMORY_MIGRATIONS folder
     (fresh database each), to show whether memory grows with the fleet.

Usage: bench/tenants.py [--tenants 1000] [--migrations 20] [--sample 50] [--kit-sample 50]
                        [--memory-sizes 100,1000,5000] [--memory-migrations 5] [--no-drizzle-kit]
SLEET=path/to/sleet (default build/sleet). Prints a markdown table.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_cluster import Cluster  # noqa: E402

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLEET = os.environ.get("SLEET", os.path.join(HERE, "build", "sleet"))
FIXTURE = os.path.join(HERE, "tests", "fixtures", "drizzle")


def write_folder(directory, count):
    """`count` migrations as drizzle-kit writes them: table tNN with an index and a reference."""
    os.makedirs(os.path.join(directory, "meta"), exist_ok=True)
    entries = []
    for i in range(count):
        tag = f"{i:04d}_step_{i:02d}"
        entries.append('{"idx":%d,"version":"7","when":%d,"tag":"%s","breakpoints":true}'
                       % (i, 1700000000000 + i * 1000, tag))
        sql = (f'CREATE TABLE "t{i:02d}" (\n  "id" serial PRIMARY KEY,\n  "name" text NOT NULL,\n'
               f'  "created_at" timestamp DEFAULT now() NOT NULL'
               + (f',\n  "parent_id" integer REFERENCES "t{i - 1:02d}" ("id")' if i else "")
               + f'\n);\n--> statement-breakpoint\nCREATE INDEX "t{i:02d}_name_idx" ON "t{i:02d}" '
               f'("name");\n')
        with open(os.path.join(directory, tag + ".sql"), "w") as f:
            f.write(sql)
    with open(os.path.join(directory, "meta", "_journal.json"), "w") as f:
        f.write('{"version":"7","dialect":"postgresql","entries":[' + ",".join(entries) + "]}")


def project(work, name, cluster, database, query, migrations):
    directory = os.path.join(work, name)
    os.makedirs(directory)
    write_folder(os.path.join(directory, "drizzle"), migrations)
    with open(os.path.join(directory, "sleet.toml"), "w") as f:
        f.write(f'url = "{cluster.url(database)}"\ntenants = "{query}"\n')
    return directory


def timed(command, cwd, check=True):
    """(wall seconds, peak RSS KiB, output) of `command` under /usr/bin/time -v."""
    start = time.monotonic()
    result = subprocess.run(["/usr/bin/time", "-v"] + command, cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - start
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return wall, rss, result.stdout + result.stderr


def tenants_query(prefix, count):
    return (f"select '{prefix}' || lpad(i::text, 5, '0') from generate_series(1, {count}) i")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenants", type=int, default=1000)
    parser.add_argument("--migrations", type=int, default=20)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--kit-sample", type=int, default=50)
    parser.add_argument("--memory-sizes", default="100,1000,5000")
    parser.add_argument("--memory-migrations", type=int, default=5)
    parser.add_argument("--no-drizzle-kit", action="store_true")
    args = parser.parse_args()

    cluster = Cluster()
    work = tempfile.mkdtemp(prefix="sleet-bench-tenants-")
    rows = []
    try:
        cluster.start()
        # max_connections=40 (bench_cluster): the default --jobs is then min(4, free / 4) = 4.
        n, m = args.tenants, args.migrations

        # 1. one command for the fleet
        cluster.create_database("fleet")
        fleet = project(work, "fleet", cluster, "fleet", tenants_query("t", n), m)
        wall, rss, output = timed([SLEET, "migrate"], fleet)
        summary = re.search(r"\d+ tenants: .*", output).group(0)
        rows.append((f"sleet migrate, {n} tenants x {m} migrations (one command)",
                     f"{wall:.1f} s", f"{rss // 1024} MiB", summary))
        wall_again, rss_again, _ = timed([SLEET, "migrate"], fleet)
        rows.append((f"sleet migrate again, {n} tenants at head (nothing to do)",
                     f"{wall_again:.1f} s", f"{rss_again // 1024} MiB", ""))
        wall_status, rss_status, _ = timed([SLEET, "status"], fleet)
        rows.append((f"sleet status, {n} tenants", f"{wall_status:.1f} s",
                     f"{rss_status // 1024} MiB", ""))

        # 2. one tenant at a time, a process each, on fresh tenants of another database
        cluster.create_database("one_by_one")
        single = project(work, "single", cluster, "one_by_one", tenants_query("t", n), m)
        total = 0.0
        for i in range(1, args.sample + 1):
            w, _, _ = timed([SLEET, "migrate", "--jobs", "1", "--tenant", f"t{i:05d}"], single)
            total += w
        rows.append((f"sleet per tenant (a process each, --jobs 1), sum over {args.sample} "
                     f"tenants", f"{total:.1f} s", "",
                     f"extrapolated to {n}: {total * n / args.sample:.0f} s "
                     f"({total * n / args.sample / wall:.1f}x the one command)"))

        # 3. drizzle-kit migrate per tenant, a shell loop
        if not args.no_drizzle_kit:
            kit = drizzle_kit_loop(work, cluster, single, args.kit_sample)
            rows.append((f"drizzle-kit 0.31 migrate per tenant (shell loop), {args.kit_sample} "
                         f"tenants", f"{kit:.1f} s", "",
                         f"extrapolated to {n}: {kit * n / args.kit_sample:.0f} s "
                         f"({kit * n / args.kit_sample / wall:.1f}x sleet's one command)"))

        # 4. memory as the fleet grows
        for size in [int(s) for s in args.memory_sizes.split(",")]:
            database = f"memory_{size}"
            cluster.create_database(database)
            directory = project(work, database, cluster, database, tenants_query("m", size),
                                args.memory_migrations)
            w, r, _ = timed([SLEET, "migrate"], directory)
            rows.append((f"sleet migrate, {size} tenants x {args.memory_migrations} migrations",
                         f"{w:.1f} s", f"{r // 1024} MiB", f"{size * args.memory_migrations / w:.0f} "
                         "migrations/s"))
            cluster.drop_database(database)
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)

    print("| run | wall | peak RSS | notes |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def drizzle_kit_loop(work, cluster, single, count):
    """Seconds for a bash loop running drizzle-kit migrate on tenants u00001..u<count>."""
    kit = os.path.join(work, "kit")
    os.makedirs(kit)
    shutil.copytree(os.path.join(single, "drizzle"), os.path.join(kit, "drizzle"))
    os.symlink(os.path.join(FIXTURE, "node_modules"), os.path.join(kit, "node_modules"))
    cluster.create_database("kit")
    with open(os.path.join(kit, "kit.config.mjs"), "w") as f:
        f.write("const tenant = process.env.TENANT;\n"
                "export default { dialect: 'postgresql', out: './drizzle',\n"
                f"  dbCredentials: {{ url: '{cluster.url('kit')}?options=' +\n"
                "    encodeURIComponent('-c search_path=' + tenant) },\n"
                "  migrations: { schema: tenant } };\n")
    script = ("for i in $(seq -f '%05g' 1 " + str(count) + "); do\n"
              "  TENANT=u$i node node_modules/drizzle-kit/bin.cjs migrate --config kit.config.mjs"
              " >/dev/null || exit 1\ndone\n")
    start = time.monotonic()
    result = subprocess.run(["bash", "-c", script], cwd=kit, stderr=subprocess.PIPE, text=True)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        raise RuntimeError("drizzle-kit migrate failed:\n" + result.stderr[-3000:])
    tables = cluster.psql("select count(*) from pg_tables where schemaname like 'u%' and "
                          "tablename like 't%'", "kit")
    expected = count * len([f for f in os.listdir(os.path.join(kit, "drizzle"))
                            if f.endswith(".sql")])
    if int(tables) != expected:
        raise RuntimeError(f"drizzle-kit created {tables} tenant tables, expected {expected}")
    return seconds


if __name__ == "__main__":
    main()
