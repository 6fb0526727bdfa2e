from __future__ import annotations

import pytest

from leakwarden.report import Report

from .sample_report import sample_history, sample_report


@pytest.fixture
def report() -> Report:
    return sample_report()


@pytest.fixture
def history() -> list[dict]:
    return sample_history()
