"""Command line: scan, demo, history, diff, serve, watch.

Exit codes: 0 clean; 1 findings at or above ``--fail-on``; 2 usage or
configuration error.  No traceback is shown unless ``--debug``.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from leakwarden import __version__
from leakwarden.errors import ConfigError, LeakwardenError
from leakwarden.targets import redact_url

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FAIL_ON = ("info", "low", "medium", "high", "critical", "never")
OUTPUT_FORMATS = ("json", "html", "md", "sarif", "csv")

log = logging.getLogger("leakwarden")


class _RedactingFilter(logging.Filter):
    """Credentials never reach a log line, whatever a library logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            msg = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken log call must not break the scan
            return True
        record.msg = redact_url(msg)
        record.args = None
        return True


def setup_logging(debug: bool, quiet: bool, log_file: Path | None = None) -> None:
    level = logging.DEBUG if debug else (logging.ERROR if quiet else logging.WARNING)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file is not None:
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    for h in handlers:
        h.addFilter(_RedactingFilter())
        h.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(h)
    root.setLevel(level)
    logging.getLogger("leakwarden").setLevel(logging.DEBUG if (debug or log_file) else level)
    # httpx logs every request URL at INFO; keep it for --debug only (redacted by the filter)
    logging.getLogger("httpx").setLevel(logging.DEBUG if debug else logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


class RichProgress:
    """The scan's progress as a rich progress bar on stderr (plain lines when not a TTY)."""

    def __init__(self, console: Console, enabled: bool = True):
        self.console = console
        self.enabled = enabled
        self._progress: Progress | None = None
        self._task: Any = None

    def __enter__(self) -> RichProgress:
        if self.enabled and self.console.is_terminal:
            self._progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def target_started(self, display: str) -> None:
        if self.enabled:
            self.console.print(f"[dim]scanning[/dim] {display}", highlight=False)

    def collection_started(self, name: str, total: int | None) -> None:
        if self._progress is not None:
            if self._task is not None:
                self._progress.remove_task(self._task)
            self._task = self._progress.add_task(f"sampling {name}"[:60], total=total)

    def advance(self, n: int = 1) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, n)

    def collection_finished(self, name: str) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.remove_task(self._task)
            self._task = None

    def message(self, text: str) -> None:
        if self.enabled:
            self.console.print(f"[yellow]![/yellow] {redact_url(text)}", highlight=False)


# -- argument parsing -------------------------------------------------------

def _add_output_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("outputs (several at once are fine)")
    g.add_argument("--json", metavar="FILE", type=Path, help="JSON report (leakwarden/report@1)")
    g.add_argument("--html", metavar="FILE", type=Path, help="self-contained HTML report")
    g.add_argument("--md", metavar="FILE", type=Path, help="Markdown report, for tickets")
    g.add_argument("--sarif", metavar="FILE", type=Path, help="SARIF 2.1.0")
    g.add_argument("--csv", metavar="FILE", type=Path, help="CSV, one row per field")


