"""Real Elasticsearch 7.17 / OpenSearch 2.19 nodes embedded in a JVM, on loopback.

Neither engine's distribution can be downloaded here, but both are published
on Maven Central as Java libraries. ``engines/<module>/`` in the repository
holds one tiny Maven module per engine whose main class starts a single node
(see ``docs/engines.md``). :func:`ensure_engine` builds that module once into
the user's cache; :class:`EmbeddedEngine` runs a node on a free loopback port::

    with EmbeddedEngine("opensearch") as node:
        httpx.get(node.url)

The JVM dies with the Python process: it exits when its stdin reaches EOF
(the parent died, even by SIGKILL), it is stopped from ``atexit`` and from
``__exit__``, and it runs in its own session so that a Ctrl-C in the terminal
reaches only Python, which then stops it cleanly.

Only the standard library and httpx are used.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = [
    "ENGINES",
    "EmbeddedEngine",
    "EngineError",
    "EngineSpec",
    "engine_cache_dir",
    "ensure_engine",
    "free_port",
]

_LOG_TAIL_LINES = 40
_STAMP_FILE = "build.stamp"
_READY_RE = re.compile(r"^READY (http://\S+)$", re.MULTILINE)


class EngineError(RuntimeError):
    """The embedded engine could not be built, started or reached."""


@dataclass(frozen=True)
class EngineSpec:
    """One embeddable engine and the Maven module that runs it."""

    name: str  # "elasticsearch" | "opensearch"
    version: str  # the version the module's pom pins
    module: str  # directory under engines/ in the repository
    main_class: str
    distribution: str  # what GET / says the engine is ("elasticsearch" or "opensearch")

    @property
    def build_name(self) -> str:
        return f"{self.name}-{self.version}"


ENGINES: dict[str, EngineSpec] = {
    "elasticsearch": EngineSpec(
        name="elasticsearch",
        version="7.17.29",
        module="elasticsearch7",
        main_class="io.leakwarden.engine.EsNode",
        distribution="elasticsearch",
    ),
    "opensearch": EngineSpec(
        name="opensearch",
        version="2.19.6",
        module="opensearch2",
        main_class="io.leakwarden.engine.OpenSearchNode",
        distribution="opensearch",
    ),
}


# --------------------------------------------------------------------------- helpers


def engine_cache_dir() -> Path:
    """``$LEAKWARDEN_CACHE`` or ``~/.cache/leakwarden``; engines live in ``<cache>/engines/``."""
    env = os.environ.get("LEAKWARDEN_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "leakwarden"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _spec(name: str) -> EngineSpec:
    try:
        return ENGINES[name]
    except KeyError:
        raise EngineError(f"unknown engine {name!r}; choose one of {', '.join(sorted(ENGINES))}") from None


def _module_source_dir(spec: EngineSpec) -> Path:
    """The repository's ``engines/<module>/``, found from this file or the working directory."""
    candidates: list[Path] = []
    env = os.environ.get("LEAKWARDEN_ENGINES_SRC")
    if env:
        candidates.append(Path(env).expanduser() / spec.module)
    here = Path(__file__).resolve()
    candidates += [p / "engines" / spec.module for p in here.parents]
    cwd = Path.cwd().resolve()
    candidates += [p / "engines" / spec.module for p in (cwd, *cwd.parents)]
    for c in candidates:
        if (c / "pom.xml").is_file():
            return c
    raise EngineError(
        f"cannot find the Maven module engines/{spec.module}/ of the leakwarden repository "
        "(set LEAKWARDEN_ENGINES_SRC to the repository's engines/ directory)"
    )


def _module_files(src: Path) -> list[Path]:
    files = [src / "pom.xml"]
    files += sorted(p for p in (src / "src").rglob("*") if p.is_file())
    return files


def _source_hash(src: Path) -> str:
    h = hashlib.sha256()
    for f in _module_files(src):
        h.update(f.relative_to(src).as_posix().encode() + b"\0")
        h.update(f.read_bytes() + b"\0")
    return h.hexdigest()


