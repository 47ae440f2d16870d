#!/usr/bin/env python3
"""sleet vs drizzle-kit on the same machine in one run. Started by bench/run.sh, which
builds sleet and installs drizzle-kit first; docs/benchmarks.md explains every figure.

For each size N: generate the synthetic project (generate_project.py), start a private
PostgreSQL, then time each operation R times, alternating the tools, and report the median
wall time and peak RSS, with the ratios sleet/drizzle-kit and sleet/floor.
"""
import argparse
import datetime
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import bench_cluster
import bench_report
import generate_project

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = generate_project.SCHEMAS
SLEET, KIT = "sleet", "drizzle-kit"


class Outcome:
    """One timed command: wall seconds, peak RSS in KiB, and whether it did its job."""

    def __init__(self, wall, rss_kib, status):
        self.wall, self.rss_kib, self.status = wall, rss_kib, status  # status: ok/failed/timeout


LAUNCHER = None  # the compiled measure.c, when a C compiler is at hand


def build_launcher(work):
    global LAUNCHER
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if not compiler:
        return False
    target = os.path.join(work, "measure")
    built = subprocess.run([compiler, "-O2", "-o", target, os.path.join(HERE, "measure.c")])
    LAUNCHER = target if built.returncode == 0 else None
    return LAUNCHER is not None


def run_timed(argv, cwd, env, timeout, log_path):
    """Runs argv with no stdin, output to log_path, killed after `timeout` seconds. Wall time
    and peak RSS come from the measure.c launcher (or, without one, from wait4() here, whose
    RSS then includes the harness's own)."""
    result_file = log_path + ".result"
    if os.path.exists(result_file):
        os.remove(result_file)
    command = [LAUNCHER, result_file] + argv if LAUNCHER else argv
    with open(log_path, "ab") as log:
        log.write(("\n$ " + " ".join(argv) + "\n").encode())
        log.flush()
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        # A SIGTERM that unwinds the harness while it waits here must not leave the
        # interpreter waiting for the timer at exit.
        timer.daemon = True
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        rss = usage.ru_maxrss
        if LAUNCHER and os.path.exists(result_file):
            wall_text, rss_text, code_text = open(result_file).read().split()
            wall, rss, code = float(wall_text), int(rss_text), int(code_text)
        log.write(f"[exit {code}, {wall:.3f} s, {rss} KiB]\n".encode())
    if timed_out.is_set():
        return Outcome(wall, rss, "timeout")
    return Outcome(wall, rss, "ok" if code == 0 else f"failed (exit {code})")


