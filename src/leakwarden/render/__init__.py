"""Renderers: every output format renders from the report model (leakwarden.report) alone.

    from leakwarden.render import FORMATS, write_outputs
    write_outputs(report, {"json": Path("r.json"), "html": Path("r.html")})

``FORMATS`` maps a format name (the CLI flag without dashes) to a function
``Report -> bytes``; the terminal summary is :func:`render_terminal`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import orjson

from leakwarden.report import Report

from .csv import render_csv
from .html import render_html
from .json import render_json
from .markdown import render_markdown
from .sarif import render_sarif
from .terminal import render_terminal
from .verdict import Verdict, history_point, verdict


def _html_bytes(report: Report) -> bytes:
    return render_html(report).encode("utf-8")


def _markdown_bytes(report: Report) -> bytes:
    return render_markdown(report).encode("utf-8")


def _sarif_bytes(report: Report) -> bytes:
    return orjson.dumps(render_sarif(report), option=orjson.OPT_INDENT_2) + b"\n"


def _csv_bytes(report: Report) -> bytes:
    return render_csv(report).encode("utf-8")


#: Output formats by name, each a function of the report alone.
FORMATS: dict[str, Callable[[Report], bytes]] = {
    "json": render_json,
    "html": _html_bytes,
    "md": _markdown_bytes,
    "sarif": _sarif_bytes,
    "csv": _csv_bytes,
}


def write_outputs(report: Report, outputs: dict[str, Path]) -> None:
    """Render ``report`` once per requested format and write each file atomically.

    ``outputs`` maps a format name of :data:`FORMATS` to a path; ``-`` is not
    special here (the CLI handles stdout).  Every format is rendered before
    any file is written, so an error leaves no half-written set of reports.
    """
    unknown = sorted(set(outputs) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown report format(s): {', '.join(unknown)}; known: {', '.join(FORMATS)}")
    rendered = {fmt: FORMATS[fmt](report) for fmt in outputs}
    for fmt, path in outputs.items():
        _write_atomic(Path(path), rendered[fmt])


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


__all__ = [
    "FORMATS",
    "Verdict",
    "history_point",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "render_sarif",
    "render_terminal",
    "verdict",
    "write_outputs",
]
