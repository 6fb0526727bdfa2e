"""The watcher: schedule, history, alerts (webhook on loopback, e-mail), restart, backoff, signals.

A fake scan_fn hands back canned reports; a fake clock makes hours pass at once.
"""

from __future__ import annotations

import io
import json
import os
import signal
import socketserver
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from rich.console import Console

from leakwarden.errors import ConfigError, TargetUnreachable
from leakwarden.history import History
from leakwarden.history import _samples as S
from leakwarden.report import Report
from leakwarden.watch import (
    ALERT_SCHEMA,
    IntervalError,
    SmtpSettings,
    Watcher,
    cmd_watch,
    format_interval,
    parse_interval,
    webhook_display,
)

A = "http://10.0.0.5:9200"
HOUR = 3600.0


# --------------------------------------------------------------------------- helpers


class FakeTime:
    """A clock that sleeping moves forward; records every sleep."""

    def __init__(self, start: float = S.T0.timestamp()):
        self.now = start
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> bool:
        self.sleeps.append(seconds)
        self.now += seconds
        return False

    @property
    def at(self) -> datetime:
        return datetime.fromtimestamp(self.now, timezone.utc)


Step = Callable[[datetime], Report] | Exception


class FakeScan:
    """scan_fn returning one canned outcome per call, stamped with the fake time."""

    def __init__(self, ft: FakeTime, steps: list[Step]):
        self.ft, self.steps, self.calls = ft, list(steps), []

    def __call__(self, targets: list[str]) -> Report:
        self.calls.append((self.ft.now, list(targets)))
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        return step(self.ft.at)


def closed(at: datetime) -> Report:
    return S.report(S.es_store(A, anonymous_read=False, level="medium", score=40,
                               collections=[S.faces(trackable=None), S.logs()]), at=at)


def opened(at: datetime) -> Report:
    return S.report(S.es_store(A, collections=[S.faces(), S.watchlist(), S.logs()]), at=at)


def unreachable(at: datetime) -> Report:
    return S.report(S.es_store(A, status="unreachable"), at=at)


class Receiver:
    """A webhook endpoint on 127.0.0.1 that records what it is sent."""

    def __init__(self, statuses: list[int] | None = None):
        self.requests: list[dict[str, Any]] = []
        self.statuses = list(statuses or [])
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({
                    "path": self.path,
                    "content_type": self.headers.get("Content-Type"),
                    "user_agent": self.headers.get("User-Agent"),
                    "json": json.loads(body),
                })
                status = receiver.statuses.pop(0) if receiver.statuses else 204
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/T0KEN-s3cret"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as r:
        yield r


def make_watcher(history: History, ft: FakeTime, scan: FakeScan, out: io.StringIO | None = None,
                 **kwargs: Any) -> Watcher:
    kwargs.setdefault("max_iterations", len(scan.steps))
    return Watcher([A], HOUR, scan, history, clock=ft.clock, sleep=ft.sleep,
                   console=Console(file=out or io.StringIO(), width=200, color_system=None), **kwargs)


# --------------------------------------------------------------------------- intervals and options


@pytest.mark.parametrize(("text", "seconds"), [
    ("30s", 30), ("15m", 900), ("1h", 3600), ("1d", 86400), ("1h30m", 5400), ("90", 90),
    (" 2H ", 7200), ("0.5h", 1800), ("1d12h", 129600),
])
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0s", "h", "1x", "1h 30m", "-5m", "m30", "1h30", "5 minutes"])
def test_parse_interval_rejects(text: str) -> None:
    with pytest.raises(IntervalError):
        parse_interval(text)


def test_interval_error_reads_well_in_argparse(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="leakwarden watch")
    parser.add_argument("--every", type=parse_interval)
    with pytest.raises(SystemExit):
        parser.parse_args(["--every", "soon"])
    assert "invalid interval 'soon'" in capsys.readouterr().err


def test_format_interval() -> None:
    assert [format_interval(s) for s in (30, 900, 5400, 86400 + 60)] == ["30s", "15m", "1h30m", "1d1m"]


def test_smtp_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEAKWARDEN_SMTP_PASSWORD", "mailpw")
    monkeypatch.setenv("LEAKWARDEN_SMTP_USER", "bot")
    s = SmtpSettings.from_options("mail.internal:2525", "lw@example.org", ["dpo@example.org, sec@example.org"])
    assert (s.host, s.port, s.mail_to, s.username) == ("mail.internal", 2525, ("dpo@example.org", "sec@example.org"), "bot")
    assert "mailpw" not in repr(s)
    assert SmtpSettings.from_options("[::1]:25", "a@b", "c@d").host == "::1"
    assert SmtpSettings.from_options("mail", "a@b", "c@d").port == 25
    for bad in (("mail:x", "a@b", "c@d"), ("mail", None, "c@d"), ("mail", "a@b", []), ("mail", "a@b", "no-at")):
        with pytest.raises(ConfigError):
            SmtpSettings.from_options(*bad)


