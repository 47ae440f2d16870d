#!/usr/bin/env python3
"""sleet studio against the floor, side by side in one run (docs/benchmarks.md, "Studio").

First page of a 1,000,000-row table, and the table list of a 1,000-table schema: the studio's
HTTP answer (GET /api/rows/public/big?limit=100, GET /api/tables and /api/schema), against `psql -c` of the
same query (a new process and connection each time, as the studio's client pays neither) and
that query alone in one warm psql session (\\timing). Starts and stops its own PostgreSQL.

    python3 bench/studio_bench.py [--sleet build/sleet] [--runs 20]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_cluster import Cluster  # noqa: E402

PAGE_QUERY = ('SELECT "id", "name", "amount", "created_at", "data" FROM "public"."big" '
              'ORDER BY "id" LIMIT 100')
LIST_QUERY = ("SELECT n.nspname, c.relname, c.reltuples::bigint FROM pg_catalog.pg_class c "
              "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
              "WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public' ORDER BY 1, 2")


def thousand_tables_sql():
    lines = []
    for i in range(1000):
        reference = f', parent_id integer REFERENCES t{i - 1:04d}(id)' if i % 10 else ''
        lines.append(f'CREATE TABLE t{i:04d} (id integer PRIMARY KEY, name text NOT NULL, '
                     f'amount numeric(12,2), created_at timestamptz DEFAULT now(){reference});')
        lines.append(f'CREATE INDEX t{i:04d}_name ON t{i:04d} (name);')
    return '\n'.join(lines) + '\n'


def start_studio(sleet, url, directory):
    process = subprocess.Popen([sleet, 'studio', '--no-open', '--port', '0', '--url', url],
                               cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True)
    line = process.stdout.readline()
    match = re.search(r'(http://127\.0\.0\.1:\d+)/\?token=([0-9a-f]+)', line)
    if not match:
        process.kill()
        raise RuntimeError(f'sleet studio printed: {line!r}')
    return process, match.group(1), match.group(2)


def timed(function, runs):
    function()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times)


def http_get(base, token, path):
    request = urllib.request.Request(base + path, headers={'Authorization': f'Bearer {token}'})
    with urllib.request.urlopen(request) as response:
        body = response.read()
    json.loads(body)
    return len(body)


def psql_c(cluster, database, query):
    subprocess.run([cluster.client('psql'), '-X', '-A', '-t', '-d', cluster.url(database), '-c',
                    query], stdout=subprocess.DEVNULL, check=True)


def warm_query(cluster, database, query, runs):
    """Median of the server's own time for `query` in one session (psql's \\timing)."""
    script = '\\timing on\n' + (query + ';\n') * (runs + 1)
    result = subprocess.run([cluster.client('psql'), '-X', '-A', '-t', '-d', cluster.url(database)],
                            input=script, stdout=subprocess.PIPE, text=True, check=True)
    times = [float(t) for t in re.findall(r'^Time: ([0-9.]+) ms', result.stdout, re.M)][1:]
    return statistics.median(times), min(times), max(times)


def row(label, figures):
    median, low, high = figures
    return f'| {label} | {median:.1f} ms | [{low:.1f}, {high:.1f}] |'


def main():
    parser = argparse.ArgumentParser()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument('--sleet', default=os.path.join(root, 'build', 'sleet'))
    parser.add_argument('--runs', type=int, default=20)
    args = parser.parse_args()
    cluster = Cluster()
    studios = []
    try:
        cluster.start()
        cluster.create_database('rows')
        cluster.psql('CREATE TABLE big (id integer PRIMARY KEY, name text NOT NULL, amount numeric(12,2), '
                     'created_at timestamptz NOT NULL DEFAULT now(), data jsonb); '
                     "INSERT INTO big SELECT g, 'name ' || g, g / 7.0, now(), "
                     "jsonb_build_object('g', g) FROM generate_series(1, 1000000) g; ANALYZE big;",
                     'rows')
        cluster.create_database('tables')
        with tempfile.NamedTemporaryFile('w', suffix='.sql', delete=False) as f:
            f.write(thousand_tables_sql())
        cluster.load_file(f.name, 'tables')
        os.unlink(f.name)
        cluster.psql('ANALYZE', 'tables')
        directory = tempfile.mkdtemp(prefix='sleet-studio-bench-')
        rows_studio = start_studio(args.sleet, cluster.url('rows'), directory)
        tables_studio = start_studio(args.sleet, cluster.url('tables'), directory)
        studios = [rows_studio[0], tables_studio[0]]
        runs = args.runs
        results = [
            ('First page of a 1,000,000-row table (100 rows)', [
                row('studio: GET /api/rows/public/big?limit=100 (HTTP, with the estimated total)',
                    timed(lambda: http_get(rows_studio[1], rows_studio[2],
                                           '/api/rows/public/big?limit=100'), runs)),
                row('studio: the same with count=exact',
                    timed(lambda: http_get(rows_studio[1], rows_studio[2],
                                           '/api/rows/public/big?limit=100&count=exact'), runs)),
                row('floor: psql -c (new process and connection)',
                    timed(lambda: psql_c(cluster, 'rows', PAGE_QUERY), runs)),
                row('floor: the query alone in a warm session', warm_query(cluster, 'rows', PAGE_QUERY, runs)),
            ]),
            ('Table list of a 1,000-table schema', [
                row('studio: GET /api/tables (names, kinds, estimates: the page\'s table list)',
                    timed(lambda: http_get(tables_studio[1], tables_studio[2], '/api/tables'), runs)),
                row('studio: GET /api/schema (tables, columns, keys, FKs, indexes, estimates)',
                    timed(lambda: http_get(tables_studio[1], tables_studio[2], '/api/schema'), runs)),
                row('floor: psql -c of the table list (names and reltuples)',
                    timed(lambda: psql_c(cluster, 'tables', LIST_QUERY), runs)),
                row('floor: that query alone in a warm session', warm_query(cluster, 'tables', LIST_QUERY, runs)),
            ]),
        ]
        print(f'{runs} runs each, median [min, max]; PostgreSQL {cluster.psql("show server_version")}, '
              f'{os.cpu_count()} cores\n')
        for title, lines in results:
            print(f'**{title}**\n\n| what | median | range |\n|---|---|---|')
            print('\n'.join(lines) + '\n')
    finally:
        for process in studios:
            process.terminate()
            process.wait()
        cluster.stop()


if __name__ == '__main__':
    main()