class Tools:
    """How to run each tool; which sleet commands exist is asked at run time."""

    def __init__(self, sleet_binary, use_kit):
        self.sleet = os.path.abspath(sleet_binary)
        self.node = shutil.which("node")
        self.kit = os.path.join(HERE, "node_modules", "drizzle-kit", "bin.cjs")
        self.use_kit = use_kit and self.node and os.path.exists(self.kit)
        self.sleet_help = {}
        for command in ("generate", "migrate", "push", "pull"):
            result = subprocess.run([self.sleet, "help", command], stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True)
            if result.returncode == 0:
                self.sleet_help[command] = result.stdout

    def names(self):
        return [SLEET, KIT] if self.use_kit else [SLEET]

    def sleet_has(self, command):
        return command in self.sleet_help

    def sleet_flags(self, command, *candidates):
        """The non-interactive flags among `candidates` that this sleet command accepts."""
        text = self.sleet_help.get(command, "")
        return [flag for flag in candidates if flag in text]

    def version(self, tool):
        if tool == SLEET:
            return subprocess.run([self.sleet, "--version"], stdout=subprocess.PIPE,
                                  text=True).stdout.strip()
        out = subprocess.run([self.node, self.kit, "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, cwd=HERE).stdout
        return " ".join(line.strip() for line in out.splitlines() if "v" in line)


def count_tables(cluster, database):
    names = ",".join(f"'{s}'" for s in SCHEMAS)
    return int(cluster.psql(f"SELECT count(*) FROM pg_tables WHERE schemaname IN ({names})",
                            database))


def sql_files(folder):
    """The migrations of a folder: its .sql files but the down scripts sleet writes beside them."""
    if not os.path.isdir(folder):
        return []
    return sorted(f for f in os.listdir(folder) if f.endswith(".sql") and not f.endswith(".down.sql"))


def copy_tree(source, target):
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, symlinks=True)


class SizeRun:
    """Every measurement for one N. results[(operation, tool)] -> [Outcome] or a note."""

    def __init__(self, n, args, tools, cluster, work):
        self.n, self.args, self.tools, self.cluster = n, args, tools, cluster
        self.work = os.path.join(work, f"n{n}")
        self.logs = os.path.join(self.work, "logs")
        os.makedirs(self.logs, exist_ok=True)
        self.results = {}
        self.notes = []
        self.env = dict(os.environ, NO_COLOR="1", CI="1")

    # -- project setup (not timed) -------------------------------------------------------
    def project(self, variant, tool):
        return os.path.join(self.work, variant, "sleet" if tool == SLEET else "drizzle")

    def setup(self):
        for variant in ("base", "changed"):
            generate_project.generate(self.n, os.path.join(self.work, variant), variant)
            link = os.path.join(self.project(variant, KIT), "node_modules")
            if not os.path.exists(link):
                os.symlink(os.path.join(HERE, "node_modules"), link)
        self.concatenated = os.path.join(self.work, "schema-all.sql")
        schema_dir = os.path.join(self.project("base", SLEET), "schema")
        with open(self.concatenated, "w") as out:
            for name in sql_files(schema_dir):
                with open(os.path.join(schema_dir, name)) as f:
                    out.write(f.read() + "\n")
        # The initial migration both migrates apply and the floor loads: drizzle-kit's when
        # it is here (so both tools apply the very same folder), else sleet's.
        self.reference_folder = None
        self.saved = {}
        for tool in self.tools.names():
            if self.generate_initial(tool, "base"):
                self.saved[tool] = os.path.join(self.work, "state", f"{tool}-0000")
                copy_tree(os.path.join(self.project("base", tool), "drizzle"), self.saved[tool])
                self.reference_folder = self.reference_folder or self.saved[tool]
        if KIT in self.saved:
            self.reference_folder = self.saved[KIT]
        self.reference_sql = self.concatenated
        if self.reference_folder:
            self.reference_sql = os.path.join(self.reference_folder,
                                              sql_files(self.reference_folder)[0])
        self.reference_db = "bench_reference"
        self.cluster.create_database(self.reference_db)
        self.cluster.load_file(self.reference_sql, self.reference_db)
        assert count_tables(self.cluster, self.reference_db) == self.n

    def generate_command(self, tool, name):
        if tool == SLEET:
            return [self.tools.sleet, "generate", "--name", name]
        return [self.tools.node, self.tools.kit, "generate", "--name", name]

    def generate_initial(self, tool, variant):
        """An untimed first generate (also warms the page cache); True when it worked."""
        if tool == SLEET and not self.tools.sleet_has("generate"):
            return False
        cwd = self.project(variant, tool)
        shutil.rmtree(os.path.join(cwd, "drizzle"), ignore_errors=True)
        outcome = run_timed(self.generate_command(tool, "init"), cwd, self.env,
                            self.args.timeout, os.path.join(self.logs, f"setup-{tool}.log"))
        ok = outcome.status == "ok" and len(sql_files(os.path.join(cwd, "drizzle"))) == 1
        if not ok:
            self.notes.append(f"N={self.n}: {tool} generate failed in setup "
                              f"(see {self.logs}/setup-{tool}.log)")
        return ok

    # -- one measurement -----------------------------------------------------------------
    def record(self, operation, tool, outcome, valid=True, why=""):
        if outcome.status == "ok" and not valid:
            outcome.status = "failed (" + why + ")"
        self.results.setdefault((operation, tool), []).append(outcome)

    def not_available(self, operation, tool, note):
        self.results[(operation, tool)] = note

    def timed(self, operation, tool, argv, cwd, env=None):
        log = os.path.join(self.logs, f"{operation}-{tool}.log".replace(" ", "_"))
        return run_timed(argv, cwd, env or self.env, self.args.timeout, log)

    def db_env(self, database, **extra):
        return dict(self.env, DATABASE_URL=self.cluster.url(database), **extra)

    # -- operations ----------------------------------------------------------------------
    def op_version(self, tool, r):
        argv = ([self.tools.sleet, "--version"] if tool == SLEET
                else [self.tools.node, self.tools.kit, "--version"])
        self.record("cold start (--version)", tool, self.timed("version", tool, argv, HERE))

    def op_generate(self, tool, r):
        if tool == SLEET and not self.tools.sleet_has("generate"):
            for op in ("generate (from scratch)", "generate (no change)", "generate (5% change)"):
                self.not_available(op, tool, "n/a (not implemented)")
            return
        if tool not in self.saved:
            for op in ("generate (from scratch)", "generate (no change)", "generate (5% change)"):
                self.not_available(op, tool, "failed (setup)")
            return
        cwd = self.project("base", tool)
        out = os.path.join(cwd, "drizzle")
        shutil.rmtree(out, ignore_errors=True)
        outcome = self.timed("generate", tool, self.generate_command(tool, "init"), cwd)
        self.record("generate (from scratch)", tool, outcome, len(sql_files(out)) == 1,
                    "no migration written")
        copy_tree(self.saved[tool], out)
        outcome = self.timed("generate-nochange", tool, self.generate_command(tool, "again"), cwd)
        self.record("generate (no change)", tool, outcome, len(sql_files(out)) == 1,
                    "wrote a migration")
        changed = self.project("changed", tool)
        copy_tree(self.saved[tool], os.path.join(changed, "drizzle"))
        outcome = self.timed("generate-change", tool, self.generate_command(tool, "change"),
                             changed)
        self.record("generate (5% change)", tool, outcome,
                    len(sql_files(os.path.join(changed, "drizzle"))) == 2, "no migration written")

    def op_migrate(self, tool, r):
        operation = "migrate (initial, empty db)"
        if tool == SLEET and not self.tools.sleet_has("migrate"):
            return self.not_available(operation, tool, "n/a (not implemented)")
        if not self.reference_folder:
            return self.not_available(operation, tool, "n/a (no migration folder)")
        database = f"bench_migrate_{tool.replace('-', '_')}"
        self.cluster.create_database(database)
        if tool == SLEET:
            # A config of its own: with schema_filter listing app/billing/audit, sleet migrate
            # creates those schemas first and drizzle-kit's CREATE SCHEMA "app" then fails.
            cwd = os.path.join(self.work, "migrate-sleet")
            os.makedirs(cwd, exist_ok=True)
            with open(os.path.join(cwd, "sleet.toml"), "w") as config:
                config.write(f'out = "{self.reference_folder}"\n')
            argv = [self.tools.sleet, "--url", self.cluster.url(database), "migrate"]
            env = self.db_env(database)
        else:
            cwd = self.project("base", KIT)
            argv = [self.tools.node, self.tools.kit, "migrate"]
            env = self.db_env(database, BENCH_OUT=os.path.relpath(self.reference_folder, cwd))
        outcome = self.timed("migrate", tool, argv, cwd, env)
        tables = count_tables(self.cluster, database)
        self.record(operation, tool, outcome, tables == self.n, f"{tables} tables")
        self.cluster.drop_database(database)

    def op_push(self, tool, r):
        if tool == SLEET and not self.tools.sleet_has("push"):
            self.not_available("push (empty db)", tool, "n/a (not implemented)")
            return self.not_available("push (no change)", tool, "n/a (not implemented)")
        database = f"bench_push_{tool.replace('-', '_')}"
        self.cluster.create_database(database)
        env = self.db_env(database)
        if tool == SLEET:
            argv = ([self.tools.sleet, "--url", self.cluster.url(database), "push"]
                    + self.tools.sleet_flags("push", "--force", "--yes"))
        else:
            argv = [self.tools.node, self.tools.kit, "push", "--force"]
        cwd = self.project("base", tool)
        outcome = self.timed("push", tool, argv, cwd, env)
        tables = count_tables(self.cluster, database)
        self.record("push (empty db)", tool, outcome, tables == self.n, f"{tables} tables")
        log = os.path.join(self.logs, f"push-nochange-{tool}.log")
        start = os.path.getsize(log) if os.path.exists(log) else 0
        outcome = self.timed("push-nochange", tool, argv, cwd, env)
        tables = count_tables(self.cluster, database)
        why = f"{tables} tables"
        valid = tables == self.n
        if tool == SLEET and valid:
            # A push that re-applies statements each time would time something else.
            with open(log, "rb") as f:
                f.seek(start)
                valid = b"No changes" in f.read()
            why = "not a no-op"
        self.record("push (no change)", tool, outcome, valid, why)
        self.cluster.drop_database(database)

    def op_pull(self, tool, r):
        operation = "pull"
        if tool == SLEET and not self.tools.sleet_has("pull"):
            return self.not_available(operation, tool, "n/a (not implemented)")
        env = self.db_env(self.reference_db)
        target = os.path.join(self.work, "pulled", tool)  # fresh for every run
        shutil.rmtree(target, ignore_errors=True)
        os.makedirs(target)
        if tool == SLEET:
            # The project's sleet.toml (schema_filter, schema = "schema/*.sql", out =
            # "drizzle") in an empty folder: pull writes schema/ and drizzle/ next to it.
            shutil.copy(os.path.join(self.project("base", SLEET), "sleet.toml"), target)
            argv = [self.tools.sleet, "--url", self.cluster.url(self.reference_db), "pull"]
            outcome = self.timed("pull", tool, argv, target, env)
            written = (len(sql_files(os.path.join(target, "schema"))) > 0
                       and len(sql_files(os.path.join(target, "drizzle"))) == 1)
            # pull records its baseline in the tracking table, and the next pull refuses a
            # tracking table with rows: forget it (untimed), so every run starts the same.
            self.cluster.psql("DROP SCHEMA IF EXISTS drizzle CASCADE", self.reference_db)
        else:
            cwd = self.project("base", KIT)
            env["BENCH_OUT"] = os.path.relpath(target, cwd)
            outcome = self.timed("pull", tool, [self.tools.node, self.tools.kit, "pull"], cwd, env)
            written = os.path.exists(os.path.join(target, "schema.ts"))
        self.record(operation, tool, outcome, written, "nothing written")

    def op_kitsql(self, tool, r):
        """sleet with the SQL drizzle-kit wrote (its initial migration) as the schema file,
        against drizzle-kit's folder and the database loaded from that SQL: every spelling
        drizzle-kit uses must compare equal, or these are not no-ops. sleet only."""
        if tool != SLEET:
            return
        generate_op = "generate (no change, drizzle-kit's SQL)"
        push_op = "push (no change, drizzle-kit's SQL)"
        if KIT not in self.saved:
            self.not_available(generate_op, tool, "n/a (no drizzle-kit folder)")
            return self.not_available(push_op, tool, "n/a (no drizzle-kit folder)")
        project = os.path.join(self.work, "kitsql")
        shutil.rmtree(project, ignore_errors=True)
        os.makedirs(os.path.join(project, "schema"))
        shutil.copy(os.path.join(self.project("base", SLEET), "sleet.toml"), project)
        shutil.copy(self.reference_sql, os.path.join(project, "schema", "drizzle_kit.sql"))
        copy_tree(self.saved[KIT], os.path.join(project, "drizzle"))
        outcome = self.timed("generate-kitsql", tool, self.generate_command(tool, "again"),
                             project)
        self.record(generate_op, tool, outcome,
                    len(sql_files(os.path.join(project, "drizzle"))) == 1, "not a no-op")
        log = os.path.join(self.logs, f"push-kitsql-{tool}.log")
        start = os.path.getsize(log) if os.path.exists(log) else 0
        argv = ([self.tools.sleet, "-v", "--url", self.cluster.url(self.reference_db), "push"]
                + self.tools.sleet_flags("push", "--force", "--yes"))
        outcome = self.timed("push-kitsql", tool, argv, project,
                             self.db_env(self.reference_db))
        with open(log, "rb") as f:
            f.seek(start)
            output = f.read()
        self.record(push_op, tool, outcome, b"No changes" in output, "not a no-op")
        note = (f"N={self.n}: push (no change, drizzle-kit's SQL) needed the server to "
                "normalise expressions (the offline rules were not enough)")
        if b"the server normalised" in output and note not in self.notes:
            self.notes.append(note)

    def op_floors(self, r):
        database = "bench_floor"
        self.cluster.create_database(database)
        argv = [self.cluster.client("psql"), "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d",
                self.cluster.url(database), "-f", self.reference_sql]
        outcome = self.timed("floor-psql", "floor", argv, self.work)
        tables = count_tables(self.cluster, database)
        self.record("psql -1 -f", "floor", outcome, tables == self.n, f"{tables} tables")
        self.cluster.drop_database(database)
        argv = [self.cluster.client("pg_dump"), "--schema-only", "-d",
                self.cluster.url(self.reference_db), "-f", os.path.join(self.work, "dump.sql")]
        self.record("pg_dump --schema-only", "floor", self.timed("floor-pgdump", "floor", argv,
                                                                 self.work))

    def runs_for(self, operation, tool):
        """drizzle-kit's push and pull can take minutes at large N: --kit-slow-runs caps
        their runs per size (the report says how many were taken)."""
        if tool == KIT and operation in ("push", "pull"):
            return min(self.args.runs, self.args.kit_slow_runs.get(self.n, self.args.runs))
        return self.args.runs

    def run(self, operations):
        for operation in operations:
            for r in range(self.args.runs):
                if operation == "floors":
                    self.op_floors(r)
                    continue
                order = self.tools.names()
                if r % 2:
                    order = order[::-1]  # alternate which tool goes first
                for tool in order:
                    if r < self.runs_for(operation, tool):
                        getattr(self, "op_" + operation)(tool, r)
            print(f"  N={self.n}: {operation} done", file=sys.stderr, flush=True)


# -- --verify: the two sources describe the same schema ---------------------------------
def catalog_counts(cluster, database):
    names = ",".join(f"'{s}'" for s in SCHEMAS)
    query = f"""
      SELECT (SELECT count(*) FROM pg_tables WHERE schemaname IN ({names})) || ' tables, ' ||
             (SELECT count(*) FROM information_schema.columns
               WHERE table_schema IN ({names})) || ' columns, ' ||
             (SELECT count(*) FROM pg_indexes WHERE schemaname IN ({names})) || ' indexes, ' ||
             (SELECT string_agg(contype::text || '=' || n, ' ' ORDER BY contype) FROM
               (SELECT c.contype, count(*) AS n FROM pg_constraint c
                  JOIN pg_namespace s ON s.oid = c.connamespace
                 WHERE s.nspname IN ({names}) GROUP BY c.contype) k) || ' constraints, ' ||
             (SELECT count(*) FROM pg_type t JOIN pg_namespace s ON s.oid = t.typnamespace
               WHERE t.typtype = 'e' AND s.nspname IN ({names})) || ' enums'"""
    return cluster.psql(query, database)


def schema_dump(cluster, database):
    argv = [cluster.client("pg_dump"), "--schema-only", "--no-owner", "-d", cluster.url(database)]
    for s in SCHEMAS:
        argv += ["-n", s]
    text = subprocess.run(argv, stdout=subprocess.PIPE, check=True, text=True).stdout
    return [line for line in text.splitlines()
            if line.strip()
            and not line.startswith(("--", "SET ", "SELECT pg_catalog", "\\restrict", "\\unrestrict"))]


def verify(size_run):
    """Loads each source's DDL into its own database and compares pg_dump's output. Returns
    the problems found (empty: equivalent)."""
    cluster, problems = size_run.cluster, []
    for variant in ("base", "changed"):
        sources = {"schema/*.sql": None}
        schema_dir = os.path.join(size_run.project(variant, SLEET), "schema")
        script = os.path.join(size_run.work, f"verify-{variant}.sql")
        with open(script, "w") as out:
            for name in sql_files(schema_dir):
                out.write(open(os.path.join(schema_dir, name)).read() + "\n")
        sources["schema/*.sql"] = script
        for tool in size_run.tools.names():
            if tool == SLEET and not size_run.tools.sleet_has("generate"):
                continue
            if size_run.generate_initial(tool, variant):
                folder = os.path.join(size_run.project(variant, tool), "drizzle")
                sources[f"{tool} generate"] = os.path.join(folder, sql_files(folder)[0])
        dumps = {}
        for index, (label, path) in enumerate(sources.items()):
            database = f"bench_verify_{index}"
            cluster.create_database(database)
            try:
                cluster.load_file(path, database)
            except RuntimeError as error:
                problems.append(f"N={size_run.n} {variant}: {label} does not load: {error}")
                continue
            dumps[label] = schema_dump(cluster, database)
            print(f"  verify N={size_run.n} {variant}: {label}: "
                  f"{catalog_counts(cluster, database)}", file=sys.stderr)
            cluster.drop_database(database)
        reference = dumps.get("schema/*.sql")
        for label, dump in dumps.items():
            if reference is not None and dump != reference:
                different = [line for line in set(dump) ^ set(reference)][:6]
                problems.append(f"N={size_run.n} {variant}: {label} differs from schema/*.sql "
                                f"in pg_dump, e.g. {different}")
    return problems


def run_micro(binary, project):
    """The micro-benchmarks' console table, as a report section."""
    print("harness: micro-benchmarks", file=sys.stderr, flush=True)
    result = subprocess.run([binary, "--benchmark_min_time=0.5"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, SLEET_BENCH_PROJECT=project))
    tables = os.path.basename(project)[1:]
    return (f"### Micro-benchmarks (sleet_micro_bench, {tables}-table project)\n\n```\n"
            + result.stdout.strip() + "\n```\n")


OPERATIONS = ["version", "generate", "migrate", "push", "pull", "floors", "kitsql"]


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="sleet vs drizzle-kit benchmark (see docs/benchmarks.md)")
    parser.add_argument("--sizes", default="100,500,1000,2000",
                        help="comma-separated table counts (default 100,500,1000,2000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: N=20, one run (unless --sizes/--runs say otherwise)")
    parser.add_argument("--sleet", required=True, help="the sleet binary")
    parser.add_argument("--sleet-only", action="store_true", help="do not run drizzle-kit")
    parser.add_argument("--ops", default=",".join(OPERATIONS),
                        help=f"operations to run (default {','.join(OPERATIONS)})")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per command")
    parser.add_argument("--kit-slow-runs", default="", metavar="N=R,...",
                        help="at size N, run drizzle-kit's push and pull only R times "
                        "(e.g. 1000=1: they take minutes there)")
    parser.add_argument("--verify", action="store_true",
                        help="first check that the SQL and TypeScript sources are equivalent")
    parser.add_argument("--fail-on-error", action="store_true",
                        help="exit 1 when a measured command failed or timed out (the smoke "
                        "test uses it)")
    parser.add_argument("--micro", metavar="BINARY",
                        help="also run this sleet_micro_bench on the largest size's project")
    parser.add_argument("--results-dir", default=os.path.join(HERE, "results"))
    parser.add_argument("--workdir", help="keep the projects and logs here (default: a "
                        "temporary directory, removed at the end)")
    args, explicit = parser.parse_args(), set(sys.argv[1:])
    if args.quick:
        if not any(a.startswith("--sizes") for a in explicit):
            args.sizes = "20"
        if not any(a.startswith("--runs") for a in explicit):
            args.runs = 1
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    args.ops = [o for o in args.ops.split(",") if o]
    try:
        args.kit_slow_runs = {int(n): int(r) for n, r in
                              (item.split("=") for item in args.kit_slow_runs.split(",") if item)}
    except ValueError:
        parser.error("--kit-slow-runs takes N=R pairs separated by commas, e.g. 1000=1")
    for operation in args.ops:
        if operation not in OPERATIONS:
            parser.error(f"unknown operation {operation}; choose from {', '.join(OPERATIONS)}")
    return args


