"""A throw-away PostgreSQL server for integration tests: Debian's real binaries.

``initdb`` a temporary data directory (password authentication, scram-sha-256),
start ``postgres`` on a free port on 127.0.0.1 (Unix socket in the temp dir,
never the system's), create a database, and stop and delete it all at the
end.  As root the server runs as the ``postgres`` user (the child process
drops to it directly, like ``setpriv``: no ``runuser`` parent in between, so
signals reach the postmaster itself), since PostgreSQL refuses to run as root.

    with PostgresServer() as pg:
        url = pg.url  # postgresql://leakwarden:<password>@127.0.0.1:PORT/leakwarden
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def find_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<ver>/bin`` with initdb and postgres, or $PG_BINDIR."""
    env = os.environ.get("PG_BINDIR")
    if env:
        return Path(env)
    def version(path: str) -> int:
        name = Path(path).parent.parent.name
        return int(name) if name.isdigit() else 0

    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=version)
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("postgres")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    user = "leakwarden"
    database = "leakwarden"

    def __init__(self, *, startup_timeout: float = 60.0):
        bindir = find_bindir()
        if bindir is None or not (bindir / "initdb").exists():
            raise PostgresUnavailable("PostgreSQL server binaries not found: apt-get install -y postgresql")
        self.bindir = bindir
        self.startup_timeout = startup_timeout
        self.password = secrets.token_urlsafe(18)
        self.port = 0
        self.tmp: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: Any = None
        self._as_postgres = os.geteuid() == 0

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.database}"

    def _user_kwargs(self) -> dict[str, object]:
        if self._as_postgres:
            return {"user": "postgres", "group": "postgres", "extra_groups": [],
                    "env": {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}}
        return {}

    def start(self) -> PostgresServer:
        # Under /tmp, not pytest's tmp_path: the postgres user must be able to reach it.
        self.tmp = Path(tempfile.mkdtemp(prefix="lw-pg-"))
        data, sock = self.tmp / "data", self.tmp / "sock"
        sock.mkdir()
        pwfile = self.tmp / "pw"
        pwfile.write_text(self.password + "\n")
        if self._as_postgres:
            pw = pwd.getpwnam("postgres")
            for p in (self.tmp, sock, pwfile):
                os.chown(p, pw.pw_uid, pw.pw_gid)
        os.chmod(self.tmp, 0o700)
        os.chmod(pwfile, 0o600)
        subprocess.run(
            [str(self.bindir / "initdb"), "-D", str(data), "-U", self.user,
             f"--pwfile={pwfile}", "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"],
            check=True, capture_output=True, timeout=120, cwd=self.tmp, **self._user_kwargs(),  # type: ignore[arg-type]
        )
        pwfile.unlink()
        last_error = ""
        # A file, not a pipe: a pipe nobody reads would block the server once full.
        self._log = open(self.tmp / "server.log", "wb")  # noqa: SIM115 - closed in stop()
        for _ in range(5):  # another process may take the port between probe and bind
            self.port = free_port()
            self._proc = subprocess.Popen(  # type: ignore[call-overload]
                [str(self.bindir / "postgres"), "-D", str(data), "-p", str(self.port),
                 "-h", "127.0.0.1", "-k", str(sock), "-c", "fsync=off",
                 "-c", "full_page_writes=off", "-c", "synchronous_commit=off"],
                stdout=subprocess.DEVNULL, stderr=self._log, cwd=self.tmp, **self._user_kwargs(),
            )
            if self._wait_ready():
                self._create_database()
                return self
            last_error = self._stop_proc()
        self.stop()
        raise RuntimeError(f"PostgreSQL did not start: {last_error[-2000:]}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self._proc is not None
            if self._proc.poll() is not None:
                return False
            ready = subprocess.run(
                [str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-t", "1"],
                capture_output=True,
            )
            if ready.returncode == 0:
                return True
            time.sleep(0.2)
        return False

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=self.user, password=self.password,
                             dbname="postgres", autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'CREATE DATABASE "{self.database}"')

    def _stop_proc(self) -> str:
        proc, self._proc = self._proc, None
        if proc is None:
            return ""
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # PostgreSQL's "fast" shutdown: ends open sessions
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if self.tmp is not None and (self.tmp / "server.log").exists():
            return (self.tmp / "server.log").read_text(errors="replace")
        return ""

    def stop(self) -> None:
        self._stop_proc()
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
