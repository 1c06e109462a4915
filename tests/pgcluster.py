# SPDX-License-Identifier: EUPL-1.2
"""A throwaway PostgreSQL cluster for the tests: Debian's server binaries, ``initdb`` into a temporary
folder, listening on a free loopback port, stopped at the end of the session.

PostgreSQL refuses to run as root (CI runs as root): the cluster then belongs to the ``postgres``
system user that Debian's package creates, and is started through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

SUPERUSER = "dosa_admin"


def server_bin() -> Path | None:
    """The newest installed PostgreSQL server binaries (``/usr/lib/postgresql/N/bin``), or ``None``."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


def missing_reason() -> str | None:
    """Why no cluster can be started here (``None`` when one can)."""
    if server_bin() is None:
        return "PostgreSQL server not installed (/usr/lib/postgresql/*/bin/initdb); run .ci/install-postgres.sh"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root without runuser to start the server as 'postgres'"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -r requirements-dev.lock)"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    folder: Path
    port: int
    process: subprocess.Popen[bytes] | None = None
    _names: count[int] = field(default_factory=lambda: count(1))

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        secret = f":{password}" if password else ""
        return f"postgresql+psycopg://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database).replace("+psycopg", ""), autocommit=True) as connection:
            connection.execute(statement.encode())

    def new_database(self, prefix: str = "t") -> str:
        """A fresh, empty database; its URL (as the superuser)."""
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        self.sql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: PostgreSQL's "smart" shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def start_cluster() -> Cluster:
    """initdb a new cluster in a temporary folder and start it on a free loopback port."""
    binaries = server_bin()
    assert binaries is not None
    folder = Path(tempfile.mkdtemp(prefix="dosa-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
    subprocess.run(
        _as_server_user(
            [str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-sync"]
        ),
        check=True,
        capture_output=True,
        cwd=folder,
    )
    port = _free_port()
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        _as_server_user(
            [
                str(binaries / "postgres"),
                "-D",
                str(data),
                "-p",
                str(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"unix_socket_directories={folder}",
                "-c",
                "fsync=off",
                "-c",
                "max_connections=200",
            ]
        ),
        stdout=subprocess.DEVNULL,
        stderr=log,
        cwd=folder,
    )
    log.close()  # the server has its own copy of the descriptor
    cluster = Cluster(folder, port, process)
    deadline = time.monotonic() + 30
    while True:
        try:
            cluster.sql("SELECT 1")
            return cluster
        except Exception:
            if process.poll() is not None or time.monotonic() > deadline:
                log = (folder / "server.log").read_text(errors="replace")[-2000:]
                cluster.stop()
                raise RuntimeError(f"PostgreSQL did not start: {log}") from None
            time.sleep(0.2)


def untouched(url: str) -> bool:
    """Whether a test database is as the fixture made it: for SQLite no file, for PostgreSQL no table
    (read commands and refused writes never create or change a database)."""
    if "://" not in url:
        return not Path(url).exists()
    import psycopg

    with psycopg.connect(url.replace("+psycopg", "")) as connection:
        found = connection.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
        row = found.fetchone()
    return row is not None and row[0] == 0