def _add_scan_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sample", type=int, default=1000, metavar="N",
                   help="documents drawn at random per collection (default 1000)")
    p.add_argument("--full", action="store_true", help="read every document (exact hit counts; streaming)")
    p.add_argument("--seed", type=int, default=20190612, help="seed of the random samples (reproducible scans)")
    p.add_argument("--include", action="append", default=[], metavar="GLOB", help="only collections matching")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip collections matching")
    p.add_argument("--include-system", action="store_true", help="also sample system indices (.kibana, ...)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default 20)")
    p.add_argument("--concurrency", type=int, default=4, help="requests in flight per target (default 4)")
    p.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")
    p.add_argument("--ca-cert", type=Path, metavar="FILE", help="CA bundle to verify TLS with")
    p.add_argument("--credentials-file", type=Path, metavar="FILE",
                   help="key=value file with user, password, api_key or bearer_token "
                        "(also LEAKWARDEN_USER/LEAKWARDEN_PASSWORD/LEAKWARDEN_API_KEY/LEAKWARDEN_BEARER_TOKEN)")
    p.add_argument("--config", type=Path, metavar="FILE", help="custom detectors and allow-lists (YAML/TOML)")
    p.add_argument("--no-checks", action="store_true", help="skip exposure checks")
    p.add_argument("--fail-on", choices=FAIL_ON, default="high",
                   help="exit 1 when a finding reaches this severity (default high)")
    p.add_argument("--db", metavar="URL", help="history database (default SQLite in the user data dir; "
                   "also LEAKWARDEN_DB)")
    p.add_argument("--no-history", action="store_true", help="do not store this scan in the history")
    p.add_argument("-v", "--verbose", action="store_true", help="per-field table in the terminal")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leakwarden",
        description="Find an exposed data store before anyone else does. Read-only; targets you name only.",
    )
    parser.add_argument("--version", action="version", version=f"leakwarden {__version__}")
    parser.add_argument("--debug", action="store_true", help="debug logging and tracebacks")
    parser.add_argument("-q", "--quiet", action="store_true", help="no terminal summary or progress")
    parser.add_argument("--log-file", type=Path, metavar="FILE", help="also write logs (redacted) to FILE")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("scan", help="scan stores or dumps you are responsible for")
    p.add_argument("targets", nargs="+", metavar="TARGET",
                   help="http(s)://host:9200 (Elasticsearch/OpenSearch/Kibana) or a dump file/directory")
    _add_scan_args(p)
    _add_output_args(p)

    p = sub.add_parser("demo", help="start a real local Elasticsearch seeded with a synthetic leak and scan it")
    p.add_argument("--engine", choices=("elasticsearch", "opensearch"), default="elasticsearch")
    p.add_argument("--keep", action="store_true", help="leave the seeded node running until interrupted")
    p.add_argument("--port", type=int, help="HTTP port of the node (default: a free one)")
    p.add_argument("--out", type=Path, default=Path("demo-out"), help="report directory (default ./demo-out)")
    p.add_argument("--scale", type=float, default=1.0, help="size of the synthetic leak (default 1.0)")
    p.add_argument("--seed", type=int, default=7, help="seed of the synthetic data")
    p.add_argument("--ransom-note", action="store_true", help="also plant a ransom-note index")
    p.add_argument("--db", metavar="URL", help="history database (default SQLite in the user data dir)")
    p.add_argument("--no-history", action="store_true", help="do not store the demo scan in the history")

    p = sub.add_parser("history", help="list stored scans")
    p.add_argument("--db", metavar="URL")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true", dest="as_json", help="print JSON")

    p = sub.add_parser("diff", help="what changed between two scans (ids or report files)")
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--db", metavar="URL")
    p.add_argument("--json", action="store_true", dest="as_json", help="print JSON")

    p = sub.add_parser("serve", help="local web dashboard of the scan history")
    p.add_argument("--db", metavar="URL")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)

    p = sub.add_parser("watch", help="scan on a schedule and alert when exposure changes")
    p.add_argument("targets", nargs="+", metavar="TARGET")
    p.add_argument("--every", default="1h", help="interval: 30s, 15m, 1h, 1d (default 1h)")
    p.add_argument("--webhook", metavar="URL", help="POST a JSON alert (leakwarden/alert@1) on change")
    p.add_argument("--smtp", metavar="HOST:PORT", help="send alerts by email through this server")
    p.add_argument("--mail-from", metavar="ADDR")
    p.add_argument("--mail-to", metavar="ADDR", action="append", default=[])
    p.add_argument("--smtp-starttls", action="store_true", help="STARTTLS to the mail server")
    p.add_argument("--smtp-ssl", action="store_true", help="implicit TLS to the mail server "
                   "(login from LEAKWARDEN_SMTP_USER/LEAKWARDEN_SMTP_PASSWORD)")
    p.add_argument("--max-backoff", default="6h", help="longest wait after failures (default 6h)")
    p.add_argument("--alert-on-first", action="store_true",
                   help="alert on the first scan too (default: it is only the baseline)")
    p.add_argument("--max-iterations", type=int, default=None, help=argparse.SUPPRESS)
    _add_scan_args(p)
    return parser


# -- commands ----------------------------------------------------------------

def _scan_options(args: argparse.Namespace):
    from leakwarden.scan import ScanOptions

    if args.sample < 1:
        raise ConfigError("--sample must be at least 1")
    if args.concurrency < 1 or args.concurrency > 64:
        raise ConfigError("--concurrency must be between 1 and 64")
    if args.timeout <= 0:
        raise ConfigError("--timeout must be positive")
    verify: bool | str = True
    if args.insecure:
        verify = False
    elif args.ca_cert:
        if not args.ca_cert.is_file():
            raise ConfigError(f"--ca-cert {args.ca_cert}: no such file")
        verify = str(args.ca_cert)
    if args.config and not args.config.is_file():
        raise ConfigError(f"--config {args.config}: no such file")
    return ScanOptions(
        sample_size=args.sample,
        full=args.full,
        seed=args.seed,
        include_system=args.include_system,
        include=args.include,
        exclude=args.exclude,
        timeout=args.timeout,
        concurrency=args.concurrency,
        verify=verify,
        run_checks=not args.no_checks,
        detect_config=args.config,
    )


def _parse_targets(texts: list[str], credentials_file: Path | None):
    from leakwarden.targets import parse_target

    if credentials_file is not None:
        if not credentials_file.is_file():
            raise ConfigError(f"--credentials-file {credentials_file}: no such file")
        os.environ["LEAKWARDEN_CREDENTIALS_FILE"] = str(credentials_file)
    return [parse_target(t) for t in texts]


