"""An nginx reverse proxy in front of a local search engine, for tests and the demo.

Many real deployments put a reverse proxy with basic auth (and TLS) in front
of an Elasticsearch/OpenSearch cluster that has no security plugin.
:class:`NginxProxy` reproduces that with Debian's nginx on a free loopback
port, together with the usual misconfigurations the scanner has to catch:
``Access-Control-Allow-Origin: *`` added by the proxy and locations left
without auth::

    with NginxProxy(node.port, users={"admin": "s3cret"}, tls=True,
                    open_paths=["/_cat/"]) as proxy:
        httpx.get(proxy.url + "/", auth=("admin", "s3cret"), verify=False)

Everything (config, htpasswd, certificate, pid, logs, temp paths) lives in a
temporary directory that :meth:`NginxProxy.stop` removes. nginx runs in the
foreground as a single process (``daemon off; master_process off;``) in its
own session; on Linux it also gets SIGTERM if the Python process dies.
The access log has one line per request, ``... "METHOD URI" STATUS ...``.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

__all__ = ["NginxError", "NginxProxy"]

_DEFAULT_USERS = {"admin": "s3cret"}
_HINT = "run scripts/ensure-system-deps.sh (apt-get install nginx openssl)"


class NginxError(RuntimeError):
    """nginx or openssl is missing, or the proxy did not start."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _find(tool: str) -> str:
    found = shutil.which(tool) or next(
        (p for p in (f"/usr/sbin/{tool}", f"/sbin/{tool}") if os.access(p, os.X_OK)), None
    )
    if not found:
        raise NginxError(f"{tool} was not found: {_HINT}")
    return found


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class NginxProxy:
    """nginx on ``127.0.0.1:port`` proxying to ``http://127.0.0.1:upstream_port``.

    ``users`` enables basic auth with those name/password pairs (``None`` or
    ``{}``: no auth at all). ``tls`` serves HTTPS with a fresh self-signed
    certificate for ``localhost``. ``cors_wildcard`` adds
    ``Access-Control-Allow-Origin: *`` to every response. ``open_paths`` are
    location prefixes (e.g. ``"/_cat/"``) proxied without auth.
    """

    def __init__(
        self,
        upstream_port: int,
        *,
        users: Mapping[str, str] | None = _DEFAULT_USERS,
        tls: bool = False,
        cors_wildcard: bool = False,
        open_paths: Iterable[str] = (),
        port: int | None = None,
        access_log: bool = True,
        startup_timeout: float = 15.0,
    ) -> None:
        self.upstream_port = int(upstream_port)
        self.users = dict(users or {})
        self.tls = tls
        self.cors_wildcard = cors_wildcard
        self.open_paths = [str(p) for p in open_paths]
        for p in self.open_paths:
            if not p.startswith("/") or any(c in p for c in " ;{}\"'\n"):
                raise ValueError(f"bad open path {p!r}")
        self.access_log = access_log
        self.startup_timeout = startup_timeout
        self._requested_port = port
        self.port: int = port or 0
        self.url: str = ""
        self._dir: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self.access_log_path = Path(os.devnull)
        self.error_log_path = Path(os.devnull)
        self.cert_path: Path | None = None

    def __repr__(self) -> str:
        return f"<NginxProxy {self.url or '-'} -> 127.0.0.1:{self.upstream_port}>"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    # -- files

    def _write_htpasswd(self, path: Path, openssl: str) -> None:
        lines = []
        for user, password in self.users.items():
            if not user or ":" in user or "\n" in user:
                raise ValueError(f"bad basic-auth user name {user!r}")
            hashed = subprocess.run(
                [openssl, "passwd", "-apr1", "-stdin"],
                input=password + "\n", capture_output=True, text=True, check=True,
            ).stdout.strip()  # fmt: skip
            lines.append(f"{user}:{hashed}\n")
        path.write_text("".join(lines))

    def _write_cert(self, d: Path, openssl: str) -> tuple[Path, Path]:
        cert, key = d / "cert.pem", d / "key.pem"
        proc = subprocess.run(
            [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
             "-days", "2", "-keyout", str(key), "-out", str(cert)],
            capture_output=True, text=True,
        )  # fmt: skip
        if proc.returncode != 0:
            raise NginxError(f"openssl req failed: {proc.stderr.strip()}")
        return cert, key

    def _location(self, prefix: str, *, auth: bool, htpasswd: Path) -> str:
        lines = [f"        location {prefix} {{"]
        if auth:
            lines += [
                '            auth_basic "leakwarden test proxy";',
                f"            auth_basic_user_file {_quote(str(htpasswd))};",
            ]
        else:
            lines.append("            auth_basic off;")
        if self.cors_wildcard:
            lines.append("            add_header Access-Control-Allow-Origin * always;")
        lines += [
            f"            proxy_pass http://127.0.0.1:{self.upstream_port};",
            "        }",
        ]
        return "\n".join(lines)

    def _config(self, d: Path, htpasswd: Path, cert: Path | None, key: Path | None) -> str:
        auth = bool(self.users)
        listen = f"127.0.0.1:{self.port}" + (" ssl" if self.tls else "")
        access = (
            f"access_log {_quote(str(self.access_log_path))} leakwarden;" if self.access_log else "access_log off;"
        )
        tls_lines = ""
        if self.tls and cert and key:
            tls_lines = (
                f"        ssl_certificate {_quote(str(cert))};\n"
                f"        ssl_certificate_key {_quote(str(key))};\n"
                "        ssl_protocols TLSv1.2 TLSv1.3;\n"
            )
        locations = [self._location("/", auth=auth, htpasswd=htpasswd)]
        locations += [self._location(p, auth=False, htpasswd=htpasswd) for p in self.open_paths if p != "/"]
        if "/" in self.open_paths:
            locations[0] = self._location("/", auth=False, htpasswd=htpasswd)
        tmp = {name: d / "tmp" / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
        for p in tmp.values():
            p.mkdir(parents=True, exist_ok=True)
        return f"""# written by leakwarden.testing.nginx
daemon off;
master_process off;
worker_processes 1;
pid {_quote(str(d / "nginx.pid"))};
error_log {_quote(str(self.error_log_path))} warn;

events {{
    worker_connections 256;
}}

http {{
    client_body_temp_path {_quote(str(tmp["client_body"]))};
    proxy_temp_path {_quote(str(tmp["proxy"]))};
    fastcgi_temp_path {_quote(str(tmp["fastcgi"]))};
    uwsgi_temp_path {_quote(str(tmp["uwsgi"]))};
    scgi_temp_path {_quote(str(tmp["scgi"]))};
    default_type application/octet-stream;
    server_tokens on;
    client_max_body_size 200m;
    log_format leakwarden '$remote_addr $remote_user [$time_iso8601] "$request_method $request_uri" $status $body_bytes_sent';
    {access}

    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_read_timeout 300s;

    server {{
        listen {listen};
        server_name localhost;
{tls_lines}
{chr(10).join(locations)}
    }}
}}
"""

    # -- lifecycle

    def start(self) -> NginxProxy:
        if self._proc is not None:
            raise NginxError("nginx proxy already started")
        nginx = _find("nginx")
        openssl = _find("openssl")
        self._dir = d = Path(tempfile.mkdtemp(prefix="leakwarden-nginx-"))
        try:
            (d / "logs").mkdir()
            self.access_log_path = d / "logs" / "access.log"
            self.error_log_path = d / "logs" / "error.log"
            self.access_log_path.touch()
            htpasswd = d / "htpasswd"
            self._write_htpasswd(htpasswd, openssl)
            cert = key = None
            if self.tls:
                cert, key = self._write_cert(d, openssl)
                self.cert_path = cert
            self.port = self._requested_port or _free_port()
            conf = d / "nginx.conf"
            conf.write_text(self._config(d, htpasswd, cert, key))
            cmd = [nginx, "-p", str(d), "-c", str(conf), "-e", str(self.error_log_path)]
            check = subprocess.run([*cmd, "-t", "-q"], capture_output=True, text=True)
            if check.returncode != 0:
                raise NginxError(f"nginx rejected its config {conf}:\n{check.stderr.strip()}")
            with open(d / "logs" / "stderr.log", "wb") as stderr:
                self._proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    start_new_session=True,
                    preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
                )
        except BaseException:
            self._remove_dir()
            raise
        atexit.register(self.stop)
        scheme = "https" if self.tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        try:
            self._wait_listening()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_listening(self) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self._proc.poll() is not None:
                raise NginxError(f"nginx exited with code {self._proc.returncode}:\n{self._errors()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise NginxError(f"nginx not listening on {self.port} after {self.startup_timeout:.0f} s:\n"
                                 f"{self._errors()}")
            time.sleep(0.05)

    def _errors(self) -> str:
        out = []
        for p in (self.error_log_path, (self._dir or Path(os.devnull)) / "logs" / "stderr.log"):
            try:
                out.append(p.read_text(errors="replace").strip())
            except OSError:
                pass
        return "\n".join(x for x in out if x) or "(no error output)"

    def access_log_lines(self, settle: float = 0.3) -> list[str]:
        """The access log so far (one line per request).

        nginx writes a request's log line after the response has been sent, so
        a client can read the log before its last request is in it: wait until
        the log has not grown for ``settle`` seconds (at most 3 s).
        """
        lines = self._read_log()
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            time.sleep(settle)
            again = self._read_log()
            if len(again) == len(lines):
                break
            lines = again
        return lines

    def _read_log(self) -> list[str]:
        try:
            return self.access_log_path.read_text(errors="replace").splitlines()
        except OSError:
            return []

    def stop(self) -> None:
        """Stop nginx (SIGTERM, then SIGKILL after 10 s) and remove its directory. Idempotent."""
        proc, self._proc = self._proc, None
        atexit.unregister(self.stop)
        if proc is not None and proc.poll() is None:
            try:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        self._remove_dir()

    def _remove_dir(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self) -> NginxProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
