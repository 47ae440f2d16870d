"""The markdown report of a harness run: machine, versions, one table per size."""
import os
import platform
import statistics
import subprocess

ROWS = [
    # (operation, floor operation or None)
    ("cold start (--version)", None),
    ("generate (from scratch)", None),
    ("generate (no change)", None),
    ("generate (5% change)", None),
    ("migrate (initial, empty db)", "psql -1 -f"),
    ("push (empty db)", "psql -1 -f"),
    ("push (no change)", "pg_dump --schema-only"),
    ("pull", "pg_dump --schema-only"),
    ("generate (no change, drizzle-kit's SQL)", None),
    ("push (no change, drizzle-kit's SQL)", "pg_dump --schema-only"),
    ("psql -1 -f", None),
    ("pg_dump --schema-only", None),
]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gib():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def load_average():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "unknown"


def postgres_version(cluster):
    return cluster.psql("SHOW server_version")


def shown_path(path):
    """`path` relative to the repository when it is inside it, else only its last name
    (".../sleet"): reports name no machine paths."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    absolute = os.path.abspath(path)
    if absolute.startswith(root + os.sep):
        return os.path.relpath(absolute, root)
    return ".../" + os.path.basename(absolute) if os.path.isabs(path) else path


def machine_lines(tools, cluster):
    node = "absent"
    if tools.node:
        node = subprocess.run([tools.node, "--version"], stdout=subprocess.PIPE,
                              text=True).stdout.strip()
    lines = [
        f"- CPU: {cpu_model()} ({os.cpu_count()} logical CPUs), memory {memory_gib()}",
        f"- kernel: {platform.system()} {platform.release()}; load average at start: "
        f"{load_average()}",
        f"- PostgreSQL {postgres_version(cluster)} (private cluster: fsync off, loopback TCP)",
        f"- {tools.version('sleet')} ({shown_path(tools.sleet)})",
        f"- node {node}",
    ]
    if tools.use_kit:
        lines.append(f"- drizzle-kit: {tools.version('drizzle-kit')}")
    return lines


def seconds(value):
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def summarise(outcomes, timeout, runs=None):
    """(text for time, text for RSS, median seconds or None); says how many runs were taken
    when fewer than `runs`."""
    if outcomes is None:
        return "–", "–", None
    if isinstance(outcomes, str):
        return outcomes, "–", None
    good = [o for o in outcomes if o.status == "ok"]
    if len(good) < len(outcomes):
        bad = next(o for o in outcomes if o.status != "ok")
        if bad.status == "timeout":
            return f">{timeout:.0f} s (timeout)", "–", None
        return bad.status, "–", None
    median = statistics.median(o.wall for o in good)
    rss = max(o.rss_kib for o in good) / 1024
    spread = ""
    if len(good) > 1:
        spread = f" ({seconds(min(o.wall for o in good))}–{seconds(max(o.wall for o in good))})"
    if runs is not None and len(good) < runs:
        spread += f" ({len(good)} run{'s' if len(good) > 1 else ''})"
    return seconds(median) + spread, f"{rss:.0f} MiB", median


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×" if a / b >= 0.1 else f"{a / b:.3f}×"


def size_table(size_run, timeout):
    lines = [
        f"### N = {size_run.n} tables ({size_run.args.runs} run(s), median wall time; "
        "range in brackets; peak RSS = max over runs)",
        "",
        "| operation | sleet | sleet RSS | drizzle-kit | drizzle-kit RSS | sleet / drizzle-kit "
        "| floor | sleet / floor |",
        "|---|---|---|---|---|---|---|---|",
    ]
    results = size_run.results
    for operation, floor in ROWS:
        if operation in ("psql -1 -f", "pg_dump --schema-only"):
            time_text, rss_text, _ = summarise(results.get((operation, "floor")), timeout)
            lines.append(f"| floor: `{operation}` | – | – | – | – | – | {time_text} "
                         f"({rss_text}) | – |")
            continue
        runs = size_run.args.runs
        s_time, s_rss, s_median = summarise(results.get((operation, "sleet")), timeout, runs)
        k_time, k_rss, k_median = summarise(results.get((operation, "drizzle-kit")), timeout,
                                            runs)
        f_text, f_median = "–", None
        if floor:
            f_text, _, f_median = summarise(results.get((floor, "floor")), timeout)
            f_text = f"`{floor}` {f_text}"
        lines.append(f"| {operation} | {s_time} | {s_rss} | {k_time} | {k_rss} | "
                     f"{ratio(s_median, k_median)} | {f_text} | {ratio(s_median, f_median)} |")
    for note in size_run.notes:
        lines.append(f"\n- {note}")
    return "\n".join(lines) + "\n"
