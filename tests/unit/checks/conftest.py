"""Replay recorded (and reconstructed) HTTP exchanges to the checks through httpx.MockTransport.

Scenario files live in tests/fixtures/recorded/<product-version>/<setup>.json;
tests/fixtures/recorded/README.md says where each came from.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from leakwarden.checks import context_for, run_checks
from leakwarden.connectors.http import ReadOnlyHTTP
from leakwarden.report import Check
from leakwarden.targets import Credentials

RECORDED = Path(__file__).resolve().parents[2] / "fixtures" / "recorded"
#: the day version tables are evaluated against (the nginx recordings' certificate is valid on it)
TODAY = date(2026, 11, 28)
PUBLIC_DEFAULTS = {("elastic", "changeme"), ("admin", "admin")}


def scenario_names() -> list[str]:
    return sorted(str(p.relative_to(RECORDED).with_suffix("")) for p in RECORDED.glob("*/*.json"))


def load_scenario(name: str) -> dict:
    return json.loads((RECORDED / f"{name}.json").read_text("utf-8"))


def _identity(request: httpx.Request) -> str:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("basic "):
        user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
        return f"{user}:{password}" if (user, password) in PUBLIC_DEFAULTS else user
    return "anonymous" if not auth else auth.split()[0].lower()


def _response(entry: dict) -> httpx.Response:
    body = json.dumps(entry["json"]).encode() if "json" in entry else entry.get("body", "").encode()
    return httpx.Response(entry["status"], headers=entry.get("headers") or {}, content=body)


class Replay:
    """A MockTransport handler answering from a scenario; remembers what it could not answer."""

    def __init__(self, data: dict):
        self.data = data
        self.sent: list[tuple[str, str, str]] = []
        self.unmatched: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        split = urlsplit(str(request.url))
        who = _identity(request)
        query = sorted(parse_qsl(split.query, keep_blank_values=True))
        self.sent.append((request.method, split.path, who))
        best = None
        for e in self.data["exchanges"]:
            if (e["method"], e["path"], e.get("auth", "anonymous")) != (request.method, split.path, who):
                continue
            if sorted(parse_qsl(e.get("query", ""), keep_blank_values=True)) != query:
                continue
            wanted = e.get("request_headers") or {}
            if any(request.headers.get(k) != v for k, v in wanted.items()):
                continue
            if best is None or len(wanted) > len(best.get("request_headers") or {}):
                best = e
        if best is not None:
            return _response(best)
        defaults = self.data.get("defaults") or {}
        if who in defaults or "*" in defaults:
            return _response(defaults.get(who) or defaults["*"])
        self.unmatched.append(f"{request.method} {split.path}?{split.query} as {who}")
        return httpx.Response(599, json={"error": "leakwarden replay: no recorded answer"})


def build_context(name: str, *, personal: set[str] | None = None, today: date = TODAY, collections=None):
    data = load_scenario(name)
    replay = Replay(data)
    creds = None
    if data.get("credentials"):
        user = data["credentials"]["username"]
        password = (
            data["credentials"]["password"]
            if (user, data["credentials"]["password"]) in PUBLIC_DEFAULTS
            else "not-a-default"
        )
        creds = Credentials(username=user, password=password)
    http = ReadOnlyHTTP(data["target"], creds, transport=httpx.MockTransport(replay), retries=0)
    ctx = context_for(
        http,
        certificate_fetcher=lambda *_: data.get("certificate"),
        today=today,
        personal_collections=personal or set(),
        collections=collections,
    )
    return ctx, replay


def run_scenario(name: str, **kw) -> tuple[dict[str, Check], Replay]:
    ctx, replay = build_context(name, **kw)
    return {c.id: c for c in run_checks(ctx)}, replay


@pytest.fixture
def scenario():
    return run_scenario
