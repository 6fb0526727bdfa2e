"""Watch mode: scan on a schedule, keep every scan, alert when exposure gets worse.

``leakwarden watch TARGET... --every 1h [--webhook URL] [--smtp host:port
--mail-from A --mail-to B]``.  Each round scans the targets (through the
``scan_fn`` the CLI hands in), saves the report in the history, and compares
it with the previous one of the same targets.  A change that matters (a store
or index newly readable without credentials, a new sensitive category,
movements newly reconstructable, a check that now fails, a risk level that
went up: :attr:`ReportDiff.meaningful`) is sent as a ``leakwarden/alert@1``
JSON document to the webhook and, optionally, by e-mail.

The watcher keeps no state of its own: after a restart the previous scan comes
from the history, so the first new scan is compared with the last stored one,
and the schedule resumes from that scan's start time.  When a target cannot be
reached the next round is put off exponentially (``every`` × 2, × 4, ...,
capped by ``max_backoff``).  SIGINT/SIGTERM stop it cleanly after the round
in progress.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import smtplib
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage
from typing import Any, TextIO
from urllib.parse import urlsplit

import httpx
from rich.console import Console
from rich.text import Text

from leakwarden import __version__
from leakwarden.errors import ConfigError, LeakwardenError
from leakwarden.history.diff import ReportDiff, clean_text, diff_plain_text, diff_reports, risk_text
from leakwarden.history.store import History, overall_risk
from leakwarden.report import Report, Tool
from leakwarden.targets import redact_url

log = logging.getLogger(__name__)

ALERT_SCHEMA = "leakwarden/alert@1"
DEFAULT_MAX_BACKOFF = 6 * 3600.0
UNREACHABLE_STATUSES = ("unreachable", "error")

#: Called with the targets exactly as handed to the watcher (strings or
#: :class:`leakwarden.targets.Target` objects); returns the round's report.
ScanFn = Callable[[list[Any]], Report]


def _target_text(target: Any) -> str:
    """A target as text for keys and messages: a Target's redacted display, or the string."""
    return redact_url(str(target))


# --------------------------------------------------------------------------- options


class IntervalError(ValueError, argparse.ArgumentTypeError):
    """A malformed ``--every`` value (argparse shows its message)."""