def test_webhook_display_hides_path_tokens() -> None:
    assert webhook_display("https://hooks.example.org/services/T0/B1/s3cr3t") == "https://hooks.example.org/…"
    assert webhook_display("http://127.0.0.1:8080/") == "http://127.0.0.1:8080/"


# --------------------------------------------------------------------------- rounds and alerts


def test_first_scan_is_the_baseline_then_a_new_exposure_alerts(history: History, receiver: Receiver) -> None:
    ft = FakeTime()
    scan = FakeScan(ft, [closed, closed, opened])
    out = io.StringIO()
    w = make_watcher(history, ft, scan, out, webhook_url=receiver.url)
    assert w.run() == 0

    assert len(scan.calls) == 3
    assert [t for t, _ in scan.calls] == [S.T0.timestamp() + i * HOUR for i in range(3)]
    assert history.count() == 3
    first, second, third = w.rounds
    assert first.diff is None and not first.alerted
    assert second.diff is not None and second.diff.is_empty and not second.alerted
    assert third.alerted and third.delivered == ["webhook"]

    assert len(receiver.requests) == 1
    req = receiver.requests[0]
    assert req["path"] == "/hooks/T0KEN-s3cret"
    assert req["content_type"] == "application/json"
    assert req["user_agent"].startswith("leakwarden/")
    payload = req["json"]
    assert payload["schema"] == ALERT_SCHEMA
    assert payload["scan_id"] == third.scan_id and payload["previous_scan_id"] == second.scan_id
    assert payload["targets"] == [A]
    assert payload["risk"] == {"level": "critical", "score": 97, "previous_level": "medium",
                               "previous_score": 40, "up": True}
    kinds = {c["kind"] for c in payload["changes"] if c["alert"]}
    assert {"store_exposed", "collection_exposed", "check_failed", "risk_changed", "category_added"} <= kinds
    assert payload["alerts"] == sum(1 for c in payload["changes"] if c["alert"])
    assert payload["text"].startswith("leakwarden: ") and "need attention" in payload["text"]
    assert payload["started_at"] == third_time(2)

    log = out.getvalue()
    assert "alert sent (webhook)" in log
    assert "s3cret" not in log  # the webhook's path token is never printed


def third_time(i: int) -> str:
    return datetime.fromtimestamp(S.T0.timestamp() + i * HOUR, timezone.utc).isoformat().replace("+00:00", "Z")


def test_no_alert_when_things_get_better(history: History, receiver: Receiver) -> None:
    ft = FakeTime()
    w = make_watcher(history, ft, FakeScan(ft, [opened, closed]), webhook_url=receiver.url)
    w.run()
    assert not w.rounds[1].diff.is_empty  # type: ignore[union-attr]
    assert receiver.requests == []


def test_alert_on_first_compares_with_nothing(history: History, receiver: Receiver) -> None:
    ft = FakeTime()
    w = make_watcher(history, ft, FakeScan(ft, [opened]), webhook_url=receiver.url, alert_on_first=True)
    w.run()
    payload = receiver.requests[0]["json"]
    assert payload["previous_scan_id"] is None and payload["risk"]["previous_level"] is None
    assert {"store_added", "store_exposed"} <= {c["kind"] for c in payload["changes"]}


def test_restart_resumes_from_the_history(history: History, db_url: str, receiver: Receiver) -> None:
    ft = FakeTime()
    make_watcher(history, ft, FakeScan(ft, [closed])).run()
    last = history.latest_scan([A])
    assert last is not None

    # the process dies; 20 minutes later it is started again, with a new History
    ft.now += 20 * 60
    ft.sleeps.clear()
    with History(db_url) as reopened:
        scan = FakeScan(ft, [opened])
        out = io.StringIO()
        w = make_watcher(reopened, ft, scan, out, webhook_url=receiver.url)
        w.run()
    # the schedule resumes one interval after the last stored scan, not right away
    assert ft.sleeps == [40 * 60]
    assert scan.calls[0][0] == last.started_at.timestamp() + HOUR
    assert "next in 40m" in out.getvalue()
    # and the first new scan is compared with the last stored one
    assert w.rounds[0].previous_scan_id == last.id
    assert receiver.requests[0]["json"]["previous_scan_id"] == last.id