def main():
    args = parse_arguments()
    tools = Tools(args.sleet, not args.sleet_only)
    if not args.sleet_only and not tools.use_kit:
        print("harness: node or bench/node_modules/drizzle-kit missing: sleet only",
              file=sys.stderr)
    work = args.workdir or tempfile.mkdtemp(prefix="sleet-bench-")
    os.makedirs(work, exist_ok=True)
    # SIGTERM (a CTest timeout, kill) unwinds through the finally below like Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not build_launcher(work):
        print("harness: no C compiler: peak RSS includes the harness's own", file=sys.stderr)
    cluster = bench_cluster.Cluster()
    failed = False
    try:
        cluster.start()
        started = datetime.datetime.now()
        sections = []
        for n in args.sizes:
            print(f"harness: N={n}", file=sys.stderr, flush=True)
            size_run = SizeRun(n, args, tools, cluster, work)
            size_run.setup()
            if args.verify:
                problems = verify(size_run)
                for problem in problems:
                    print("VERIFY FAILED: " + problem, file=sys.stderr)
                failed = failed or bool(problems)
                size_run.notes.append("--verify: " + ("FAILED" if problems else
                                      "schema/*.sql, schema.ts (and generate output) load to "
                                      "identical pg_dump output"))
            size_run.run(args.ops)
            if args.fail_on_error:
                for (operation, tool), outcomes in size_run.results.items():
                    bad = [o.status for o in outcomes if o.status != "ok"] \
                        if isinstance(outcomes, list) else []
                    if bad:
                        print(f"FAILED: N={n} {operation} ({tool}): {bad[0]}", file=sys.stderr)
                        failed = True
            sections.append(bench_report.size_table(size_run, args.timeout))
            cluster.drop_database(size_run.reference_db)
        if args.micro:
            sections.append(run_micro(args.micro, os.path.join(work, f"n{max(args.sizes)}")))
        shown_command = " ".join(bench_report.shown_path(a) if a.startswith("/") else a
                                 for a in sys.argv[1:])
        header = [f"# sleet vs drizzle-kit — {started:%Y-%m-%d %H:%M}", "",
                  f"Command: `bench/run.sh {shown_command}`", ""]
        header += bench_report.machine_lines(tools, cluster) + [""]
        sleet_missing = [c for c in ("generate", "migrate", "push", "pull")
                         if not tools.sleet_has(c)]
        if sleet_missing:
            header.append(f"sleet commands not implemented in this binary: "
                          f"{', '.join(sleet_missing)}.\n")
        report = "\n".join(header) + "\n" + "\n".join(sections)
        print(report)
        os.makedirs(args.results_dir, exist_ok=True)
        path = os.path.join(args.results_dir, f"{started:%Y-%m-%dT%H%M%S}.md")
        with open(path, "w") as f:
            f.write(report)
        print(f"harness: written {path}", file=sys.stderr)
    finally:
        cluster.stop()
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