def _find_java() -> str:
    env = os.environ.get("LEAKWARDEN_JAVA")
    if env:
        return env
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise EngineError(
            "java was not found: install a JDK 17 (run scripts/ensure-system-deps.sh) "
            "or set LEAKWARDEN_JAVA / JAVA_HOME"
        )
    return found


def _say(msg: str, quiet: bool) -> None:
    if not quiet:
        print(f"leakwarden: {msg}", file=sys.stderr, flush=True)


def _tail(path: Path, n: int = _LOG_TAIL_LINES) -> str:
    try:
        with open(path, errors="replace") as fh:
            return "".join(deque(fh, maxlen=n))
    except OSError:
        return "(no log)"


# --------------------------------------------------------------------------- build


def _engine_dir(spec: EngineSpec) -> Path:
    return engine_cache_dir() / "engines" / spec.build_name


def _classpath(engine_dir: Path) -> str:
    return str(engine_dir / "lib" / "*")


def _is_built(engine_dir: Path, digest: str) -> bool:
    stamp = engine_dir / _STAMP_FILE
    try:
        recorded = json.loads(stamp.read_text()).get("source_sha256")
    except (OSError, ValueError, AttributeError):
        return False
    return recorded == digest and any((engine_dir / "lib").glob("leakwarden-engine-*.jar"))


def ensure_engine(name: str, *, quiet: bool = False) -> Path:
    """Build the engine's Maven module into the cache once; return its directory.

    The directory holds ``lib/`` (the whole runtime classpath, the module's
    own jar included), ``build/`` (the copy of the module that Maven built)
    and a stamp with the hash of the module's pom and sources; a later call
    with unchanged sources returns at once. Concurrent callers are serialised
    by a lock file, and a rebuild is swapped in with renames, so that nodes
    already running from the old build keep their jars.
    """
    spec = _spec(name)
    src = _module_source_dir(spec)
    digest = _source_hash(src)
    engine_dir = _engine_dir(spec)
    if _is_built(engine_dir, digest):
        return engine_dir

    engine_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(engine_dir.parent / f"{spec.build_name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _is_built(engine_dir, digest):  # another process built it meanwhile
            return engine_dir
        mvn = shutil.which("mvn")
        if not mvn:
            raise EngineError(
                "mvn (Apache Maven) was not found: it builds the embedded engines; "
                "run scripts/ensure-system-deps.sh (apt-get install maven)"
            )
        _find_java()  # a clear error before Maven's
        _say(
            f"building embedded {spec.name} {spec.version} into {engine_dir} "
            "(the first build downloads its jars from Maven Central)",
            quiet,
        )
        t0 = time.monotonic()
        staging = engine_dir.parent / f".{spec.build_name}.building-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            _build(spec, src, staging, mvn)
            (staging / _STAMP_FILE).write_text(
                json.dumps({"source_sha256": digest, "engine": spec.name, "version": spec.version})
            )
            old = engine_dir.parent / f".{spec.build_name}.old-{os.getpid()}"
            if engine_dir.exists():
                engine_dir.rename(old)
            staging.rename(engine_dir)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        _say(f"built {spec.build_name} in {time.monotonic() - t0:.0f} s", quiet)
    return engine_dir


def _build(spec: EngineSpec, src: Path, dest: Path, mvn: str) -> None:
    build = dest / "build"
    lib = dest / "lib"
    build.mkdir(parents=True)
    shutil.copy2(src / "pom.xml", build / "pom.xml")
    shutil.copytree(src / "src", build / "src")
    cmd = [mvn, "-B", "-q", "package", f"-Dengine.lib.dir={lib}"]
    try:
        proc = subprocess.run(cmd, cwd=build, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=1800)
    except subprocess.TimeoutExpired as exc:
        raise EngineError(f"building {spec.build_name} timed out after {exc.timeout:.0f} s") from None
    if proc.returncode != 0:
        out = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-_LOG_TAIL_LINES:])
        raise EngineError(f"building {spec.build_name} failed ({' '.join(cmd)} in {build}, exit {proc.returncode}):\n{out}")
    jars = sorted((build / "target").glob("leakwarden-engine-*.jar"))
    if not jars or not any(lib.glob("*.jar")):
        raise EngineError(f"building {spec.build_name} produced no jars in {lib}")
    shutil.copy2(jars[0], lib / jars[0].name)