def test_overdue_schedule_scans_at_once(history: History) -> None:
    ft = FakeTime()
    make_watcher(history, ft, FakeScan(ft, [closed])).run()
    ft.now += 5 * HOUR
    ft.sleeps.clear()
    scan = FakeScan(ft, [closed])
    make_watcher(history, ft, scan).run()
    assert ft.sleeps == [] and len(scan.calls) == 1


def test_backoff_on_unreachable_targets(history: History) -> None:
    ft = FakeTime()
    down = TargetUnreachable("connection refused", target=A)
    scan = FakeScan(ft, [closed, down, down, down, down, down, closed, closed])
    w = make_watcher(history, ft, scan, max_backoff=10 * HOUR)
    w.run()
    gaps = [b[0] - a[0] for a, b in zip(scan.calls, scan.calls[1:])]
    assert gaps == [HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 10 * HOUR, 10 * HOUR, HOUR]
    assert [r.error is not None for r in w.rounds] == [False, True, True, True, True, True, False, False]
    assert "TargetUnreachable: connection refused" in (w.rounds[1].error or "")
    assert history.count() == 3  # failed rounds store nothing
    assert w.failures == 0


def test_unreachable_store_is_saved_backs_off_and_does_not_alert_when_back(
        history: History, receiver: Receiver) -> None:
    ft = FakeTime()
    scan = FakeScan(ft, [opened, unreachable, unreachable, opened])
    w = make_watcher(history, ft, scan, webhook_url=receiver.url)
    w.run()
    gaps = [b[0] - a[0] for a, b in zip(scan.calls, scan.calls[1:])]
    assert gaps == [HOUR, 2 * HOUR, 4 * HOUR]
    assert history.count() == 4
    assert [r.unreachable for r in w.rounds] == [[], [A], [A], []]
    # back online with the same content: compared with its last readable state, nothing new
    assert w.rounds[3].diff is not None and w.rounds[3].diff.is_empty
    assert receiver.requests == []


def test_backoff_is_capped_by_default_at_six_hours(history: History) -> None:
    ft = FakeTime()
    w = make_watcher(history, ft, FakeScan(ft, []))
    assert [w.backoff_delay(n) for n in (0, 1, 2, 3, 10, 100)] == [HOUR, 2 * HOUR, 4 * HOUR, 6 * HOUR, 6 * HOUR, 6 * HOUR]


def test_webhook_failure_is_reported_and_the_watch_goes_on(history: History) -> None:
    with Receiver(statuses=[500, 503, 500]) as failing:
        ft = FakeTime()
        out = io.StringIO()
        w = make_watcher(history, ft, FakeScan(ft, [closed, opened, closed]), out,
                         webhook_url=failing.url, webhook_attempts=3)
        assert w.run() == 0
    assert len(failing.requests) == 3  # retried
    assert w.rounds[1].alerted and w.rounds[1].delivered == []
    assert "HTTP 500" in w.rounds[1].failed[0]
    assert "alert not delivered" in out.getvalue() and "s3cret" not in out.getvalue()
    assert len(w.rounds) == 3


def test_webhook_client_error_is_not_retried(history: History) -> None:
    with Receiver(statuses=[404]) as r:
        ft = FakeTime()
        w = make_watcher(history, ft, FakeScan(ft, [closed, opened]), webhook_url=r.url)
        w.run()
    assert len(r.requests) == 1 and "HTTP 404" in w.rounds[1].failed[0]


def test_unreachable_webhook_is_reported(history: History) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    ft = FakeTime()
    w = make_watcher(history, ft, FakeScan(ft, [closed, opened]),
                     webhook_url=f"http://127.0.0.1:{port}/x", webhook_attempts=2)
    w.run()
    assert "ConnectError" in w.rounds[1].failed[0]


