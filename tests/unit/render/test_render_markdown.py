"""The Markdown report: tickets that render as intended whatever the store names."""

from __future__ import annotations

import re

import pytest

from leakwarden.render import render_markdown
from leakwarden.render.markdown import md_code, md_escape

from .sample_report import HOSTILE_INDEX, PIPE_FIELD, empty_report


def _tables(md: str) -> list[list[str]]:
    tables, current = [], []
    for line in md.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _cells(row: str) -> int:
    # Pipes that separate cells: not escaped with a backslash.
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def test_verdict_and_sections(report):
    md = render_markdown(report)
    assert md.startswith("# CRITICAL: data exposure report\n\n**CRITICAL** (97/100): http://127.0.0.1:9200")
    assert "55,200 people exposed, movements of 12,050 can be reconstructed." in md
    for heading in ("## What to do first", "## Stores", "### Collections", "## Failed checks", "## Remediation plan"):
        assert f"\n{heading}\n" in md
    assert "- Laws touched: GDPR Art. 4(1): personal data; GDPR Art. 9: special categories" in md


def test_tables_are_well_formed(report):
    md = render_markdown(report)
    tables = _tables(md)
    assert len(tables) >= 1 + 3 + 7 + 1  # stores, collections per store, fields per collection, failed checks
    for table in tables:
        width = _cells(table[0])
        assert re.fullmatch(r"\|( (---|---:) \|)+", table[1])
        assert all(_cells(row) == width for row in table), table
    stores = tables[0]
    assert stores[0] == "| # | Target | Kind | Risk | Anonymous read | TLS | People | Movements |"
    assert stores[2].startswith("| 1 | `http://127.0.0.1:9200` | elasticsearch 7.17.25 | **CRITICAL** 97 | yes | no |")


def test_pipes_and_html_in_names_are_escaped(report):
    report.stores[0].collections[1].name = PIPE_FIELD
    md = render_markdown(report)
    assert "`notes\\|remark`" in md
    # Raw HTML of a name appears only inside code spans, where Markdown shows it as text.
    assert md.count(HOSTILE_INDEX) == md.count(f"`{HOSTILE_INDEX}`") >= 1
    assert "<summary>&lt;script&gt;alert(&quot;index&quot;)&lt;/script&gt;: 2 sensitive fields</summary>" in md
    assert "<img src" not in md.replace("`<img src=x onerror=alert(1)>`", "")


def test_snippets_are_fenced(report):
    md = render_markdown(report)
    assert (
        "   ```yaml\n   # elasticsearch.yml, on every node, then restart the node\n   xpack.security.enabled: true\n"
        in md
    )
    assert "   ```shell\n   shred -u /srv/exports/crm_dump.ndjson\n   ```" in md


def test_fence_outlasts_backticks_in_a_snippet(report):
    report.stores[0].remediation[0].snippet = "echo ```\n````\ndone"
    report.stores[0].remediation[0].snippet_language = "sh`evil"
    md = render_markdown(report)
    assert "   `````shevil\n   echo ```\n   ````\n   done\n   `````" in md


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("*bold* _it_", "\\*bold\\* \\_it\\_"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("<b>&", "&lt;b&gt;&amp;"),
        ("line\nbreak", "line break"),
        ("~~strike~~ `code`", "\\~\\~strike\\~\\~ \\`code\\`"),
    ],
)
def test_md_escape(raw, escaped):
    assert md_escape(raw) == escaped


def test_md_code():
    assert md_code("a`b") == "``a`b``"
    assert md_code("`x`") == "`` `x` ``"
    assert md_code("a|b") == "`a\\|b`"


def test_empty_report():
    md = render_markdown(empty_report())
    assert md.startswith("# NONE: data exposure report")
    assert "## Stores" not in md