# --------------------------------------------------------------------------- running


def _size_mb(size: str) -> int:
    m = re.fullmatch(r"(\d+)([kKmMgG]?)", size.strip())
    if not m:
        raise EngineError(f"bad heap size {size!r} (expected e.g. 512m or 1g)")
    n, unit = int(m.group(1)), m.group(2).lower()
    return {"k": n // 1024, "m": n, "g": n * 1024, "": n // (1024 * 1024)}[unit]


class EmbeddedEngine:
    """A single-node Elasticsearch/OpenSearch cluster on ``127.0.0.1``, as a context manager."""

    def __init__(
        self,
        name: str = "elasticsearch",
        *,
        port: int | None = None,
        data_dir: Path | None = None,
        heap: str = "512m",
        startup_timeout: float = 180.0,
    ) -> None:
        self.spec = _spec(name)
        self.name = name
        self._requested_port = port
        self._data_dir = Path(data_dir) if data_dir is not None else None
        self.heap = heap
        self.startup_timeout = startup_timeout
        self.port: int = port or 0
        self.transport_port: int = 0
        self.url: str = ""
        self.version: str = ""
        self.info: dict = {}  # the JSON of GET /
        self.log_path: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._tmp: Path | None = None
        self._log_fh = None

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<EmbeddedEngine {self.name} {self.version or self.spec.version} {self.url or '-'} {state}>"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    # -- lifecycle

    def start(self) -> EmbeddedEngine:
        if self._proc is not None:
            raise EngineError(f"{self.name} node already started")
        engine_dir = ensure_engine(self.name)
        java = _find_java()
        self.port = self._requested_port or free_port()
        self.transport_port = free_port()
        while self.transport_port == self.port:
            self.transport_port = free_port()
        self._tmp = Path(tempfile.mkdtemp(prefix=f"leakwarden-{self.name}-"))
        home = self._tmp / "home"
        data = self._data_dir if self._data_dir is not None else self._tmp / "data"
        jvm_tmp = self._tmp / "jvm-tmp"
        jvm_tmp.mkdir()
        self.log_path = self._tmp / "node.log"
        xmx = f"{max(_size_mb(self.heap), 1024)}m"
        cmd = [
            java,
            f"-Xms{self.heap}",
            f"-Xmx{xmx}",
            "-Xss1m",
            "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true",
            "-Dfile.encoding=UTF-8",
            f"-Djava.io.tmpdir={jvm_tmp}",
            "-Djna.nosys=true",
            "-Dio.netty.noUnsafe=true",
            "-Dio.netty.noKeySetOptimization=true",
            "-Dio.netty.recycler.maxCapacityPerThread=0",
            "-Dlog4j.shutdownHookEnabled=false",
            "-Dlog4j2.disable.jmx=true",
            "-Dlog4j2.formatMsgNoLookups=true",
            "-cp",
            _classpath(engine_dir),
            self.spec.main_class,
            "--http-port", str(self.port),
            "--transport-port", str(self.transport_port),
            "--home", str(home),
            "--data", str(data),
            "--cluster-name", f"leakwarden-{self.name}",
            "--node-name", f"leakwarden-{self.name}-node",
        ]  # fmt: skip
        self._log_fh = open(self.log_path, "wb")
        try:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE,
                stdout=self._log_fh,
                stderr=subprocess.STDOUT,
                cwd=self._tmp,
                start_new_session=True,
            )
        except OSError as exc:
            self._cleanup_files()
            raise EngineError(f"cannot run {java}: {exc}") from exc
        atexit.register(self.stop)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        assert self._proc is not None and self.log_path is not None
        deadline = time.monotonic() + self.startup_timeout
        ready_url = None
        while ready_url is None:
            if self._proc.poll() is not None:
                raise EngineError(
                    f"{self.name} node exited with code {self._proc.returncode} before it was ready; "
                    f"last lines of {self.log_path}:\n{_tail(self.log_path)}"
                )
            m = _READY_RE.search(self.log_path.read_text(errors="replace"))
            if m:
                ready_url = m.group(1)
                break
            if time.monotonic() > deadline:
                raise EngineError(
                    f"{self.name} node not ready after {self.startup_timeout:.0f} s; "
                    f"last lines of {self.log_path}:\n{_tail(self.log_path)}"
                )
            time.sleep(0.2)
        self.url = ready_url.rstrip("/")
        self.port = int(self.url.rsplit(":", 1)[1])
        last_error = ""
        with httpx.Client(trust_env=False, timeout=5.0) as client:
            while True:
                if self._proc.poll() is not None:
                    raise EngineError(
                        f"{self.name} node exited with code {self._proc.returncode}; "
                        f"last lines of {self.log_path}:\n{_tail(self.log_path)}"
                    )
                try:
                    r = client.get(self.url + "/")
                    if r.status_code == 200:
                        self.info = r.json()
                        self.version = str(self.info["version"]["number"])
                        self._wait_settled(client, deadline)
                        return
                    last_error = f"HTTP {r.status_code}"
                except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
                    last_error = repr(exc)
                if time.monotonic() > deadline:
                    raise EngineError(
                        f"{self.name} node at {self.url} did not answer GET / within "
                        f"{self.startup_timeout:.0f} s ({last_error}); last log lines:\n{_tail(self.log_path)}"
                    )
                time.sleep(0.2)

    def _wait_settled(self, client: httpx.Client, deadline: float) -> None:
        """Wait until the cluster is usable and looks like a freshly started real one.

        x-pack-core (Elasticsearch) self-generates its basic license shortly
        after the node starts; until then ``GET /_xpack`` has ``"license":
        null``. Waiting for it keeps the first look of a scanner realistic.
        """
        try:
            client.get(self.url + "/_cluster/health", params={"wait_for_status": "yellow", "timeout": "30s"})
        except httpx.HTTPError:
            pass
        if self.spec.distribution != "elasticsearch":
            return
        while time.monotonic() < deadline:
            try:
                r = client.get(self.url + "/_xpack")
                if r.status_code != 200 or r.json().get("license") is not None:
                    return
            except (httpx.HTTPError, ValueError, AttributeError):
                return
            time.sleep(0.1)

    def stop(self) -> None:
        """SIGTERM the node, wait up to 30 s, then SIGKILL; remove the temp dir. Idempotent."""
        proc, self._proc = self._proc, None
        atexit.unregister(self.stop)
        if proc is not None:
            if proc.stdin is not None:
                try:
                    proc.stdin.close()
                except OSError:
                    pass
            if proc.poll() is None:
                try:
                    proc.send_signal(signal.SIGTERM)
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=30)
                except ProcessLookupError:
                    pass
        self._cleanup_files()

    def _cleanup_files(self) -> None:
        if self._log_fh is not None:
            self._log_fh.close()
            self._log_fh = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> EmbeddedEngine:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """``python -m leakwarden.demo.engines [build|run] [elasticsearch|opensearch]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    action = args.pop(0) if args and args[0] in ("build", "run") else "build"
    names = args or ["elasticsearch", "opensearch"]
    try:
        if action == "build":
            for n in names:
                print(ensure_engine(n))
            return 0
        with EmbeddedEngine(names[0]) as node:
            print(f"{node.name} {node.version} at {node.url} (Ctrl-C to stop)", flush=True)
            try:
                while node.running:
                    time.sleep(1)
            except KeyboardInterrupt:
                pass
        return 0
    except EngineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
