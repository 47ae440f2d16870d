#!/usr/bin/env python3
"""The inspector's dependency-graph query at scale (docs/benchmarks.md, "Dependency graph").

Loads functions_scale.py's schema with functions and triggers (1,000 tables, 2,000 functions,
2,000 triggers) into a private server (bench_cluster.Cluster), then runs sleet_inspect_bench:
inspect_database with and without the graph (InspectOptions::dependencies), interleaved.

  bench/dependency_graph.py [--bench build/bench/sleet_inspect_bench] [--tables 1000] [--rounds 9]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_cluster import Cluster  # noqa: E402
from functions_scale import schema_sql  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--bench", default=os.path.join(root, "build", "bench",
                                                        "sleet_inspect_bench"))
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--columns", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="sleet-dependency-bench-")
    cluster = Cluster()
    try:
        cluster.start()
        path = os.path.join(work, "schema.sql")
        with open(path, "w") as f:
            f.write(schema_sql(args.tables, True, args.columns))
        cluster.create_database("bench_dependencies")
        cluster.load_file(path, "bench_dependencies")
        cluster.psql("ANALYZE", "bench_dependencies")
        done = subprocess.run([os.path.abspath(args.bench), cluster.url("bench_dependencies"),
                               str(args.rounds)], capture_output=True, text=True)
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
        return done.returncode
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
