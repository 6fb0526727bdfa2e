"""The terminal summary: verdict first, tables that fit, nothing a hostile name can inject."""

from __future__ import annotations

import io

from rich.console import Console

from leakwarden.render import render_terminal

from .sample_report import HOSTILE_INDEX, empty_report


def _render(report, width=120, verbose=False, **kw) -> str:
    console = Console(record=True, width=width, **kw)
    render_terminal(report, console, verbose=verbose)
    return console.export_text()


def test_verdict_line_comes_first(report):
    text = _render(report)
    first = " ".join(text.split("\n")[:3])
    assert first.startswith("CRITICAL: http://127.0.0.1:9200 (elasticsearch 7.17.25) is readable by anyone: 55,200")
    assert "movements of 12,050 can be reconstructed" in " ".join(first.split())
    assert "GDPR-9" in first and "PIPL-28" in first and "CCPA-SPI" in first


def test_tables_of_stores_collections_checks_and_steps(report):
    text = _render(report)
    for heading in ("Stores", "Anon. read", "TLS", "Top categories", "Failed checks", "What to do first"):
        assert heading in text
    for target in ("http://127.0.0.1:9200", "https://opensearch.corp.invalid:9200", "/srv/exports/crm_dump.ndjson"):
        assert target in text
    assert "face_capture_2019.06" in text and "1,843,221" in text and "yes (9,120)" in text
    assert "es-anonymous-read" in text and "Security features are disabled" in text
    assert "Require authentication: turn on Elasticsearch security" in text
    assert "unreachable" in text
    # Field details and masked examples only with --verbose.
    assert "1101**********4513" not in text


def test_verbose_adds_fields_with_masked_examples(report):
    text = _render(report, verbose=True)
    assert "Examples (masked)" in text
    assert "sfzh" in text and "1101**********4513" in text
    assert "1,985/2,000 (99.2%)" in text
    assert "re-identification: 62% of 2,000 records" in text
    assert "xpack.security.enabled: true" in text  # snippets of the top steps


def test_narrow_terminal_degrades(report):
    for width in (60, 80, 100):
        text = _render(report, width=width, verbose=True)
        assert max(len(line.rstrip()) for line in text.splitlines()) <= width
        assert "CRITICAL" in text and "watchlist_alert" in text
    assert "Top categories" not in _render(report, width=80)


def test_not_a_tty_has_no_escape_sequences(report):
    buf = io.StringIO()
    console = Console(file=buf, width=120, force_terminal=False)
    render_terminal(report, console)
    out = buf.getvalue()
    assert "\x1b" not in out
    assert out.startswith("CRITICAL: http://127.0.0.1:9200")


def test_colour_terminal_styles_the_verdict(report):
    buf = io.StringIO()
    console = Console(file=buf, width=120, force_terminal=True, color_system="truecolor")
    render_terminal(report, console)
    assert buf.getvalue().startswith("\x1b[")


def test_hostile_names_are_text_not_markup_or_escapes(report):
    report.stores[0].collections[0].name = "[bold red]fake[/] \x1b[2J\u202eevil"
    report.stores[0].collections[0].fields[0].path = "[link=file:///etc/passwd]x[/link]"
    buf = io.StringIO()
    console = Console(file=buf, width=200, force_terminal=True, color_system="truecolor")
    render_terminal(report, console, verbose=True)
    out = buf.getvalue()
    assert "[bold red]fake[/]" in out
    assert "[link=file:///etc/passwd]x[/link]" in out
    assert "\x1b[2J" not in out and "\u202e" not in out
    assert "\\x1b[2J" in out and "\\u202e" in out
    assert HOSTILE_INDEX in out


def test_empty_report():
    text = _render(empty_report())
    assert text.startswith("NONE: no store was scanned")