_INTERVAL_PART = re.compile(r"(\d+(?:\.\d+)?)([smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds in ``30s``, ``15m``, ``1h``, ``1d``, ``1h30m`` or a bare number of seconds.

    Usable as an argparse ``type=``.
    """
    raw = str(text).strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", raw):
        seconds = float(raw)
    else:
        pos, seconds = 0, 0.0
        for m in _INTERVAL_PART.finditer(raw):
            if m.start() != pos:
                break
            seconds += float(m.group(1)) * _UNIT_SECONDS[m.group(2)]
            pos = m.end()
        if pos != len(raw) or not raw:
            raise IntervalError(f"invalid interval {text!r}: use e.g. 30s, 15m, 1h, 1d or 1h30m")
    if seconds <= 0:
        raise IntervalError(f"invalid interval {text!r}: must be more than zero")
    return seconds


def format_interval(seconds: float) -> str:
    seconds = int(round(seconds))
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            n, seconds = divmod(seconds, size)
            parts.append(f"{n}{unit}")
    return "".join(parts) or "0s"


@dataclass(frozen=True)
class SmtpSettings:
    """Where alert e-mails go.  The password comes from ``LEAKWARDEN_SMTP_PASSWORD``."""

    host: str
    port: int
    mail_from: str
    mail_to: tuple[str, ...]
    starttls: bool = False
    ssl: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 20.0

    @classmethod
    def from_options(cls, smtp: str, mail_from: str | None, mail_to: Sequence[str] | str | None,
                     *, starttls: bool = False, ssl: bool = False) -> SmtpSettings:
        """From ``--smtp host[:port] --mail-from A --mail-to B[,C]``; raises ConfigError."""
        text = smtp.strip()
        if text.startswith("["):  # [IPv6]:port
            host, _, rest = text[1:].partition("]")
            port_text = rest.lstrip(":")
        elif text.count(":") == 1:
            host, port_text = text.split(":")
        else:
            host, port_text = text, ""
        if not host:
            raise ConfigError(f"--smtp {smtp!r}: expected host or host:port")
        try:
            port = int(port_text) if port_text else (465 if ssl else 25)
        except ValueError:
            raise ConfigError(f"--smtp {smtp!r}: the port must be a number (host:port)") from None
        if isinstance(mail_to, str):
            mail_to = [mail_to]
        recipients = tuple(a.strip() for item in (mail_to or []) for a in item.split(",") if a.strip())
        if not mail_from or not recipients:
            raise ConfigError("--smtp needs --mail-from and at least one --mail-to")
        for address in (mail_from, *recipients):
            if "@" not in address or any(c in address for c in "\r\n"):
                raise ConfigError(f"not an e-mail address: {address!r}")
        return cls(
            host=host, port=port, mail_from=mail_from, mail_to=recipients,
            starttls=starttls, ssl=ssl,
            username=os.environ.get("LEAKWARDEN_SMTP_USER") or None,
            password=os.environ.get("LEAKWARDEN_SMTP_PASSWORD") or None,
        )


def webhook_display(url: str) -> str:
    """A webhook URL safe to print: chat webhooks keep their secret in the path."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}/…" if parts.path not in ("", "/") else f"{parts.scheme}://{host}{port}/"


def _check_webhook(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"--webhook must be an http:// or https:// URL, not {redact_url(url)!r}")


# --------------------------------------------------------------------------- alerts


def _iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def alert_summary(diff: ReportDiff, targets: Sequence[str]) -> str:
    alerts = diff.alerts
    n = len(alerts)
    what = f"{n} change{'s' if n != 1 else ''} need{'s' if n == 1 else ''} attention"
    if not alerts and diff.risk_up:
        what = "risk went up"
    text = f"leakwarden: {what} on {', '.join(clean_text(t) for t in targets)}"
    if diff.risk_up:
        text += f"; risk {diff.old.risk_level} → {diff.new.risk_level} ({diff.new.risk_score})"
    if alerts:
        text += ". " + "; ".join(clean_text(f"{c.target}: {c.message}") for c in alerts[:5])
        if len(alerts) > 5:
            text += f"; and {len(alerts) - 5} more"
    return text


def build_alert(diff: ReportDiff, report: Report, *, scan_id: int, previous_scan_id: int | None,
                targets: Sequence[Any]) -> dict[str, Any]:
    """The ``leakwarden/alert@1`` document (docs/history.md describes every key)."""
    level, score = overall_risk(report.stores)
    shown = [_target_text(t) for t in targets]
    return {
        "schema": ALERT_SCHEMA,
        "text": alert_summary(diff, shown),
        "tool": {"name": "leakwarden", "version": __version__},
        "scan_id": scan_id,
        "previous_scan_id": previous_scan_id,
        "started_at": _iso(report.started_at),
        "finished_at": _iso(report.finished_at),
        "targets": shown,
        "risk": {
            "level": level,
            "score": score,
            "previous_level": diff.old.risk_level if previous_scan_id is not None else None,
            "previous_score": diff.old.risk_score if previous_scan_id is not None else None,
            "up": diff.risk_up,
        },
        "alerts": len(diff.alerts),
        "changes": [c.to_json_dict() for c in diff.changes],
    }


class AlertDeliveryError(LeakwardenError):
    """A webhook or e-mail could not be delivered."""


def send_webhook(url: str, payload: dict[str, Any], *, attempts: int = 3, timeout: float = 10.0,
                 wait: Callable[[float], Any] = time.sleep,
                 transport: httpx.BaseTransport | None = None) -> int:
    """POST ``payload`` as JSON; retry on connection errors and 5xx/429; return the HTTP status."""
    shown = webhook_display(url)
    last = ""
    with httpx.Client(timeout=timeout, transport=transport, follow_redirects=False,
                      headers={"User-Agent": f"leakwarden/{__version__}"}) as client:
        for attempt in range(attempts):
            if attempt:
                wait(2.0 ** (attempt - 1))
            try:
                response = client.post(url, json=payload)
            except httpx.HTTPError as exc:
                last = type(exc).__name__
                continue
            if response.status_code < 300:
                return response.status_code
            last = f"HTTP {response.status_code}"
            if response.status_code < 500 and response.status_code != 429:
                break
    raise AlertDeliveryError(f"webhook {shown} failed: {last}")


def send_email(settings: SmtpSettings, payload: dict[str, Any], diff: ReportDiff) -> None:
    msg = EmailMessage()
    alerts = payload["alerts"]
    subject_what = f"{alerts} change{'s' if alerts != 1 else ''} need attention" if alerts else "risk went up"
    msg["Subject"] = f"[leakwarden] {subject_what}: {', '.join(payload['targets'])}"[:200]
    msg["From"] = settings.mail_from
    msg["To"] = ", ".join(settings.mail_to)
    msg["X-Leakwarden-Scan"] = str(payload["scan_id"])
    body = [
        payload["text"],
        "",
        f"Scan #{payload['scan_id']} started {payload['started_at']}, compared with "
        f"scan #{payload['previous_scan_id']}." if payload["previous_scan_id"] is not None
        else f"Scan #{payload['scan_id']} started {payload['started_at']}.",
        "",
        diff_plain_text(diff),
        "`leakwarden serve` shows the scans, their reports and this diff in a browser.",
    ]
    msg.set_content("\n".join(body))
    try:
        smtp_cls = smtplib.SMTP_SSL if settings.ssl else smtplib.SMTP
        with smtp_cls(settings.host, settings.port, timeout=settings.timeout) as smtp:
            if settings.starttls and not settings.ssl:
                smtp.starttls()
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise AlertDeliveryError(
            f"e-mail via {settings.host}:{settings.port} failed: {type(exc).__name__}: "
            f"{redact_url(str(exc))[:200]}"
        ) from None


# --------------------------------------------------------------------------- the watcher


@dataclass
class Round:
    """What one round did (returned for tests and logs)."""

    started: float
    scan_id: int | None = None
    previous_scan_id: int | None = None
    diff: ReportDiff | None = None
    alerted: bool = False
    delivered: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    error: str | None = None
    unreachable: list[str] = field(default_factory=list)
    next_delay: float = 0.0


def _empty_like(report: Report) -> Report:
    return Report(tool=Tool(version=report.tool.version), started_at=report.started_at,
                  finished_at=report.started_at, stores=[])


class Watcher:
    """Scans ``targets`` every ``every`` seconds until stopped (or ``max_iterations`` rounds)."""

    def __init__(
        self,
        targets: Sequence[Any],
        every: float,
        scan_fn: ScanFn,
        history: History,
        *,
        webhook_url: str | None = None,
        smtp: SmtpSettings | None = None,
        max_backoff: float = DEFAULT_MAX_BACKOFF,
        alert_on_first: bool = False,
        max_iterations: int | None = None,
        console: Console | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], bool] | None = None,
        webhook_attempts: int = 3,
    ):
        if not targets:
            raise ConfigError("watch needs at least one target")
        if every <= 0:
            raise ConfigError("--every must be more than zero")
        if webhook_url:
            _check_webhook(webhook_url)
        self.targets = list(targets)  # handed to scan_fn as given
        self.target_names = [_target_text(t) for t in self.targets]
        self.every = float(every)
        self.scan_fn = scan_fn
        self.history = history
        self.webhook_url = webhook_url
        self.smtp = smtp
        self.max_backoff = max(float(max_backoff), self.every)
        self.alert_on_first = alert_on_first
        self.max_iterations = max_iterations
        self.console = console or Console(highlight=False)
        self.clock = clock
        self._stop = threading.Event()
        self._sleep = sleep or self._stop.wait
        self.webhook_attempts = webhook_attempts
        self.failures = 0
        self.rounds: list[Round] = []

    # -- control

    def stop(self) -> None:
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def backoff_delay(self, failures: int) -> float:
        """Delay before the next round after ``failures`` failed rounds in a row."""
        if failures <= 0:
            return self.every
        return min(self.every * 2.0 ** min(failures, 32), self.max_backoff)

    def _wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when asked to stop meanwhile."""
        if self.stopping:
            return True
        if seconds <= 0:
            return False
        return bool(self._sleep(seconds)) or self.stopping

    def _say(self, *parts: Any) -> None:
        stamp = datetime.fromtimestamp(self.clock(), timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        self.console.print(Text(f"[{stamp}Z] ", style="dim"), *parts, sep="")

    # -- the loop

    def first_due(self) -> float:
        """When the first round is due: one interval after the last stored scan, or now."""
        last = self.history.latest_scan(self.target_names)
        now = self.clock()
        if last is None:
            return now
        due = last.started_at.timestamp() + self.every
        if due > now:
            self._say(
                f"last scan #{last.id} was at {last.started_at:%Y-%m-%d %H:%M:%S}Z; "
                f"next in {format_interval(due - now)}"
            )
        return min(max(due, now), now + self.every)

    def run(self) -> int:
        """Run until stopped; 0 on a clean stop."""
        restore = self._install_signal_handlers()
        try:
            shown = ", ".join(self.target_names)
            where = [f"history {self.history.display_url}"]
            if self.webhook_url:
                where.append(f"webhook {webhook_display(self.webhook_url)}")
            if self.smtp:
                where.append(f"mail to {', '.join(self.smtp.mail_to)}")
            self._say(f"watching {shown} every {format_interval(self.every)} ({'; '.join(where)})")
            due = self.first_due()
            while not self.stopping:
                if self._wait(due - self.clock()):
                    break
                rnd = self.run_once()
                due = rnd.started + rnd.next_delay
                if self.max_iterations is not None and len(self.rounds) >= self.max_iterations:
                    break
            self._say("watch stopped")
            return 0
        finally:
            restore()

    def run_once(self) -> Round:
        """One round: scan, save, compare, alert."""
        rnd = Round(started=self.clock())
        self.rounds.append(rnd)
        baseline = self.history.baseline_for_targets(self.target_names)
        try:
            report = self.scan_fn(list(self.targets))
        except ConfigError:
            raise
        except Exception as exc:  # noqa: BLE001 - a failed round must not end the watch
            self.failures += 1
            rnd.error = redact_url(f"{type(exc).__name__}: {exc}")[:500]
            rnd.next_delay = self.backoff_delay(self.failures)
            self._say(Text(f"scan failed: {rnd.error}", style="red"),
                      f"; retrying in {format_interval(rnd.next_delay)}")
            return rnd

        rnd.unreachable = [s.target for s in report.stores if s.status in UNREACHABLE_STATUSES]
        rnd.scan_id = self.history.save(report, targets=self.target_names)
        self.failures = self.failures + 1 if rnd.unreachable else 0
        rnd.next_delay = self.backoff_delay(self.failures)

        level, score = overall_risk(report.stores)
        if baseline is not None:
            prev_summary, prev_report = baseline
            rnd.previous_scan_id = prev_summary.id
            rnd.diff = diff_reports(prev_report, report, old_id=prev_summary.id, new_id=rnd.scan_id)
        elif self.alert_on_first:
            rnd.diff = diff_reports(_empty_like(report), report, old_label="nothing",
                                    new_id=rnd.scan_id)
        line = [f"scan #{rnd.scan_id}: risk ", risk_text(level, score)]
        if rnd.diff is None:
            line.append(" (first scan of these targets: the baseline)")
        elif rnd.diff.is_empty:
            line.append(f", no change since #{rnd.previous_scan_id}")
        else:
            n, a = len(rnd.diff.changes), len(rnd.diff.alerts)
            line.append(f", {n} change{'s' if n != 1 else ''} since #{rnd.previous_scan_id}")
            if a:
                line.append(Text(f", {a} need{'s' if a == 1 else ''} attention", style="bold red"))
        if rnd.unreachable:
            line.append(Text(f"; unreachable: {', '.join(rnd.unreachable)}", style="yellow"))
            line.append(f"; next try in {format_interval(rnd.next_delay)}")
        self._say(*line)

        if rnd.diff is not None and rnd.diff.meaningful:
            self._alert(rnd, report)
        return rnd

    def _alert(self, rnd: Round, report: Report) -> None:
        assert rnd.diff is not None and rnd.scan_id is not None
        rnd.alerted = True
        payload = build_alert(rnd.diff, report, scan_id=rnd.scan_id,
                              previous_scan_id=rnd.previous_scan_id, targets=self.target_names)
        if self.webhook_url:
            try:
                send_webhook(self.webhook_url, payload, attempts=self.webhook_attempts,
                             wait=lambda s: self._wait(s))
                rnd.delivered.append("webhook")
            except AlertDeliveryError as exc:
                rnd.failed.append(str(exc))
        if self.smtp:
            try:
                send_email(self.smtp, payload, rnd.diff)
                rnd.delivered.append("email")
            except AlertDeliveryError as exc:
                rnd.failed.append(str(exc))
        if rnd.delivered:
            self._say(Text(f"alert sent ({', '.join(rnd.delivered)})", style="bold"))
        elif not rnd.failed:
            self._say(Text("alert: ", style="bold red"), payload["text"])
        for problem in rnd.failed:
            self._say(Text(f"alert not delivered: {problem}", style="red"))

    def _install_signal_handlers(self) -> Callable[[], None]:
        if threading.current_thread() is not threading.main_thread():
            return lambda: None
        previous: dict[int, Any] = {}

        def handler(signum: int, _frame: Any) -> None:
            if self.stopping and signum == signal.SIGINT:
                raise KeyboardInterrupt
            self._say("stopping after the current round (Ctrl-C again to abort)")
            self.stop()

        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, handler)

        def restore() -> None:
            for sig, old in previous.items():
                signal.signal(sig, old)

        return restore


# --------------------------------------------------------------------------- CLI entry


def cmd_watch(
    targets: Sequence[Any],
    every_seconds: float | str,
    webhook_url: str | None,
    smtp_settings: SmtpSettings | Mapping[str, Any] | None,
    db_url: str | None,
    scan_fn: ScanFn,
    *,
    max_backoff: float | str = DEFAULT_MAX_BACKOFF,
    alert_on_first: bool = False,
    max_iterations: int | None = None,
    out: TextIO | None = None,
) -> int:
    """``leakwarden watch``: 0 on a clean stop, 2 on a usage/configuration error.

    ``targets`` go to ``scan_fn`` as given (strings or Target objects).
    ``every_seconds``/``max_backoff`` may be seconds or text such as ``"1h"``.
    ``smtp_settings`` is a :class:`SmtpSettings` or a mapping with ``server``
    (``host[:port]``), ``mail_from``, ``mail_to`` and optional ``starttls``/``ssl``.
    """
    console = Console(file=out or sys.stdout, highlight=False)
    try:
        every = parse_interval(every_seconds) if isinstance(every_seconds, str) else float(every_seconds)
        backoff = parse_interval(max_backoff) if isinstance(max_backoff, str) else float(max_backoff)
        smtp = _smtp_settings(smtp_settings)
    except (IntervalError, ConfigError) as exc:
        sys.stderr.write(f"leakwarden: {exc}\n")
        return 2
    try:
        history = History(db_url)
    except LeakwardenError as exc:
        sys.stderr.write(f"leakwarden: {exc}\n")
        return 2
    try:
        watcher = Watcher(targets, every, scan_fn, history, webhook_url=webhook_url,
                          smtp=smtp, max_backoff=backoff, alert_on_first=alert_on_first,
                          max_iterations=max_iterations, console=console)
        return watcher.run()
    except ConfigError as exc:
        sys.stderr.write(f"leakwarden: {exc}\n")
        return 2
    finally:
        history.close()


def _smtp_settings(value: SmtpSettings | Mapping[str, Any] | None) -> SmtpSettings | None:
    if value is None or isinstance(value, SmtpSettings):
        return value
    server = value.get("server") or value.get("host")
    if not server:
        raise ConfigError("--smtp needs a server (host or host:port)")
    if value.get("port") and ":" not in str(server):
        server = f"{server}:{value['port']}"
    return SmtpSettings.from_options(str(server), value.get("mail_from"), value.get("mail_to"),
                                     starttls=bool(value.get("starttls")), ssl=bool(value.get("ssl")))


__all__ = [
    "ALERT_SCHEMA",
    "AlertDeliveryError",
    "IntervalError",
    "Round",
    "SmtpSettings",
    "Watcher",
    "build_alert",
    "cmd_watch",
    "format_interval",
    "parse_interval",
    "send_email",
    "send_webhook",
]