class SmtpSink:
    """Just enough of an SMTP server on 127.0.0.1 to receive one message."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                def say(line: str) -> None:
                    self.wfile.write(line.encode() + b"\r\n")

                say("220 sink ESMTP")
                mail: dict[str, Any] = {"rcpt": []}
                while True:
                    line = self.rfile.readline().decode().rstrip("\r\n")
                    verb = line.split(" ", 1)[0].upper()
                    if verb in ("EHLO", "HELO"):
                        say("250 sink")
                    elif verb == "MAIL":
                        mail["from"] = line
                        say("250 ok")
                    elif verb == "RCPT":
                        mail["rcpt"].append(line)
                        say("250 ok")
                    elif verb == "DATA":
                        say("354 go on")
                        data = []
                        while (chunk := self.rfile.readline().decode()) not in (".\r\n", ""):
                            data.append(chunk)
                        mail["data"] = "".join(data)
                        sink.messages.append(mail)
                        mail = {"rcpt": []}
                        say("250 queued")
                    elif verb == "QUIT" or not line:
                        say("221 bye")
                        return
                    else:
                        say("250 ok")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_email_alert(history: History) -> None:
    sink = SmtpSink()
    try:
        smtp = SmtpSettings.from_options(f"127.0.0.1:{sink.port}", "leakwarden@example.org",
                                         ["dpo@example.org"])
        ft = FakeTime()
        w = make_watcher(history, ft, FakeScan(ft, [closed, opened]), smtp=smtp)
        w.run()
    finally:
        sink.close()
    assert w.rounds[1].delivered == ["email"]
    assert len(sink.messages) == 1
    msg = sink.messages[0]
    assert "dpo@example.org" in msg["rcpt"][0]
    data = msg["data"]
    assert "Subject: [leakwarden]" in data and "need attention" in data
    assert "now readable without credentials" in data
    # only what the report holds: masked examples never even appear in alerts
    assert "1101**********4513" not in data


def test_scan_configuration_error_ends_the_watch(history: History, db_url: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    def scan_fn(targets: list[str]) -> Report:
        raise ConfigError("bad port in http://***@h:x")

    assert cmd_watch([A], HOUR, None, None, db_url, scan_fn, max_iterations=3, out=io.StringIO()) == 2
    assert "bad port" in capsys.readouterr().err


def test_cmd_watch_rejects_a_bad_webhook(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_watch([A], HOUR, "ftp://x/y", None, db_url, lambda t: closed(S.T0), out=io.StringIO()) == 2
    assert "--webhook" in capsys.readouterr().err


def test_cmd_watch_runs_rounds(db_url: str) -> None:
    calls: list[list[str]] = []

    def scan_fn(targets: list[str]) -> Report:
        calls.append(targets)
        return closed(datetime.now(timezone.utc))

    out = io.StringIO()
    assert cmd_watch(["http://u:pw@10.0.0.5:9200"], 0.05, None, None, db_url, scan_fn,
                     max_iterations=2, out=out) == 0
    assert len(calls) == 2
    assert "pw@" not in out.getvalue() and "http://***@10.0.0.5:9200" in out.getvalue()
    with History(db_url) as h:
        assert h.count() == 2


def test_sigterm_stops_cleanly(history: History) -> None:
    """A real signal to this process: the watch ends its sleep and returns 0."""
    calls: list[float] = []

    def scan_fn(targets: list[str]) -> Report:
        calls.append(1)
        return closed(datetime.now(timezone.utc))

    before = signal.getsignal(signal.SIGTERM)
    w = Watcher([A], 3600, scan_fn, history, console=Console(file=io.StringIO()), max_iterations=5)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        assert w.run() == 0
    finally:
        timer.cancel()
    assert calls == [1]  # one round, then the hour-long wait was cut short
    assert signal.getsignal(signal.SIGTERM) is before


def test_cmd_watch_takes_what_the_cli_parses(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Target objects go to scan_fn untouched; intervals may be text; SMTP settings a mapping."""
    from leakwarden.targets import Target, parse_target

    target = parse_target("http://elastic:pw@10.0.0.5:9200/", use_env=False)
    seen: list[list[Any]] = []

    def scan_fn(targets: list[Any]) -> Report:
        seen.append(targets)
        store = S.es_store(str(targets[0]), anonymous_read=False, level="low", score=5)
        return S.report(store, at=datetime.now(timezone.utc))

    sink = SmtpSink()
    try:
        smtp = {"server": f"127.0.0.1:{sink.port}", "mail_from": "lw@example.org", "mail_to": ["dpo@example.org"]}
        out = io.StringIO()
        assert cmd_watch([target], "0.05", None, smtp, db_url, scan_fn, max_backoff="1m",
                         max_iterations=2, out=out) == 0
    finally:
        sink.close()
    assert len(seen) == 2 and all(isinstance(t[0], Target) for t in seen)
    assert "elastic:pw" not in out.getvalue()
    with History(db_url) as h:
        assert h.latest_scan(["http://10.0.0.5:9200"]).id == 2  # type: ignore[union-attr]


@pytest.mark.parametrize("kwargs", [
    {"every_seconds": "5x"},
    {"every_seconds": "1h", "max_backoff": "soon"},
    {"every_seconds": "1h", "smtp_settings": {"server": "mail:25", "mail_to": ["a@b"]}},
])
def test_cmd_watch_usage_errors(db_url: str, kwargs: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    args = {"targets": [A], "webhook_url": None, "smtp_settings": None, "db_url": db_url,
            "scan_fn": lambda t: closed(S.T0), "out": io.StringIO(), **kwargs}
    assert cmd_watch(**args) == 2
    assert capsys.readouterr().err.startswith("leakwarden: ")
