"""Every format at once: write_outputs, credentials never rendered, junk names never break a format."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from leakwarden.render import (
    FORMATS,
    render_csv,
    render_html,
    render_markdown,
    render_sarif,
    render_terminal,
    write_outputs,
)
from leakwarden.report import load_packaged_schema

from .sample_report import sample_report

SARIF_VALIDATOR = jsonschema.Draft4Validator(
    json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text("utf-8"))
)
REPORT_VALIDATOR = jsonschema.Draft202012Validator(load_packaged_schema())


def _all_outputs(report) -> dict[str, str]:
    out = {name: fn(report).decode("utf-8") for name, fn in FORMATS.items()}
    for verbose in (False, True):
        console = Console(record=True, width=120)
        render_terminal(report, console, verbose=verbose)
        out[f"terminal{'-verbose' if verbose else ''}"] = console.export_text()
    return out


def test_formats():
    assert set(FORMATS) == {"json", "html", "md", "sarif", "csv"}


def test_write_outputs_writes_several_formats(report, tmp_path):
    paths = {fmt: tmp_path / "out" / f"report.{fmt}" for fmt in FORMATS}
    write_outputs(report, paths)
    for fmt, path in paths.items():
        assert path.read_bytes() == FORMATS[fmt](report), fmt
    json.loads(paths["json"].read_text())
    json.loads(paths["sarif"].read_text())
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths.values())


def test_write_outputs_rejects_unknown_formats_before_writing(report, tmp_path):
    with pytest.raises(ValueError, match="unknown report format.*pdf"):
        write_outputs(report, {"json": tmp_path / "r.json", "pdf": tmp_path / "r.pdf"})
    assert list(tmp_path.iterdir()) == []


def test_write_outputs_replaces_existing_files(report, tmp_path):
    path = tmp_path / "r.md"
    path.write_text("old")
    write_outputs(report, {"md": path})
    assert path.read_text().startswith("# CRITICAL")
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_credentials_in_urls_are_never_rendered(report):
    # The scan redacts credentials; renderers redact again wherever a URL can appear.
    secret = "s3cr3t-Pa55"
    store = report.stores[0]
    store.target = f"http://elastic:{secret}@127.0.0.1:9200"
    store.error = f"retry of http://elastic:{secret}@127.0.0.1:9200 failed"
    store.checks[0].evidence = f"GET http://elastic:{secret}@127.0.0.1:9200/_cat/indices -> 200"
    store.notes = [f"proxied via https://u:{secret}@proxy.invalid"]
    store.collections[0].notes = [f"see http://x:{secret}@127.0.0.1/"]
    for name, text in _all_outputs(report).items():
        assert secret not in text, name
        assert "***@127.0.0.1:9200" in text, name


def test_masked_examples_are_rendered_as_given(report):
    # Renderers never unmask or re-derive values: what the report holds is what is shown.
    outputs = _all_outputs(report)
    for name in ("json", "html", "md", "sarif", "csv", "terminal-verbose"):
        assert "1101**********4513" in outputs[name], name


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = 0
        self.handlers = []

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        self.handlers += [k for k, _ in attrs if k.startswith("on")]


_names = st.text(min_size=0, max_size=40) | st.sampled_from(
    ["<script>x</script>", "=1+1", "a|b", "```", "\x1b[31m", "\u202e", "[b]x[/b]", "{{x}}", "</details>", "\ud800"]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(collection=_names, path=_names, example=_names, version=_names)
def test_junk_names_never_break_a_format(collection, path, example, version):
    report = sample_report()
    store = report.stores[0]
    store.version = version or None
    store.collections[0].name = collection
    store.collections[0].fields[0].path = path
    store.collections[0].fields[0].examples = [example]

    for fn in FORMATS.values():
        fn(report)  # every format encodes as UTF-8
    html = render_html(report)
    tags = _Tags()
    tags.feed(html)
    assert tags.scripts == 1 and tags.handlers == []

    md = render_markdown(report)
    for line in md.splitlines():
        assert "\x1b" not in line

    rows = list(csv.reader(io.StringIO(render_csv(report))))
    assert len(rows) == 1 + sum(len(c.fields) for s in report.stores for c in s.collections)

    SARIF_VALIDATOR.validate(json.loads(json.dumps(render_sarif(report))))
    REPORT_VALIDATOR.validate(json.loads(FORMATS["json"](report)))

    console = Console(file=io.StringIO(), width=100, force_terminal=True)
    render_terminal(report, console, verbose=True)
