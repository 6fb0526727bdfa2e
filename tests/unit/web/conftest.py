"""Fixtures of the dashboard tests: a history with a few scans and a TestClient on it."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from leakwarden.history import History
from leakwarden.history import _samples as S
from leakwarden.web import create_app

with warnings.catch_warnings():
    # Starlette 1.x suggests httpx2 for its TestClient; httpx is what this project pins.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

A = "http://10.0.0.5:9200"
B = "https://search.internal:9200"


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("LEAKWARDEN_DB", raising=False)


@pytest.fixture
def history(tmp_path: Path) -> Iterator[History]:
    with History(f"sqlite:///{tmp_path / 'history.sqlite'}") as h:
        yield h


@pytest.fixture
def scans(history: History) -> list[int]:
    """Three scans of A (closed, then open with a watch list), the last one also of B."""
    return [
        history.save(S.report(S.es_store(A, anonymous_read=False, level="medium", score=40,
                                         collections=[S.faces(trackable=None), S.logs()]))),
        history.save(S.report(S.es_store(A, collections=[S.faces(), S.watchlist(), S.logs()]),
                              at=S.T0 + timedelta(hours=1))),
        history.save(S.report(S.es_store(A, collections=[S.faces(persons=14000), S.watchlist(), S.logs()]),
                              S.es_store(B, anonymous_read=False, level="low", score=10, tls=True,
                                         collections=[S.logs()]),
                              at=S.T0 + timedelta(hours=2))),
    ]


@pytest.fixture
def client(history: History) -> Iterator[TestClient]:
    with TestClient(create_app(history), base_url="http://127.0.0.1") as c:
        yield c
