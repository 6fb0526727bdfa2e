"""The ``history``, ``diff`` and ``serve`` commands, for the CLI to call.

Each returns an exit code: 0 ok, 1 (``diff`` only) a change that needs
attention, 2 usage or configuration error.  Errors go to stderr with the
database URL redacted.
"""

from __future__ import annotations

import ipaddress
import json
import sys
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from rich.text import Text

from leakwarden.errors import LeakwardenError
from leakwarden.history.diff import ReportDiff, diff_reports, render_diff_text, risk_text
from leakwarden.history.store import History, ScanSummary
from leakwarden.report import Report

EXIT_OK, EXIT_CHANGES, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    sys.stderr.write(f"leakwarden: {message}\n")


def _console(out: TextIO | None) -> Console:
    stream = out or sys.stdout
    is_tty = getattr(stream, "isatty", lambda: False)()
    # Piped output is read by people too: do not squeeze tables into 80 columns.
    return Console(file=stream, highlight=False, width=None if is_tty else 120)


def cmd_history(db_url: str | None, limit: int = 50, as_json: bool = False,
                *, out: TextIO | None = None) -> int:
    """List saved scans, newest first (``leakwarden history [--db URL] [--limit N] [--json]``)."""
    try:
        with History(db_url) as history:
            scans = history.list_scans(limit)
            where = history.display_url
    except LeakwardenError as exc:
        _err(str(exc))
        return EXIT_USAGE
    stream = out or sys.stdout
    if as_json:
        json.dump([s.to_json_dict() for s in scans], stream, indent=2)
        stream.write("\n")
        return EXIT_OK
    console = _console(out)
    if not scans:
        console.print(f"No scans saved yet in {where}. `leakwarden scan TARGET` saves one.")
        return EXIT_OK
    console.print(history_table(scans, title=f"Scans in {where}"))
    return EXIT_OK


def history_table(scans: list[ScanSummary], *, title: str | None = None) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold")
    table.add_column("id", justify="right", style="cyan")
    table.add_column("started (UTC)", no_wrap=True)
    table.add_column("targets", overflow="fold")
    table.add_column("risk", no_wrap=True)
    table.add_column("open to anyone", justify="center")
    table.add_column("people", justify="right")
    table.add_column("personal", justify="right")
    for s in scans:
        table.add_row(
            str(s.id),
            s.started_at.strftime("%Y-%m-%d %H:%M:%S"),
            "\n".join(s.targets) or "(none)",
            risk_text(s.risk_level, s.risk_score),
            Text("yes", style="bold red") if s.anonymous_read else Text("no", style="green"),
            f"{s.persons:,}" if s.persons is not None else "-",
            str(s.personal_collections),
        )
    return table


def _load_side(
    spec: str | int, history_url: str | None, cache: dict[str, History]
) -> tuple[Report, int | None, str]:
    """A report from a scan id or a report JSON file path."""
    text = str(spec).strip()
    path = Path(text).expanduser()
    if not text.isdigit() or path.is_file():
        if not path.is_file():
            raise LeakwardenError(f"{text}: neither a scan id nor a report JSON file")
        try:
            return Report.model_validate_json(path.read_bytes()), None, str(path)
        except ValidationError as exc:
            raise LeakwardenError(
                f"{path}: not a leakwarden report ({exc.error_count()} problems, first: "
                f"{exc.errors()[0]['msg']})"
            ) from None
        except OSError as exc:
            raise LeakwardenError(f"cannot read {path}: {exc.strerror}") from None
    if "h" not in cache:
        cache["h"] = History(history_url)
    scan_id = int(text)
    return cache["h"].load(scan_id), scan_id, f"scan {scan_id}"


def load_diff(db_url: str | None, old: str | int, new: str | int) -> ReportDiff:
    """The diff between two scans (ids or report JSON paths)."""
    cache: dict[str, History] = {}
    try:
        old_report, old_id, old_label = _load_side(old, db_url, cache)
        new_report, new_id, new_label = _load_side(new, db_url, cache)
    finally:
        for h in cache.values():
            h.close()
    return diff_reports(old_report, new_report, old_id=old_id, new_id=new_id,
                        old_label=old_label, new_label=new_label)


def cmd_diff(db_url: str | None, old_id_or_path: str | int, new_id_or_path: str | int,
             as_json: bool = False, *, out: TextIO | None = None) -> int:
    """Compare two scans (``leakwarden diff OLD NEW [--db URL] [--json]``).

    OLD and NEW are scan ids from ``leakwarden history`` or report JSON files.
    Exit code 1 when the newer one is worse in a way a watch would alert on
    (like diff(1), non-zero means "they differ where it matters").
    """
    try:
        diff = load_diff(db_url, old_id_or_path, new_id_or_path)
    except LeakwardenError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if as_json:
        stream = out or sys.stdout
        json.dump(diff.to_json_dict(), stream, indent=2, ensure_ascii=False)
        stream.write("\n")
    else:
        render_diff_text(diff, _console(out))
    return EXIT_CHANGES if diff.meaningful else EXIT_OK


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cmd_serve(db_url: str | None, host: str = "127.0.0.1", port: int = 8765,
              *, out: TextIO | None = None) -> int:
    """Serve the dashboard (``leakwarden serve [--db URL] [--host H] [--port P]``) until Ctrl-C."""
    import uvicorn

    from leakwarden.web import create_app

    console = _console(out)
    try:
        history = History(db_url)
    except LeakwardenError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if not is_loopback(host):
        _err(
            f"warning: the dashboard has no login and will be reachable on {host}; "
            "anyone who can connect can read the scan history"
        )
    try:
        app = create_app(history, allowed_hosts=None if is_loopback(host) else ["*"])
        shown = f"[{host}]" if ":" in host else host
        console.print(f"leakwarden dashboard on http://{shown}:{port}/  (history: {history.display_url})")
        console.print("Press Ctrl-C to stop.", style="dim")
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                                server_header=False)
        server = uvicorn.Server(config)
        try:
            server.run()  # returns after a clean Ctrl-C / SIGTERM
        except SystemExit:  # uvicorn exits this way when it cannot bind
            server.started = False
        if not server.started:
            _err(f"could not listen on {host}:{port} (in use?); choose another with --port")
            return EXIT_USAGE
    finally:
        history.close()
    return EXIT_OK
