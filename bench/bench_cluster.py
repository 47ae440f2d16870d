"""A private, disposable PostgreSQL server for the benchmark harness.

initdb into a temporary directory, listen on 127.0.0.1 at a free port, no fsync. When the
harness runs as root the server runs as the system user `sleet` (created if missing), like
sleet's LocalCluster does. The postmaster is our child and gets SIGINT (fast shutdown) if
the harness dies without stopping it, so a killed run leaves no server behind.
"""
import ctypes
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time

SERVICE_USER = "sleet"
PR_SET_PDEATHSIG = 1


def find_bin_dir():
    configured = os.environ.get("SLEET_PG_BINDIR")
    if configured:
        return configured
    for version in ("15", "16", "17", "14"):
        candidate = f"/usr/lib/postgresql/{version}/bin"
        if os.path.exists(os.path.join(candidate, "initdb")):
            return candidate
    raise RuntimeError("PostgreSQL server binaries not found: install postgresql-15 "
                       "(scripts/setup) or set SLEET_PG_BINDIR")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def service_account():
    """(uid, gid) to run the server as, or None to run as ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell",
                        "/usr/sbin/nologin", SERVICE_USER], check=False)
        entry = pwd.getpwnam(SERVICE_USER)
    return entry.pw_uid, entry.pw_gid


class Cluster:
    def __init__(self):
        self.bin_dir = find_bin_dir()
        self.account = service_account()
        self.directory = tempfile.mkdtemp(prefix="sleet-bench-pg-")
        self.process = None
        self.port = 0

    def _become_service_user(self):
        # Runs in the child between fork and exec: drop root, then ask for a signal when the
        # harness dies (the request must follow the uid change, which clears it).
        if self.account:
            uid, gid = self.account
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGINT)

    def start(self):
        os.chmod(self.directory, 0o755)
        if self.account:
            os.chown(self.directory, *self.account)
        data = os.path.join(self.directory, "data")
        initdb = subprocess.run(
            [os.path.join(self.bin_dir, "initdb"), "-D", data, "-U", "postgres", "--auth=trust",
             "-E", "UTF8", "--locale=C", "-N"],
            cwd=self.directory, preexec_fn=self._become_service_user,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if initdb.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{initdb.stdout}")
        self.port = free_port()
        log = open(os.path.join(self.directory, "server.log"), "ab")
        self.process = subprocess.Popen(
            [os.path.join(self.bin_dir, "postgres"), "-D", data, "-p", str(self.port),
             "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.directory}",
             "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
             "-c", "max_connections=40", "-c", "shared_buffers=256MB",
             # One transaction creates every object of 2,000 tables (psql -1, migrate).
             "-c", "max_locks_per_transaction=4096"],
            cwd=self.directory, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            preexec_fn=self._become_service_user, start_new_session=True)
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the PostgreSQL server exited at start; log:\n" + self.log_tail())
            ready = subprocess.run([os.path.join(self.bin_dir, "pg_isready"), "-q", "-h",
                                    "127.0.0.1", "-p", str(self.port)])
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("the PostgreSQL server did not start in 60 s; log:\n" + self.log_tail())

    def log_tail(self):
        try:
            with open(os.path.join(self.directory, "server.log"), errors="replace") as f:
                return "".join(f.readlines()[-20:])
        except OSError:
            return ""

    def stop(self):
        """Stops the server (fast, then kill) and removes its directory. Safe to call twice."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)

    def url(self, database="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def client(self, program):
        return os.path.join(self.bin_dir, program)

    def psql(self, sql, database="postgres"):
        """Runs `sql`; returns its unaligned, tuples-only output. Raises on error."""
        result = subprocess.run(
            [self.client("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d",
             self.url(database), "-c", sql], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {sql}\n{result.stderr}")
        return result.stdout.strip()

    def load_file(self, path, database):
        result = subprocess.run(
            [self.client("psql"), "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d",
             self.url(database), "-f", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True)
        if result.returncode != 0:
            raise RuntimeError(f"psql -1 -f {path} failed:\n{result.stderr[-2000:]}")

    def create_database(self, name):
        self.psql(f'DROP DATABASE IF EXISTS "{name}"')
        self.psql(f'CREATE DATABASE "{name}"')

    def drop_database(self, name):
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
