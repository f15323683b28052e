"""A throwaway PostgreSQL 15 cluster for the system tests, as scripts/with-postgres.sh makes one:
initdb and pg_ctl run as the postgres user when the tests run as root."""
import contextlib
import os
import shutil
import subprocess
import tempfile

from conftest import free_port

BINDIR = "/usr/lib/postgresql/15/bin"


def _as_postgres(args):
    return (["runuser", "-u", "postgres", "--"] + args) if os.getuid() == 0 else args


class Cluster:
    def __init__(self, directory, port):
        self.directory = directory
        self.port = port

    def url(self, database="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, sql, database="postgres"):
        """Runs SQL and returns the rows as lists of strings (unaligned, tab-separated)."""
        result = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                                 "-p", str(self.port), "-U", "postgres", "-d", database, "-c", sql],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return [line.split("\t") for line in result.stdout.splitlines() if line]

    def create_database(self, name):
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextlib.contextmanager
def postgres_cluster():
    directory = tempfile.mkdtemp(prefix="samverkan-pg-")
    if os.getuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    data = os.path.join(directory, "data")
    port = free_port()
    subprocess.run(_as_postgres([f"{BINDIR}/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]),
                   check=True, capture_output=True)
    subprocess.run(_as_postgres([f"{BINDIR}/pg_ctl", "-D", data, "-l", os.path.join(directory, "log"), "-w", "-o",
                                 f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=300", "start"]),
                   check=True, capture_output=True)
    try:
        yield Cluster(directory, port)
    finally:
        subprocess.run(_as_postgres([f"{BINDIR}/pg_ctl", "-D", data, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(directory, ignore_errors=True)