def _outputs(args: argparse.Namespace) -> dict[str, Path]:
    return {fmt: getattr(args, fmt) for fmt in OUTPUT_FORMATS if getattr(args, fmt, None) is not None}


def do_scan(targets: list, options, *, console: Console, quiet: bool):
    from leakwarden.scan import run_scan

    with RichProgress(console, enabled=not quiet) as progress:
        return run_scan(targets, options, progress=progress)


def _save_history(report, db: str | None, console: Console, quiet: bool) -> int | None:
    from leakwarden.history import History

    try:
        hist = History(db or os.environ.get("LEAKWARDEN_DB"))
        scan_id = hist.save(report)
    except LeakwardenError as exc:
        console.print(f"[yellow]![/yellow] history not saved: {exc}", highlight=False)
        return None
    if not quiet:
        console.print(f"[dim]saved as scan #{scan_id} in the history[/dim]", highlight=False)
    return scan_id


def cmd_scan(args: argparse.Namespace, console: Console, err: Console) -> int:
    from leakwarden.render import write_outputs
    from leakwarden.render.terminal import render_terminal
    from leakwarden.scan import exit_code_for

    options = _scan_options(args)
    targets = _parse_targets(args.targets, args.credentials_file)
    outputs = _outputs(args)
    report = do_scan(targets, options, console=err, quiet=args.quiet)
    write_outputs(report, outputs)
    if not args.quiet:
        render_terminal(report, console, verbose=args.verbose)
        for fmt, path in outputs.items():
            console.print(f"[dim]{fmt} report written to {path}[/dim]", highlight=False)
    if not args.no_history:
        _save_history(report, args.db, err, args.quiet)
    return exit_code_for(report, args.fail_on)


def cmd_demo(args: argparse.Namespace, console: Console, err: Console) -> int:
    from leakwarden.demo.run import run_demo

    return run_demo(
        engine=args.engine,
        keep=args.keep,
        port=args.port,
        out=args.out,
        scale=args.scale,
        seed=args.seed,
        ransom_note=args.ransom_note,
        console=console,
        err=err,
        quiet=args.quiet,
        history=not args.no_history,
        db=args.db,
    )


def cmd_history(args: argparse.Namespace, console: Console, err: Console) -> int:
    from leakwarden.history.cli import cmd_history as impl

    return impl(args.db, args.limit, args.as_json)


def cmd_diff(args: argparse.Namespace, console: Console, err: Console) -> int:
    from leakwarden.history.cli import cmd_diff as impl

    return impl(args.db, args.old, args.new, args.as_json)


def cmd_serve(args: argparse.Namespace, console: Console, err: Console) -> int:
    from leakwarden.history.cli import cmd_serve as impl

    return impl(args.db, host=args.host, port=args.port)


def cmd_watch(args: argparse.Namespace, console: Console, err: Console) -> int:
    from leakwarden.scan import run_scan
    from leakwarden.watch import cmd_watch as impl

    options = _scan_options(args)
    targets = _parse_targets(args.targets, args.credentials_file)

    def scan_fn(ts: list) -> Any:
        return run_scan(ts, options)

    smtp = None
    if args.smtp:
        smtp = {"server": args.smtp, "mail_from": args.mail_from, "mail_to": args.mail_to,
                "starttls": args.smtp_starttls, "ssl": args.smtp_ssl}
    return impl(
        targets=targets,
        every_seconds=args.every,
        webhook_url=args.webhook,
        smtp_settings=smtp,
        db_url=args.db,
        scan_fn=scan_fn,
        max_backoff=args.max_backoff,
        alert_on_first=args.alert_on_first,
        max_iterations=args.max_iterations,
    )


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


COMMANDS = {
    "scan": cmd_scan,
    "demo": cmd_demo,
    "history": cmd_history,
    "diff": cmd_diff,
    "serve": cmd_serve,
    "watch": cmd_watch,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    setup_logging(args.debug, args.quiet, args.log_file)
    console = Console()
    err = Console(stderr=True)
    # SIGTERM ends the command like Ctrl-C does, so cleanup (embedded nodes) runs
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        return COMMANDS[args.command](args, console, err)
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {redact_url(str(exc))}", highlight=False)
        return EXIT_USAGE
    except LeakwardenError as exc:
        if args.debug:
            raise
        err.print(f"[red]error:[/red] {redact_url(str(exc))}", highlight=False)
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.print("interrupted", highlight=False)
        return 130
    except OSError as exc:
        if args.debug:
            raise
        err.print(f"[red]error:[/red] {redact_url(str(exc))}", highlight=False)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
